package org.relman.security;

import java.io.IOException;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletResponse;
import org.relman.http.ProblemDetailsAdvice;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.stereotype.Component;

/** 401 and 403 from Spring Security as problem details, like every other refusal of the API. */
@Component
class ProblemResponses {

  private final ObjectMapper json;

  ProblemResponses(ObjectMapper json) {
    this.json = json;
  }

  AuthenticationEntryPoint entryPoint() {
    return (request, response, e) -> {
      response.setHeader("WWW-Authenticate", "Basic realm=\"relman\"");
      write(response, HttpStatus.UNAUTHORIZED, "Unauthorized", describe(e));
    };
  }

  AccessDeniedHandler accessDenied() {
    return (request, response, e) -> write(response, HttpStatus.FORBIDDEN, "Forbidden", describe(request.getUserPrincipal(), e));
  }

  private static String describe(AuthenticationException e) {
    return e.getMessage() == null || e.getMessage().startsWith("Full authentication")
        ? "Sign in with HTTP Basic (user name and password of the engine's identity service)"
        : e.getMessage();
  }

  private static String describe(java.security.Principal principal, AccessDeniedException e) {
    String who = principal == null ? "You" : principal.getName();
    return who + " may not do this: the role it needs is missing";
  }

  private void write(HttpServletResponse response, HttpStatus status, String title, String detail) throws IOException {
    response.setStatus(status.value());
    response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
    json.writeValue(response.getOutputStream(), ProblemDetailsAdvice.problem(status, title, detail, List.of()));
  }
}
