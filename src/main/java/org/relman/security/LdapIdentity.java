package org.relman.security;

import org.operaton.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.operaton.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.operaton.bpm.engine.impl.interceptor.Session;
import org.operaton.bpm.engine.impl.interceptor.SessionFactory;
import org.relman.RelmanProperties;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * Makes the LDAP directory the engine's identity ({@code relman.security.ldap.enabled}), through the engine's identity
 * SPI: every door that checks a password or reads groups (relman's API and pages, {@code /engine-rest}, Tasklist,
 * Cockpit, Admin) asks the engine, so all of them see the directory. Picked up by the Operaton starter as a plugin bean.
 */
@Component
@ConditionalOnProperty(name = "relman.security.ldap.enabled", havingValue = "true")
class LdapIdentity extends AbstractProcessEnginePlugin {

  private final LdapDirectory directory;

  LdapIdentity(RelmanProperties properties) {
    this.directory = new LdapDirectory(properties.security().ldap());
  }

  @Override
  public void preInit(ProcessEngineConfigurationImpl configuration) {
    configuration.setIdentityProviderSessionFactory(new SessionFactory() {
      @Override
      public Class<?> getSessionType() {
        // a writable provider: the engine keeps its own tables writable for what relman creates itself
        return LdapIdentityProvider.class;
      }

      @Override
      public Session openSession() {
        return new LdapIdentityProvider(directory);
      }
    });
  }
}
