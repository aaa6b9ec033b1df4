package org.relman.process;

import org.operaton.bpm.engine.delegate.DelegateExecution;
import org.operaton.bpm.engine.delegate.DelegateTask;

/**
 * relman starts every process instance of a release (its lifecycle and the processes it calls) with the release's id
 * as business key. This is the one place that writes and reads that key: ask it "which release is this?".
 */
public final class BusinessKey {

  private BusinessKey() {}

  /** The business key of a release's process instances. */
  public static String of(long releaseId) {
    return Long.toString(releaseId);
  }

  /** The release a business key names; a key that is not a release id is a model or start error. */
  public static long releaseId(String businessKey) {
    if (businessKey == null || businessKey.isBlank()) {
      throw new NotARelease("a process instance without a business key is not a release's");
    }
    try {
      return Long.parseLong(businessKey);
    } catch (NumberFormatException e) {
      throw new NotARelease("business key '" + businessKey + "' is not a release id");
    }
  }

  public static long releaseId(DelegateExecution execution) {
    return releaseId(execution.getProcessBusinessKey());
  }

  public static long releaseId(DelegateTask task) {
    return releaseId(task.getExecution().getProcessBusinessKey());
  }

  /** A process instance that does not belong to a release reached relman's code. */
  public static final class NotARelease extends IllegalStateException {
    NotARelease(String message) {
      super(message);
    }
  }
}
