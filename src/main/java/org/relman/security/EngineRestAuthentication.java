package org.relman.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;

import jakarta.servlet.FilterConfig;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.operaton.bpm.engine.ProcessEngine;
import org.operaton.bpm.engine.rest.security.auth.AuthenticationProvider;
import org.operaton.bpm.engine.rest.security.auth.AuthenticationResult;
import org.operaton.bpm.engine.rest.security.auth.ProcessEngineAuthenticationFilter;
import org.relman.process.WorkerCredentials;

/**
 * Who calls {@code /engine-rest}: the workers present their token ({@code Authorization: Bearer}, compared in constant
 * time; they never send a password), people sign in with HTTP Basic against the identity service (through the
 * {@link LoginThrottle}). A password sign-in as the workers' user is refused. Operaton's own filter does the rest: the
 * anonymous {@code GET /engine-rest/engine}, the caller's groups, clearing the authentication after the request.
 */
final class EngineRestAuthentication extends ProcessEngineAuthenticationFilter {

  private final Provider provider;

  EngineRestAuthentication(WorkerCredentials worker) {
    this.provider = new Provider(worker);
  }

  @Override
  public void init(FilterConfig filterConfig) {
    this.authenticationProvider = provider;
    this.servletPathPrefix = filterConfig.getInitParameter(SERVLET_PATH_PREFIX);
  }

  static final class Provider implements AuthenticationProvider {

    private static final String BASIC = "Basic ";
    private static final String BEARER = "Bearer ";

    private final WorkerCredentials worker;

    Provider(WorkerCredentials worker) {
      this.worker = worker;
    }

    @Override
    public AuthenticationResult extractAuthenticatedUser(HttpServletRequest request, ProcessEngine engine) {
      String header = request.getHeader("Authorization");
      if (header == null) {
        return AuthenticationResult.unsuccessful();
      }
      if (header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
        byte[] presented = header.substring(BEARER.length()).strip().getBytes(StandardCharsets.UTF_8);
        if (MessageDigest.isEqual(presented, worker.password().getBytes(StandardCharsets.UTF_8))) {
          AuthenticationResult result = AuthenticationResult.successful(worker.user());
          result.setGroups(List.of(Roles.WORKERS));
          // relman has no tenants: named here, the filter does not look them up on every fetch and report
          result.setTenants(List.of());
          return result;
        }
        return AuthenticationResult.unsuccessful();
      }
      if (header.regionMatches(true, 0, BASIC, 0, BASIC.length())) {
        String decoded;
        try {
          decoded = new String(Base64.getDecoder().decode(header.substring(BASIC.length()).strip()),
              StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
          return AuthenticationResult.unsuccessful();
        }
        int colon = decoded.indexOf(':');
        if (colon <= 0) {
          return AuthenticationResult.unsuccessful();
        }
        String user = decoded.substring(0, colon);
        String password = decoded.substring(colon + 1);
        if (!worker.user().equals(user) && engine.getIdentityService().checkPassword(user, password)) {
          return AuthenticationResult.successful(user);
        }
      }
      return AuthenticationResult.unsuccessful();
    }

    @Override
    public void augmentResponseByAuthenticationChallenge(HttpServletResponse response, ProcessEngine engine) {
      response.setHeader("WWW-Authenticate", "Basic realm=\"relman engine\"");
    }
  }
}
