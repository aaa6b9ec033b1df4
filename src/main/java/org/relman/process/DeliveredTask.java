package org.relman.process;

import java.util.Map;

/**
 * The engine's side of one external-task delivery: how it is answered. One implementation per way of talking to the
 * engine: the REST client ({@link ExternalTaskWorkers}) and the Java API ({@link EngineDeliveredTask}).
 */
public interface DeliveredTask {

  /** Retries left, or null before the first failure. */
  Integer retries();

  void complete(Map<String, Object> variables);

  void bpmnError(String code, String message);

  void extendLock(long millis);

  void failure(String message, String details, int retriesLeft, long retryTimeoutMillis);
}
