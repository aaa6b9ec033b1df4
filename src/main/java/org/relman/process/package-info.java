/**
 * The seam to the workflow engine: model deployment and conventions, the hooks the engine calls
 * ({@link org.relman.process.LifecycleHooks}, {@link org.relman.process.UserTaskHooks}), the release of a process
 * ({@link org.relman.process.BusinessKey}) and the external-task workers with their one way of answering
 * ({@link org.relman.process.WorkAnswers}).
 */
package org.relman.process;
