package org.relman.deploy;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import org.relman.shared.Db;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** The promotion path of each release and the state of every environment on it, as the release view shows it. */
@Repository
public class EnvironmentStates {

  /** One environment of a release's promotion path. */
  public record Entry(String environment, EnvironmentState state, String reason, Instant changedAt) {}

  private final JdbcTemplate jdbc;
  private final ApplicationEventPublisher events;
  private final Clock clock;

  EnvironmentStates(JdbcTemplate jdbc, ApplicationEventPublisher events, Clock clock) {
    this.jdbc = jdbc;
    this.events = events;
    this.clock = clock;
  }

  public List<Entry> list(long releaseId) {
    return jdbc.query("SELECT name, state, state_reason, state_changed_at FROM release_environments WHERE release_id = ?"
            + " ORDER BY position",
        (rs, n) -> new Entry(rs.getString("name"), EnvironmentState.valueOf(rs.getString("state")),
            rs.getString("state_reason"), Db.instant(rs, "state_changed_at")),
        releaseId);
  }

  public Entry get(long releaseId, String environment) {
    return list(releaseId).stream().filter(e -> e.environment().equals(environment)).findFirst()
        .orElseThrow(() -> new IllegalStateException("release " + releaseId + " has no environment " + environment));
  }

  /** Moves the environment to {@code state} (and audits it); {@code reason} null keeps the previous reason. */
  @Transactional(propagation = Propagation.MANDATORY)
  public void enter(long releaseId, String environment, EnvironmentState state, String reason) {
    Entry current = get(releaseId, environment);
    if (current.state() == state && (reason == null || reason.equals(current.reason()))) {
      return;
    }
    String kept = reason == null ? current.reason() : reason;
    jdbc.update("UPDATE release_environments SET state = ?, state_reason = ?, state_changed_at = ? WHERE release_id = ?"
        + " AND name = ?", state.name(), kept, Db.param(clock.instant()), releaseId, environment);
    events.publishEvent(new EnvironmentStateChanged(releaseId, environment, current.state(), state, reason));
  }
}
