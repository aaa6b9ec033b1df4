package org.relman.audit;

import java.util.Map;

/**
 * A state change worth proving later. Features publish these as past-tense records; {@link AuditLog} appends each one
 * in the publishing transaction, so the change and its audit record commit or roll back together.
 */
public interface AuditedEvent {

  /** The release this is about, or null for events outside any release. */
  Long releaseId();

  /** Who caused it: a user id, {@code ci} for signed webhooks, {@code relman} (the default) for the engine and workers. */
  default String actor() {
    return "relman";
  }

  /** Dotted, past tense: {@code release.requested}, {@code gate.reported}, {@code task.completed}. */
  String action();

  /** What an auditor needs to know, as JSON-friendly values. */
  Map<String, Object> details();
}
