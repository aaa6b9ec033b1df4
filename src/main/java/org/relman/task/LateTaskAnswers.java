package org.relman.task;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

/**
 * The engine's own doors, {@code /engine-rest} and Tasklist's engine API ({@code /operaton/api/engine/engine/...}),
 * answer a person who acted on a task someone finished a moment earlier (two people completing it at once) the way
 * relman's API does: 409, "Task ... is already done (completed at ... by ...)". The engine's answer there is whatever
 * the race hit: a concurrent change or an exception from inside the engine (500), no such task (404, or 500 from
 * Tasklist), no grant left (403). Only failed answers to a POST on a task's resource ({@code .../task/{id}/complete},
 * {@code submit-form}, {@code claim}, ...) that the engine gave, after the door signed the person in; the task itself
 * decides, so a spelling of the path this does not recognise keeps the engine's answer and changes nothing else.
 */
@Component
class LateTaskAnswers extends OncePerRequestFilter {

  private static final Pattern TASK_ACTION =
      Pattern.compile(".*/(?:engine-rest|api/engine/engine/[^/]+)/+task/+([^/;]+)/+[a-z-]+/*");

  private final FinishedTasks finished;
  private final ObjectMapper json;

  LateTaskAnswers(FinishedTasks finished, ObjectMapper json) {
    this.finished = finished;
    this.json = json;
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    return !"POST".equals(request.getMethod()) || !TASK_ACTION.matcher(request.getRequestURI()).matches();
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    ContentCachingResponseWrapper held = new ContentCachingResponseWrapper(response);
    try {
      chain.doFilter(request, held);
      if (theEngineRefused(held)) {
        Matcher task = TASK_ACTION.matcher(request.getRequestURI());
        Optional<String> done = task.matches() ? finished.alreadyDone(task.group(1)) : Optional.empty();
        if (done.isPresent()) {
          Map<String, Object> body = new LinkedHashMap<>();
          body.put("type", "TaskAlreadyDone");
          body.put("message", done.get());
          held.resetBuffer();
          held.setStatus(HttpStatus.CONFLICT.value());
          held.setContentType(MediaType.APPLICATION_JSON_VALUE);
          held.getOutputStream().write(json.writeValueAsBytes(body));
        }
      }
    } finally {
      held.copyBodyToResponse();
    }
  }

  /**
   * The engine's error answer (its JSON with a {@code type}), not a door's refusal before the engine: a sign-in that
   * failed (401) or a missing XSRF token (403 without a body) stays what it is, whatever the task.
   */
  private boolean theEngineRefused(ContentCachingResponseWrapper held) {
    int status = held.getStatus();
    if (status < 400 || status == HttpStatus.UNAUTHORIZED.value()) {
      return false;
    }
    try {
      return json.readTree(held.getContentAsByteArray()).hasNonNull("type");
    } catch (IOException notJson) {
      return false;
    }
  }
}
