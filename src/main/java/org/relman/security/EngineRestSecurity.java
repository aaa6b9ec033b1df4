package org.relman.security;

import java.io.IOException;
import java.util.regex.Pattern;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.operaton.bpm.engine.IdentityService;
import org.operaton.bpm.engine.impl.identity.Authentication;
import org.operaton.bpm.engine.rest.security.auth.ProcessEngineAuthenticationFilter;
import org.relman.process.WorkerCredentials;
import org.relman.RelmanProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * {@code /engine-rest} is never open: people sign in with HTTP Basic, the workers with their token
 * ({@link EngineRestAuthentication}; only {@code GET /engine-rest/engine} stays anonymous, by Operaton's design), the
 * engine's authorizations and relman's command guards decide the rest, and the workers' technical user is also
 * confined to the external-task endpoints it needs by URL.
 */
@Configuration
class EngineRestSecurity {

  @Bean
  FilterRegistrationBean<ProcessEngineAuthenticationFilter> engineRestAuthentication(WorkerCredentials worker) {
    var registration = new FilterRegistrationBean<ProcessEngineAuthenticationFilter>(new EngineRestAuthentication(worker));
    registration.setName("engine-rest-authentication");
    registration.addUrlPatterns("/engine-rest/*");
    registration.setOrder(10);
    return registration;
  }

  @Bean
  FilterRegistrationBean<WorkerScopeFilter> workerScope(IdentityService identity, RelmanProperties properties) {
    var registration = new FilterRegistrationBean<>(new WorkerScopeFilter(identity, properties.workers().user()));
    registration.setName("engine-rest-worker-scope");
    registration.addUrlPatterns("/engine-rest/*");
    registration.setOrder(11);
    return registration;
  }

  /** The workers' user may fetch, lock, extend, complete and fail external tasks, and nothing else. */
  static final class WorkerScopeFilter implements Filter {

    private static final Pattern WORKER_CALLS = Pattern.compile(
        "/external-task/(fetchAndLock|[^/]+/(complete|failure|bpmnError|extendLock|unlock))");

    private final IdentityService identity;
    private final String workerUser;

    WorkerScopeFilter(IdentityService identity, String workerUser) {
      this.identity = identity;
      this.workerUser = workerUser;
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
      HttpServletRequest request = (HttpServletRequest) req;
      Authentication current = identity.getCurrentAuthentication();
      if (current != null && workerUser.equals(current.getUserId())) {
        String path = request.getRequestURI().substring(request.getContextPath().length() + "/engine-rest".length());
        if (!"POST".equals(request.getMethod()) || !WORKER_CALLS.matcher(path).matches()) {
          HttpServletResponse response = (HttpServletResponse) res;
          response.setStatus(HttpServletResponse.SC_FORBIDDEN);
          response.setContentType("application/json");
          response.getWriter().write("{\"type\":\"Forbidden\",\"message\":\"the workers' user may only fetch and"
              + " report external tasks\"}");
          return;
        }
      }
      chain.doFilter(req, res);
    }
  }
}
