package org.relman.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.relman.testing.Api;
import org.relman.testing.AuditTriggers;
import org.relman.testing.RelmanTestBase;

/**
 * The hash chain as an auditor relies on it: verify finds every altered, removed, reordered or forged event. The
 * database refuses to change or delete audit events (migration V6), so these tests tamper as someone who can drop its
 * triggers ({@link AuditTriggers}). The database is shared with the other tests, so every test that tampers with a row
 * puts it back in a finally block.
 */
class AuditChainTest extends RelmanTestBase {

  private static final String PREV = "ab".repeat(32);
  private static final Instant AT = Instant.parse("2026-12-03T10:00:00.123Z");

  @Test
  void untouchedChainIsValidWithEveryEventAndTheLastHashAsHead() {
    long id = releaseWithEvents();

    JsonNode verification = verify();

    assertThat(verification.get("valid").asBoolean()).as("%s", verification).isTrue();
    assertThat(verification.get("events").asLong()).isEqualTo(count("audit_events")).isGreaterThanOrEqualTo(3);
    assertThat(verification.get("head").asText()).isEqualTo(lastHash());
    assertThat(verification.get("firstInvalidSeq").isNull()).isTrue();
    assertThat(auditActions(id)).contains("release.requested", "changes.collected");
  }

  @Test
  void verifyIsForAuditorsAndReleaseManagersOnly() {
    releaseWithEvents();

    assertThat(api("rita").get("/api/audit/verify").json().get("valid").asBoolean()).isTrue();
    assertThat(api("erin").get("/api/audit/verify").status()).isEqualTo(403);
    assertThat(api(null).get("/api/audit/verify").status()).isEqualTo(401);
  }

  @Test
  void changedDetailsOfOneEventMakeTheChainInvalidFromThatEvent() {
    long seq = seqsOf(releaseWithEvents()).get(0);
    Row original = row(seq);
    try {
      tamper("UPDATE audit_events SET details = ? WHERE seq = ?", "{\"version\":\"9999.1.0\"}", seq);

      JsonNode verification = verify();

      assertThat(verification.get("valid").asBoolean()).isFalse();
      assertThat(verification.get("firstInvalidSeq").asLong()).isEqualTo(seq);
      assertThat(verification.get("events").asLong()).isEqualTo(count("audit_events"));
    } finally {
      tamper("UPDATE audit_events SET details = ? WHERE seq = ?", original.details(), seq);
    }
    assertThat(verify().get("valid").asBoolean()).as("restored").isTrue();
  }

  @Test
  void deletedLastEventMakesTheChainInvalidAtItsSeq() {
    releaseWithEvents();
    long last = lastSeq();
    Row original = row(last);
    try {
      tamper("DELETE FROM audit_events WHERE seq = ?", last);

      JsonNode verification = verify();

      assertThat(verification.get("valid").asBoolean()).isFalse();
      assertThat(verification.get("firstInvalidSeq").asLong()).isEqualTo(last);
    } finally {
      insert(original);
    }
    assertThat(verify().get("valid").asBoolean()).as("restored").isTrue();
  }

  @Test
  void deletedEventInTheMiddleMakesTheChainInvalidAtItsSeq() {
    long seq = seqsOf(releaseWithEvents()).get(1);
    Row original = row(seq);
    try {
      tamper("DELETE FROM audit_events WHERE seq = ?", seq);

      JsonNode verification = verify();

      assertThat(verification.get("valid").asBoolean()).isFalse();
      assertThat(verification.get("firstInvalidSeq").asLong()).isEqualTo(seq);
    } finally {
      insert(original);
    }
    assertThat(verify().get("valid").asBoolean()).as("restored").isTrue();
  }

  @Test
  void swappedDetailsOfTwoEventsAreFoundAtTheFirstOfThem() {
    List<Long> seqs = seqsOf(releaseWithEvents());
    Row first = row(seqs.get(0));
    Row second = row(seqs.get(1));
    assertThat(first.details()).isNotEqualTo(second.details());
    try {
      tamper("UPDATE audit_events SET details = ? WHERE seq = ?", second.details(), first.seq());
      tamper("UPDATE audit_events SET details = ? WHERE seq = ?", first.details(), second.seq());

      JsonNode verification = verify();

      assertThat(verification.get("valid").asBoolean()).isFalse();
      assertThat(verification.get("firstInvalidSeq").asLong()).isEqualTo(first.seq());
    } finally {
      tamper("UPDATE audit_events SET details = ? WHERE seq = ?", first.details(), first.seq());
      tamper("UPDATE audit_events SET details = ? WHERE seq = ?", second.details(), second.seq());
    }
    assertThat(verify().get("valid").asBoolean()).as("restored").isTrue();
  }

  @Test
  void eventRewrittenWithARecomputedHashIsFoundByTheNextEventsLink() {
    List<Long> seqs = seqsOf(releaseWithEvents());
    Row original = row(seqs.get(0));
    try {
      rewriteConsistently(original, "{\"version\":\"9999.1.0\"}");

      JsonNode verification = verify();

      assertThat(verification.get("valid").asBoolean()).isFalse();
      // the rewritten event fits its predecessor; the next one's link to it no longer fits
      assertThat(verification.get("firstInvalidSeq").asLong()).isEqualTo(original.seq() + 1);
    } finally {
      tamper("UPDATE audit_events SET details = ?, hash = ? WHERE seq = ?", original.details(), original.hash(),
          original.seq());
    }
    assertThat(verify().get("valid").asBoolean()).as("restored").isTrue();
  }

  @Test
  void lastEventRewrittenWithARecomputedHashIsNamedByItsSeq() {
    releaseWithEvents();
    Row original = row(lastSeq());
    try {
      rewriteConsistently(original, "{\"version\":\"9999.1.0\"}");

      JsonNode verification = verify();

      assertThat(verification.get("valid").asBoolean()).isFalse();
      assertThat(verification.get("firstInvalidSeq").asLong()).isEqualTo(original.seq());
    } finally {
      tamper("UPDATE audit_events SET details = ?, hash = ? WHERE seq = ?", original.details(), original.hash(),
          original.seq());
    }
    assertThat(verify().get("valid").asBoolean()).as("restored").isTrue();
  }

  @Test
  void forgedEventsAppendedBehindTheHeadAreNamedFromTheFirstOfThem() {
    releaseWithEvents();
    Row last = row(lastSeq());
    long firstForged = last.seq() + 1;
    try {
      Row forged1 = forge(last, "{\"note\":\"forged 1\"}");
      Row forged2 = forge(forged1, "{\"note\":\"forged 2\"}");
      insert(forged1);
      insert(forged2);

      JsonNode verification = verify();

      assertThat(verification.get("valid").asBoolean()).isFalse();
      assertThat(verification.get("firstInvalidSeq").asLong()).isEqualTo(firstForged);
    } finally {
      tamper("DELETE FROM audit_events WHERE seq >= ?", firstForged);
    }
    assertThat(verify().get("valid").asBoolean()).as("restored").isTrue();
  }

  @Test
  void forgedEventsAppendedBehindTheHeadMakeTheChainInvalid() {
    releaseWithEvents();
    Row last = row(lastSeq());
    long firstForged = last.seq() + 1;
    try {
      insert(forge(last, "{\"note\":\"forged\"}"));

      JsonNode verification = verify();

      assertThat(verification.get("valid").asBoolean()).isFalse();
      assertThat(verification.get("firstInvalidSeq").asLong()).isGreaterThanOrEqualTo(firstForged);
    } finally {
      tamper("DELETE FROM audit_events WHERE seq >= ?", firstForged);
    }
    assertThat(verify().get("valid").asBoolean()).as("restored").isTrue();
  }

  @Test
  void hashIsDeterministicHexSha256() {
    String hash = AuditChain.hash(PREV, 7, AT, 42L, "alice", "task.completed", "{\"a\":1}");

    assertThat(AuditChain.hash(PREV, 7, AT, 42L, "alice", "task.completed", "{\"a\":1}")).isEqualTo(hash);
    assertThat(hash).matches("[0-9a-f]{64}");
  }

  @Test
  void hashChangesWithEveryField() {
    String hash = AuditChain.hash(PREV, 7, AT, 42L, "alice", "task.completed", "{\"a\":1}");

    assertThat(List.of(
        AuditChain.hash(AuditChain.GENESIS, 7, AT, 42L, "alice", "task.completed", "{\"a\":1}"),
        AuditChain.hash(PREV, 8, AT, 42L, "alice", "task.completed", "{\"a\":1}"),
        AuditChain.hash(PREV, 7, AT.plusMillis(1), 42L, "alice", "task.completed", "{\"a\":1}"),
        AuditChain.hash(PREV, 7, AT, 43L, "alice", "task.completed", "{\"a\":1}"),
        AuditChain.hash(PREV, 7, AT, null, "alice", "task.completed", "{\"a\":1}"),
        AuditChain.hash(PREV, 7, AT, 42L, "alicf", "task.completed", "{\"a\":1}"),
        AuditChain.hash(PREV, 7, AT, 42L, "alice", "task.completes", "{\"a\":1}"),
        AuditChain.hash(PREV, 7, AT, 42L, "alice", "task.completed", "{\"a\":2}")))
        .doesNotContain(hash)
        .doesNotHaveDuplicates();
  }

  @Test
  void hashFieldsCannotBeShiftedIntoOneAnother() {
    assertThat(AuditChain.hash(PREV, 7, AT, 42L, "alice", "task.completed", "{}"))
        .isNotEqualTo(AuditChain.hash(PREV, 7, AT, 42L, "alice\",\"task", "completed", "{}"));
  }

  @Test
  void hashFollowsTheDocumentedCanonicalForm() throws Exception {
    String canonical = "[7,\"2026-12-03T10:00:00.123Z\",42,\"alice\",\"task.completed\",\"{\\\"a\\\":1}\"]";
    MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
    sha256.update((PREV + "\n" + canonical).getBytes(StandardCharsets.UTF_8));

    assertThat(AuditChain.hash(PREV, 7, AT, 42L, "alice", "task.completed", "{\"a\":1}"))
        .isEqualTo(HexFormat.of().formatHex(sha256.digest()));
  }

  @Test
  void wholeSecondInstantIsHashedWithoutAFraction() throws Exception {
    // ISO_INSTANT writes no fraction for a whole second; stored chains depend on it, so it must never change
    Instant whole = Instant.parse("2026-12-03T10:00:00Z");
    String canonical = "[7,\"2026-12-03T10:00:00Z\",null,\"relman\",\"release.requested\",\"{}\"]";
    MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
    sha256.update((AuditChain.GENESIS + "\n" + canonical).getBytes(StandardCharsets.UTF_8));

    assertThat(AuditChain.hash(AuditChain.GENESIS, 7, whole, null, "relman", "release.requested", "{}"))
        .isEqualTo(HexFormat.of().formatHex(sha256.digest()));
  }

  @Test
  void canonicalDetailsSortKeysAtEveryLevelAndKeepNulls() {
    Map<String, Object> nested = new LinkedHashMap<>();
    nested.put("zulu", 2);
    nested.put("alpha", 1);
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("status", "FAILED");
    details.put("exitCode", null);
    details.put("deploymentId", "d-1");
    details.put("metrics", nested);

    assertThat(AuditChain.canonicalDetails(details))
        .isEqualTo("{\"deploymentId\":\"d-1\",\"exitCode\":null,\"metrics\":{\"alpha\":1,\"zulu\":2},\"status\":\"FAILED\"}");
  }

  @Test
  void canonicalDetailsAreTheSameWhateverTheInsertionOrder() {
    Map<String, Object> one = new LinkedHashMap<>();
    one.put("b", 2);
    one.put("a", 1);
    Map<String, Object> other = new LinkedHashMap<>();
    other.put("a", 1);
    other.put("b", 2);

    assertThat(AuditChain.canonicalDetails(one)).isEqualTo(AuditChain.canonicalDetails(other)).isEqualTo("{\"a\":1,\"b\":2}");
  }

  /** A release that has left a few events: requested, change set collected, status changes. */
  private long releaseWithEvents() {
    long id = requestRelease("erin", version("2026.12"), repository(2));
    workers().run("collect-change-set", id);
    assertThat(seqsOf(id)).hasSizeGreaterThanOrEqualTo(3);
    return id;
  }

  private JsonNode verify() {
    Api.Response response = api("frank").get("/api/audit/verify");
    assertThat(response.status()).as("%s", response).isEqualTo(200);
    return response.json();
  }

  private List<Long> seqsOf(long releaseId) {
    return jdbc.queryForList("SELECT seq FROM audit_events WHERE release_id = ? ORDER BY seq", Long.class, releaseId);
  }

  private long lastSeq() {
    Long seq = jdbc.queryForObject("SELECT MAX(seq) FROM audit_events", Long.class);
    return seq == null ? 0 : seq;
  }

  private String lastHash() {
    return jdbc.queryForObject("SELECT hash FROM audit_events WHERE seq = (SELECT MAX(seq) FROM audit_events)", String.class);
  }

  /** An UPDATE or DELETE of audit rows, with the append-only triggers out of the way. */
  private void tamper(String sql, Object... args) {
    AuditTriggers.without(jdbc, () -> jdbc.update(sql, args));
  }

  /** An audit row exactly as stored, so a test can put it back. */
  private record Row(long seq, Long releaseId, LocalDateTime at, String actor, String action, String details,
      String prevHash, String hash) {}

  private Row row(long seq) {
    return jdbc.queryForObject("SELECT seq, release_id, at, actor, action, details, prev_hash, hash FROM audit_events"
        + " WHERE seq = ?", (rs, n) -> {
          long releaseId = rs.getLong("release_id");
          return new Row(rs.getLong("seq"), rs.wasNull() ? null : releaseId, rs.getObject("at", LocalDateTime.class),
              rs.getString("actor"), rs.getString("action"), rs.getString("details"), rs.getString("prev_hash"),
              rs.getString("hash"));
        }, seq);
  }

  private void insert(Row row) {
    jdbc.update("INSERT INTO audit_events (seq, release_id, at, actor, action, details, prev_hash, hash)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        row.seq(), row.releaseId(), row.at(), row.actor(), row.action(), row.details(), row.prevHash(), row.hash());
  }

  /** What someone who knows the algorithm would write: new details and the hash that fits them. */
  private void rewriteConsistently(Row row, String details) {
    String hash = AuditChain.hash(row.prevHash(), row.seq(), row.at().toInstant(java.time.ZoneOffset.UTC),
        row.releaseId(), row.actor(), row.action(), details);
    tamper("UPDATE audit_events SET details = ?, hash = ? WHERE seq = ?", details, hash, row.seq());
  }

  /** A well-chained event after {@code previous}, written behind relman's back (the head is not moved). */
  private static Row forge(Row previous, String details) {
    long seq = previous.seq() + 1;
    String hash = AuditChain.hash(previous.hash(), seq, previous.at().toInstant(java.time.ZoneOffset.UTC),
        previous.releaseId(), "mallory", "task.completed", details);
    return new Row(seq, previous.releaseId(), previous.at(), "mallory", "task.completed", details, previous.hash(), hash);
  }
}
