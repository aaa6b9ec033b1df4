package org.relman.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.StringReader;
import java.nio.file.Path;

import net.fortuna.ical4j.data.CalendarBuilder;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.Component;
import net.fortuna.ical4j.model.Property;
import net.fortuna.ical4j.model.component.VEvent;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Test;
import org.relman.shared.Db;
import org.relman.testing.Api;
import org.relman.testing.AuditTriggers;
import org.relman.testing.GitFixture;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The append-only audit trail on MariaDB through Connector/J (migration V6 from {@code db/vendor/mysql}): the database
 * refuses to change or delete events with the triggers' messages; with the triggers dropped, {@code GET
 * /api/audit/verify} names the first bad event of every kind of tampering, also right after a page boundary (pages of
 * 4 events here). And the calendar feed, whose query counts reschedules in the audit trail, on MariaDB.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("mysql")
class AuditTamperMariaDbIT {

  private static final int PAGE = 4;

  @DynamicPropertySource
  static void mariaDb(DynamicPropertyRegistry registry) {
    String url = MariaDb.freshDatabase("relman_audit_it");
    registry.add("spring.datasource.url", () -> url);
    registry.add("spring.datasource.username", () -> MariaDb.USER);
    registry.add("spring.datasource.password", () -> MariaDb.PASSWORD);
    registry.add("relman.demo.enabled", () -> "true");
    registry.add("relman.webhooks.secret", () -> "it-secret");
    registry.add("relman.workers.enabled", () -> "false");
    registry.add("operaton.bpm.job-execution.enabled", () -> "false");
    registry.add("relman.audit.verify-page-size", () -> String.valueOf(PAGE));
  }

  @LocalServerPort
  int port;
  @Autowired
  JdbcTemplate jdbc;
  @TempDir
  Path temp;

  @BeforeEach
  void atLeastThreePagesOfEvents() {
    assertThat(jdbc.queryForObject("SELECT VERSION()", String.class)).containsIgnoringCase("mariadb");
    // each freeze created and deleted is an audit event
    while (lastSeq() < 3 * PAGE + 2) {
      Api.Response created = api("alice").post("/api/freezes", Map.of("name", "Freeze " + lastSeq(),
          "start", "2027-01-01T00:00:00Z", "end", "2027-01-02T00:00:00Z", "services", List.of("payments")));
      assertThat(created.status()).as("%s", created).isEqualTo(201);
    }
    assertThat(verify().get("valid").asBoolean()).isTrue();
  }

  @Test
  void mariaDbRefusesToUpdateOrDeleteAuditEvents() {
    long seq = PAGE + 1;
    String details = details(seq);

    assertThatThrownBy(() -> jdbc.update("UPDATE audit_events SET details = '{}' WHERE seq = ?", seq))
        .isInstanceOf(DataAccessException.class)
        .hasMessageContaining("audit_events is append-only: UPDATE of audit events is refused");
    assertThatThrownBy(() -> jdbc.update("DELETE FROM audit_events WHERE seq = ?", seq))
        .isInstanceOf(DataAccessException.class)
        .hasMessageContaining("audit_events is append-only: DELETE of audit events is refused");
    assertThatThrownBy(() -> jdbc.update("DELETE FROM audit_head"))
        .hasMessageContaining("audit_head cannot be deleted");
    assertThatThrownBy(() -> jdbc.update("UPDATE audit_head SET seq = seq - 1"))
        .hasMessageContaining("audit_head only moves forward");

    assertThat(details(seq)).isEqualTo(details);
    assertThat(verify().get("valid").asBoolean()).isTrue();
  }

  @Test
  void alteredDetailsAreNamedAlsoRightAfterAPageBoundary() {
    for (long seq : List.of(3L, (long) PAGE, PAGE + 1L, 2L * PAGE + 1)) {
      String original = details(seq);
      try {
        tamper("UPDATE audit_events SET details = ? WHERE seq = ?", "{\"name\":\"Nothing to see\"}", seq);

        assertFirstInvalid(seq);
      } finally {
        tamper("UPDATE audit_events SET details = ? WHERE seq = ?", original, seq);
      }
      assertThat(verify().get("valid").asBoolean()).as("restored").isTrue();
    }
  }

  @Test
  void removedEventInTheMiddleAndRightAfterAPageBoundaryIsNamed() {
    for (long seq : List.of(PAGE + 2L, 2L * PAGE + 1)) {
      Map<String, Object> row = jdbc.queryForMap("SELECT * FROM audit_events WHERE seq = ?", seq);
      try {
        tamper("DELETE FROM audit_events WHERE seq = ?", seq);

        assertFirstInvalid(seq);
      } finally {
        insert(row);
      }
      assertThat(verify().get("valid").asBoolean()).as("restored").isTrue();
    }
  }

  @Test
  void swappedEventsAcrossAPageBoundaryAreNamedAtTheFirst() {
    long first = PAGE;
    long second = PAGE + 1;
    try {
      AuditTriggers.without(jdbc, () -> swap(first, second));

      assertFirstInvalid(first);
    } finally {
      AuditTriggers.without(jdbc, () -> swap(first, second));
    }
    assertThat(verify().get("valid").asBoolean()).as("restored").isTrue();
  }

  @Test
  void removedLastEventIsNamed() {
    long last = lastSeq();
    Map<String, Object> row = jdbc.queryForMap("SELECT * FROM audit_events WHERE seq = ?", last);
    try {
      tamper("DELETE FROM audit_events WHERE seq = ?", last);

      assertFirstInvalid(last);
    } finally {
      insert(row);
    }
    assertThat(verify().get("valid").asBoolean()).as("restored").isTrue();
  }

  @Test
  void calendarFeedListsReleasesAndFreezesOnMariaDb() throws Exception {
    GitFixture repo = GitFixture.withChanges(temp.resolve("repo"), 1);
    Api.Response created = api("erin").post("/api/releases", Map.of("version", "2027.1.0", "services", List.of("payments"),
        "plannedStart", "2027-01-01T10:00:00Z", "repository", Map.of("url", repo.path().toString(), "fromRef", "v1",
            "toRef", "main")));
    assertThat(created.status()).as("%s", created).isEqualTo(201);
    long id = created.json().get("id").asLong();

    Api.Response feed = api("frank").get("/api/calendar.ics?from=2026-12-31T00:00:00Z&to=2027-01-03T00:00:00Z");

    assertThat(feed.status()).as("%s", feed).isEqualTo(200);
    Calendar calendar = new CalendarBuilder().build(new StringReader(feed.body()));
    List<String> uids = calendar.<VEvent>getComponents(Component.VEVENT).stream()
        .map(e -> e.getProperty(Property.UID).map(p -> ((Property) p).getValue()).orElseThrow()).toList();
    assertThat(uids).contains("release-" + id + "@relman", "freeze-1-20270101T000000Z@relman");
    assertThat(feed.body()).contains("SEQUENCE:0");
  }

  private void assertFirstInvalid(long seq) {
    JsonNode verification = verify();
    assertThat(verification.get("valid").asBoolean()).as("%s", verification).isFalse();
    assertThat(verification.get("firstInvalidSeq").asLong()).as("%s", verification).isEqualTo(seq);
    assertThat(verification.get("events").asLong()).isEqualTo(jdbc.queryForObject("SELECT COUNT(*) FROM audit_events", Long.class));
  }

  private void tamper(String sql, Object... args) {
    AuditTriggers.without(jdbc, () -> jdbc.update(sql, args));
  }

  private void swap(long a, long b) {
    jdbc.update("UPDATE audit_events SET seq = ? WHERE seq = ?", -a, a);
    jdbc.update("UPDATE audit_events SET seq = ? WHERE seq = ?", a, b);
    jdbc.update("UPDATE audit_events SET seq = ? WHERE seq = ?", b, -a);
  }

  /** Puts a row back as it was; the instant as text, as relman writes it (Connector/J drops the milliseconds otherwise). */
  private void insert(Map<String, Object> row) {
    Object at = row.get("at");
    java.time.LocalDateTime local = at instanceof java.sql.Timestamp ts ? ts.toLocalDateTime() : (java.time.LocalDateTime) at;
    jdbc.update("INSERT INTO audit_events (seq, release_id, at, actor, action, details, prev_hash, hash)"
        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)", row.get("seq"), row.get("release_id"), Db.param(local.toInstant(java.time.ZoneOffset.UTC)), row.get("actor"),
        row.get("action"), row.get("details"), row.get("prev_hash"), row.get("hash"));
  }

  private String details(long seq) {
    return jdbc.queryForObject("SELECT details FROM audit_events WHERE seq = ?", String.class, seq);
  }

  private long lastSeq() {
    Long seq = jdbc.queryForObject("SELECT MAX(seq) FROM audit_events", Long.class);
    return seq == null ? 0 : seq;
  }

  private JsonNode verify() {
    Api.Response response = api("frank").get("/api/audit/verify");
    assertThat(response.status()).as("%s", response).isEqualTo(200);
    return response.json();
  }

  private Api api(String user) {
    return new Api(port, user, (Api.Signer) null);
  }
}
