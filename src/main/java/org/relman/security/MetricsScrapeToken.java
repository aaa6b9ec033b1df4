package org.relman.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

import jakarta.servlet.http.HttpServletRequest;
import org.relman.RelmanProperties;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationManagers;
import org.springframework.security.authorization.AuthorityAuthorizationManager;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.stereotype.Component;

/**
 * Lets Prometheus scrape {@code /actuator/prometheus} with {@code relman.metrics.scrape-token}
 * ({@code Authorization: Bearer <token>}) rather than a person's password. The token is compared in constant time
 * (as SHA-256 digests, so not even its length shows); unset, only the people's logins open the endpoint.
 */
@Component
class MetricsScrapeToken {

  private static final String KEY = "relman.metrics.scrape-token";
  private static final int MIN_LENGTH = 16;

  private final byte[] digest;

  MetricsScrapeToken(RelmanProperties properties) {
    String token = properties.metrics().scrapeToken();
    if (token == null || token.isBlank()) {
      digest = null;
    } else if (token.strip().length() < MIN_LENGTH) {
      throw new IllegalStateException(KEY + " must be at least " + MIN_LENGTH + " characters (openssl rand -hex 32)");
    } else {
      digest = sha256(token.strip());
    }
  }

  /** The scrape token, or else a login with one of {@code authorities}. */
  AuthorizationManager<RequestAuthorizationContext> orAnyAuthority(String... authorities) {
    AuthorizationManager<RequestAuthorizationContext> token =
        (authentication, context) -> new AuthorizationDecision(presented(context.getRequest()));
    return AuthorizationManagers.anyOf(token, AuthorityAuthorizationManager.hasAnyAuthority(authorities));
  }

  private boolean presented(HttpServletRequest request) {
    String header = request.getHeader("Authorization");
    if (digest == null || header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return false;
    }
    return MessageDigest.isEqual(digest, sha256(header.substring(7).strip()));
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
