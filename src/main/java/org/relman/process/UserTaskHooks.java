package org.relman.process;

import org.operaton.bpm.engine.delegate.DelegateTask;

/**
 * What every user task of every model passes through, whichever door it is worked through ({@code /api},
 * {@code /engine-rest}, Tasklist): called by the engine inside its transaction. The task list implements it.
 */
public interface UserTaskHooks {

  void created(DelegateTask task);

  /** Throws to refuse the completion; nothing is then stored. */
  void completing(DelegateTask task);
}
