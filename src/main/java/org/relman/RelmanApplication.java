package org.relman;

import java.time.Clock;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.ldap.LdapAutoConfiguration;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * relman: a release manager in a box. The lifecycle lives in {@code bpmn/}, the forms in {@code forms/}; both are
 * deployed at start-up by {@code org.relman.process.ModelDeployment}.
 */
// relman's LDAP connection is its own (relman.security.ldap, security.LdapIdentity): Boot's would connect to
// ldap://localhost:389 and report relman unhealthy where there is no directory
@SpringBootApplication(exclude = LdapAutoConfiguration.class)
@ConfigurationPropertiesScan
@EnableScheduling
public class RelmanApplication {

  public static void main(String[] args) {
    SpringApplication.run(RelmanApplication.class, args);
  }

  @Bean
  Clock clock() {
    return Clock.systemUTC();
  }
}
