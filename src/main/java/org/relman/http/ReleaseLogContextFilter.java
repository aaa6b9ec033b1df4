package org.relman.http;

import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.relman.shared.LogContext;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Puts the release of a request under {@code /api/releases/{id}} into the log context ({@link LogContext}), before
 * security and the controllers log anything about it, and takes it out again when the request is done.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 5)
class ReleaseLogContextFilter extends OncePerRequestFilter {

  private static final Pattern RELEASE = Pattern.compile("^/api/releases/(\\d{1,18})(?:/.*)?$");

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    Matcher matcher = RELEASE.matcher(request.getRequestURI().substring(request.getContextPath().length()));
    try (LogContext.Scope scope = LogContext.release(matcher.matches() ? Long.parseLong(matcher.group(1)) : null)) {
      chain.doFilter(request, response);
    }
  }
}
