package org.relman.notes;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.relman.shared.Db;
import org.relman.change.Changes;
import org.relman.deploy.Deployments;
import org.relman.release.Release;
import org.relman.release.ReleaseStatusChanged;
import org.relman.release.Releases;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The notes of ended releases. When a release ends (COMPLETED, ROLLED_BACK or CANCELLED) its notes are rendered for
 * every audience and stored in the transaction that ends it, with their SHA-256 in the audit trail
 * ({@code release-notes.frozen}); from then on they are served as stored, whatever happens to the rows they were
 * rendered from.
 */
@Repository
public class FinalNotes {

  /** Notes as frozen at the end of a release. */
  public record Frozen(String markdown, String releaseStatus, String sha256, Instant frozenAt) {}

  private final JdbcTemplate jdbc;
  private final Releases releases;
  private final Changes changes;
  private final Deployments deployments;
  private final ApplicationEventPublisher events;
  private final Clock clock;
  private final IssueLinks issues;

  FinalNotes(JdbcTemplate jdbc, Releases releases, Changes changes, Deployments deployments,
      ApplicationEventPublisher events, Clock clock, IssueLinks issues) {
    this.issues = issues;
    this.jdbc = jdbc;
    this.releases = releases;
    this.changes = changes;
    this.deployments = deployments;
    this.events = events;
    this.clock = clock;
  }

  @EventListener
  @Transactional(propagation = Propagation.MANDATORY)
  public void releaseEnded(ReleaseStatusChanged change) {
    if (!change.to().ended()) {
      return;
    }
    Release release = releases.find(change.releaseId()).orElseThrow();
    Instant now = Db.now(clock);
    Map<String, Object> hashes = new LinkedHashMap<>();
    for (Audience audience : Audience.values()) {
      if (find(release.id(), audience).isPresent()) {
        continue;
      }
      String markdown = ReleaseNotes.render(release, changes.list(release.id()), deployments.list(release.id()), audience,
          issues);
      String sha256 = sha256(markdown);
      jdbc.update("INSERT INTO release_notes (release_id, audience, release_status, markdown, sha256, frozen_at)"
          + " VALUES (?, ?, ?, ?, ?, ?)", release.id(), audience.label(), release.status().name(), markdown, sha256,
          Db.param(now));
      hashes.put(audience.label(), sha256);
    }
    if (!hashes.isEmpty()) {
      events.publishEvent(new ReleaseNotesFrozen(release.id(), release.status().name(), hashes));
    }
  }

  public Optional<Frozen> find(long releaseId, Audience audience) {
    return jdbc.query("SELECT markdown, release_status, sha256, frozen_at FROM release_notes WHERE release_id = ?"
            + " AND audience = ?",
        (rs, n) -> new Frozen(rs.getString("markdown"), rs.getString("release_status"), rs.getString("sha256"),
            Db.instant(rs, "frozen_at")),
        releaseId, audience.label()).stream().findFirst();
  }

  static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
