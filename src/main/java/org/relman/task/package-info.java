/** The human steps: task list API, form validation per task kind, and the guard every completion passes. */
package org.relman.task;
