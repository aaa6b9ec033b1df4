package org.relman.process;

import java.util.Set;

/**
 * What the engine tells the release lifecycle, as the model conventions see it happen. {@code process} calls these; the
 * lifecycle implements them, so the engine boundary depends on nobody above it.
 */
public interface LifecycleHooks {

  /** The statuses an element may name in its {@code relman.status} property. */
  Set<String> statuses();

  /** The release's lifecycle entered an element carrying {@code relman.status = status}. */
  void statusReached(long releaseId, String status);

  /**
   * A process instance is starting under {@code businessKey}; throws if it may not ({@code called}: started by a call
   * activity of a running lifecycle).
   */
  void starting(String businessKey, boolean called);
}
