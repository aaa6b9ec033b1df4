package org.relman.testing;

import java.io.IOException;
import java.util.List;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.operaton.bpm.engine.ManagementService;
import org.operaton.bpm.engine.impl.persistence.entity.JobEntity;
import org.operaton.bpm.engine.runtime.Job;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

/**
 * The job executor's part for the tests, which run without it (timers are fired by the tests themselves): after each
 * HTTP request has committed its own fact, runs the asynchronous continuations it left (never timers), the way the
 * executor would run them a moment later, and only then lets the answer go to the client. So a test that completes a
 * task or reports a gate sees the steps after it done, and a failing step is retried until it becomes an incident,
 * while the request's own answer stays what it was. The answer is held back (buffered) until then, so the client
 * never sees it before the continuations ran.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
@ConditionalOnProperty(name = "operaton.bpm.job-execution.enabled", havingValue = "false")
public class AsyncContinuations extends OncePerRequestFilter {

  private static final String ASYNC_CONTINUATION = "async-continuation";
  /** More than any chain of continuations a request can start, fewer than an endless loop would make. */
  private static final int MAX_ROUNDS = 200;

  private final ManagementService management;

  AsyncContinuations(ManagementService management) {
    this.management = management;
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    if ("GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod())) {
      chain.doFilter(request, response);
      return;
    }
    ContentCachingResponseWrapper held = new ContentCachingResponseWrapper(response);
    try {
      chain.doFilter(request, held);
    } finally {
      runAll(management);
      held.copyBodyToResponse();
    }
  }

  /** Runs every due asynchronous continuation until none is left; a failing one is retried as the executor would. */
  public static int runAll(ManagementService management) {
    int ran = 0;
    for (int round = 0; round < MAX_ROUNDS; round++) {
      List<Job> due = management.createJobQuery().messages().executable().list().stream()
          .filter(job -> job instanceof JobEntity entity && ASYNC_CONTINUATION.equals(entity.getJobHandlerType()))
          .toList();
      if (due.isEmpty()) {
        return ran;
      }
      for (Job job : due) {
        ran++;
        try {
          management.executeJob(job.getId());
        } catch (RuntimeException failed) {
          // the engine has counted the attempt (retries - 1, an incident at 0), as for the executor's own attempts
        }
      }
    }
    return ran;
  }
}
