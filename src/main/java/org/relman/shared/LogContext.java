package org.relman.shared;

import org.slf4j.MDC;

/**
 * The release a log line is about, as the MDC entry {@value #RELEASE_ID}: set wherever work on one release happens (an
 * API request under {@code /api/releases/{id}}, a worker's step, an engine listener), so every line logged meanwhile
 * carries it. JSON logs ({@code logging.structured.format.console=ecs} or {@code logstash}) show it as a field.
 */
public final class LogContext {

  public static final String RELEASE_ID = "releaseId";

  private LogContext() {}

  /** A scope in which log lines carry {@code releaseId}; closing it restores what was there before. */
  public static Scope release(Object releaseId) {
    String previous = MDC.get(RELEASE_ID);
    if (releaseId == null) {
      return () -> { };
    }
    MDC.put(RELEASE_ID, String.valueOf(releaseId));
    return () -> {
      if (previous == null) {
        MDC.remove(RELEASE_ID);
      } else {
        MDC.put(RELEASE_ID, previous);
      }
    };
  }

  /** An MDC scope; {@link #close()} throws nothing. */
  @FunctionalInterface
  public interface Scope extends AutoCloseable {
    @Override
    void close();
  }
}
