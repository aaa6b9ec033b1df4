package org.relman.security;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Signs in {@code Authorization: Bearer relman_...} on {@code /api} with an {@link ApiTokens API token}, and records each
 * use after the answer. Other bearer tokens (an OIDC access token) pass on untouched; a relman token that is unknown,
 * revoked or expired is answered 401 at once, saying which. {@code GET /api/calendar.ics?token=} signs in with a
 * calendar feed token, on that path alone. Not a bean: Spring Boot would register it for every path.
 */
final class ApiTokenFilter extends OncePerRequestFilter {

  private static final String BEARER = "Bearer ";
  private static final String FEED = "/api/calendar.ics";

  private final ApiTokens tokens;
  private final AuthenticationEntryPoint entryPoint;

  ApiTokenFilter(ApiTokens tokens, AuthenticationEntryPoint entryPoint) {
    this.tokens = tokens;
    this.entryPoint = entryPoint;
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String path = request.getRequestURI().substring(request.getContextPath().length());
    // only here: reading parameters of a form-encoded POST would consume the body a webhook's signature is over
    String feedToken = "GET".equals(request.getMethod()) && FEED.equals(path) ? request.getParameter("token") : null;
    if (feedToken != null) {
      // a calendar app cannot send credentials: the feed URL carries a calendar feed token, which opens it alone
      try {
        var context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(tokens.authenticateFeed(feedToken));
        SecurityContextHolder.setContext(context);
      } catch (AuthenticationException e) {
        SecurityContextHolder.clearContext();
        entryPoint.commence(request, response, e);
        return;
      }
      chain.doFilter(request, response);
      return;
    }
    String header = request.getHeader("Authorization");
    if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())
        || !header.substring(BEARER.length()).strip().startsWith(ApiTokens.API_PREFIX)) {
      chain.doFilter(request, response);
      return;
    }
    TokenAuthentication token;
    try {
      token = tokens.authenticate(header.substring(BEARER.length()).strip());
    } catch (AuthenticationException e) {
      SecurityContextHolder.clearContext();
      entryPoint.commence(request, response, e);
      return;
    }
    var context = SecurityContextHolder.createEmptyContext();
    context.setAuthentication(token);
    SecurityContextHolder.setContext(context);
    try {
      chain.doFilter(request, response);
    } finally {
      tokens.used(token, request.getMethod(), path.length() > 500 ? path.substring(0, 500) : path, response.getStatus());
    }
  }
}
