/** The human steps: a person's task list, form validation per task kind, and the guard every completion passes. */
package org.relman.task;
