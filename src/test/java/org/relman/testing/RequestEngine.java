package org.relman.testing;

import java.io.IOException;
import java.util.Set;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import org.operaton.bpm.engine.ProcessEngine;
import org.operaton.bpm.engine.ProcessEngines;
import org.operaton.bpm.engine.rest.spi.ProcessEngineProvider;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;

/**
 * {@code /engine-rest} and the Operaton webapps find their engine through a {@link ProcessEngineProvider} that the
 * Spring Boot starter answers from the engine's static registry: in production one engine per JVM, named "default".
 * The tests keep several applications in one JVM (the lanes of {@link Lanes}, the LDAP, OIDC and promotion contexts),
 * each with an engine of its own, and their requests are served at the same time. This provider, found before the
 * starter's on the test class path, answers the engine of the application that took the request (a filter ahead of
 * every other binds it to the request's thread); outside a request, or for an engine asked for by another name, it
 * answers as the starter's does.
 */
public class RequestEngine implements ProcessEngineProvider {

  private static final ThreadLocal<ProcessEngine> SERVING = new ThreadLocal<>();

  @Override
  public ProcessEngine getDefaultProcessEngine() {
    ProcessEngine serving = SERVING.get();
    return serving != null ? serving : ProcessEngines.getDefaultProcessEngine();
  }

  @Override
  public ProcessEngine getProcessEngine(String name) {
    ProcessEngine serving = SERVING.get();
    if (serving != null && (ProcessEngines.NAME_DEFAULT.equals(name) || serving.getName().equals(name))) {
      return serving;
    }
    return ProcessEngines.getProcessEngine(name);
  }

  @Override
  public Set<String> getProcessEngineNames() {
    return ProcessEngines.getProcessEngines().keySet();
  }

  /** Binds the application's engine to the thread of each request it serves. */
  @AutoConfiguration
  public static class Binding {
    @Bean
    FilterRegistrationBean<Filter> requestEngine(ObjectProvider<ProcessEngine> engines) {
      FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>(new Filter() {
        @Override
        public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
          ProcessEngine outer = SERVING.get();
          SERVING.set(engines.getObject());
          try {
            chain.doFilter(request, response);
          } finally {
            if (outer == null) {
              SERVING.remove();
            } else {
              SERVING.set(outer);
            }
          }
        }
      });
      registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
      registration.addUrlPatterns("/*");
      return registration;
    }
  }
}
