package org.relman.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

import org.relman.shared.Db;
import org.relman.deploy.DeploymentAction;
import org.relman.deploy.DeploymentFinished;
import org.relman.deploy.DeploymentStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * A small release history in March 2019, written straight into relman's tables, with the DORA numbers worked out by
 * hand below. Every release goes staging then production; staging deployments must not count. Failure window: P7D
 * (604,800 s). Services are prefixed {@code dora-} so the history does not mix with other tests' releases.
 *
 * <pre>
 * release service(s)     kind    production deploy            what followed                       commits (lead time)
 * R0      pay            normal  03-01 00:00 SUCCEEDED (from!)  -                                   02-28 12:00 (12 h = 43,200 s)
 * R4      search         normal  03-02 06:00 SUCCEEDED          hotfix R6 8 d 3 h later (too late)  03-01 06:00 (24 h = 86,400 s)
 * R1      pay            normal  03-02 10:00 SUCCEEDED          hotfix R5 3 d 2 h later             03-01 08:00 (26 h = 93,600 s), 03-01 10:00 (24 h = 86,400 s)
 * R2      ledger         normal  03-03 12:00 FAILED             rollback ok 03-03 12:30             (not shipped)
 * R3      pay, ledger    normal  03-04 12:00 SUCCEEDED          soak breached 13:00, rollback 13:20 03-03 00:00 (36 h = 129,600 s), 03-04 00:00 (12 h = 43,200 s), 03-04 06:00 (6 h = 21,600 s)
 * R5      pay            hotfix  03-05 12:00 SUCCEEDED          -                                   03-05 09:00 (3 h = 10,800 s)
 * R8      ledger         normal  staging only (production still RUNNING)                            -
 * R7      ledger         normal  03-08 08:00 FAILED             rollback FAILED (unrestored)        (not shipped)
 * R6      search         hotfix  03-10 09:00 SUCCEEDED          -                                   03-10 07:00 (2 h = 7,200 s), 03-10 08:00 (1 h = 3,600 s)
 * R9      pay            normal  03-11 00:00 SUCCEEDED (= to)   -                                   03-10 00:00 (24 h = 86,400 s)
 * </pre>
 *
 * Hotfix R5 (pay) blames the latest earlier pay deployment that succeeded and was not rolled back: R3 was rolled back,
 * so R1 (03-02 10:00 → 03-05 12:00 = 3 d 2 h = 266,400 s ≤ 604,800 s: a failure). Hotfix R6 (search) blames R4
 * (03-02 06:00 → 03-10 09:00 = 8 d 3 h = 702,000 s > 604,800 s: not a failure).
 */
public final class DoraFixture {

  public static final Instant FROM = Instant.parse("2019-03-01T00:00:00Z");
  public static final Instant TO = Instant.parse("2019-03-11T00:00:00Z");
  public static final String PAY = "dora-pay";
  public static final String LEDGER = "dora-ledger";
  public static final String SEARCH = "dora-search";

  private DoraFixture() {}

  private record Step(String version, String environment, DeploymentAction action, DeploymentStatus status,
      Instant started, Instant finished) {}

  /** Writes the releases, services, environments, commits, deployments and soaks; not the DORA tables. */
  public static void writeHistory(JdbcTemplate jdbc) {
    write(jdbc);
  }

  private static List<Step> write(JdbcTemplate jdbc) {
    List<Step> steps = new ArrayList<>();
    release(jdbc, steps, "dora-r0", false, List.of(PAY), "03-01T00:00", DeploymentStatus.SUCCEEDED, "02-28T12:00");
    release(jdbc, steps, "dora-r4", false, List.of(SEARCH), "03-02T06:00", DeploymentStatus.SUCCEEDED, "03-01T06:00");
    release(jdbc, steps, "dora-r1", false, List.of(PAY), "03-02T10:00", DeploymentStatus.SUCCEEDED, "03-01T08:00",
        "03-01T10:00");
    release(jdbc, steps, "dora-r2", false, List.of(LEDGER), "03-03T12:00", DeploymentStatus.FAILED, "03-02T12:00");
    rollback(jdbc, steps, "dora-r2", "03-03T12:00", "03-03T12:30", DeploymentStatus.SUCCEEDED);
    release(jdbc, steps, "dora-r3", false, List.of(PAY, LEDGER), "03-04T12:00", DeploymentStatus.SUCCEEDED,
        "03-03T00:00", "03-04T00:00", "03-04T06:00");
    soak(jdbc, "dora-r3", "03-04T12:00", "03-04T13:00", "BREACHED");
    rollback(jdbc, steps, "dora-r3", "03-04T13:00", "03-04T13:20", DeploymentStatus.SUCCEEDED);
    release(jdbc, steps, "dora-r5", true, List.of(PAY), "03-05T12:00", DeploymentStatus.SUCCEEDED, "03-05T09:00");
    release(jdbc, steps, "dora-r8", false, List.of(LEDGER), "03-06T12:00", DeploymentStatus.RUNNING, "03-06T08:00");
    release(jdbc, steps, "dora-r7", false, List.of(LEDGER), "03-08T08:00", DeploymentStatus.FAILED, "03-07T08:00");
    rollback(jdbc, steps, "dora-r7", "03-08T08:00", "03-08T08:10", DeploymentStatus.FAILED);
    release(jdbc, steps, "dora-r6", true, List.of(SEARCH), "03-10T09:00", DeploymentStatus.SUCCEEDED, "03-10T07:00",
        "03-10T08:00");
    release(jdbc, steps, "dora-r9", false, List.of(PAY), "03-11T00:00", DeploymentStatus.SUCCEEDED, "03-10T00:00");
    return steps;
  }

  /** {@link #writeHistory} and every finished deployment reported, in the order they finished, as relman reports it. */
  public static void recordHistory(JdbcTemplate jdbc) {
    List<Step> steps = write(jdbc);
    DoraHistory history = new DoraHistory(jdbc);
    steps.stream().filter(s -> s.finished() != null).sorted(Comparator.comparing(Step::finished)).forEach(s -> {
      long releaseId = releaseId(jdbc, s.version());
      String deploymentId = jdbc.queryForObject("SELECT deployment_id FROM deployments WHERE release_id = ?"
              + " AND environment = ? AND action = ?", String.class, releaseId, s.environment(), s.action().name());
      history.on(new DeploymentFinished(releaseId, deploymentId, s.environment(), s.action(), s.status(), 0, null));
    });
  }

  private static void release(JdbcTemplate jdbc, List<Step> steps, String version, boolean hotfix, List<String> services,
      String productionFinished, DeploymentStatus productionStatus, String... commits) {
    Instant requested = at(commits[commits.length - 1]);
    jdbc.update("INSERT INTO releases (version, requested_by, requested_at, planned_start, hotfix, repository_url,"
            + " from_ref, to_ref, status, status_changed_at) VALUES (?, 'erin', ?, ?, ?, '/srv/git/dora.git', 'v1',"
            + " 'main', 'COMPLETED', ?)",
        version, Db.param(requested), Db.param(requested), hotfix, Db.param(requested));
    long id = releaseId(jdbc, version);
    for (int i = 0; i < services.size(); i++) {
      jdbc.update("INSERT INTO release_services (release_id, service, position) VALUES (?, ?, ?)", id, services.get(i), i);
    }
    jdbc.update("INSERT INTO release_environments (release_id, position, name) VALUES (?, 0, 'staging'), (?, 1, 'production')",
        id, id);
    for (int i = 0; i < commits.length; i++) {
      jdbc.update("INSERT INTO changes (release_id, position, sha, author_name, author_email, committed_at, subject)"
          + " VALUES (?, ?, ?, 'Erin', 'erin@example.org', ?, ?)", id, i, sha(version, i), Db.param(at(commits[i])),
          "feat: change " + i);
    }
    Instant production = at(productionFinished);
    // staging: succeeded two hours before production finished, and never counts
    deployment(jdbc, steps, version, id, "staging", DeploymentAction.DEPLOY, DeploymentStatus.SUCCEEDED,
        production.minus(Duration.ofHours(3)), production.minus(Duration.ofHours(2)));
    deployment(jdbc, steps, version, id, "production", DeploymentAction.DEPLOY, productionStatus,
        production.minus(Duration.ofMinutes(10)), productionStatus == DeploymentStatus.RUNNING ? null : production);
  }

  private static void rollback(JdbcTemplate jdbc, List<Step> steps, String version, String started, String finished,
      DeploymentStatus status) {
    deployment(jdbc, steps, version, releaseId(jdbc, version), "production", DeploymentAction.ROLLBACK, status,
        at(started), at(finished));
  }

  private static void soak(JdbcTemplate jdbc, String version, String started, String finished, String status) {
    jdbc.update("INSERT INTO soaks (release_id, environment, status, started_at, ends_at, rounds, consecutive_breaches,"
            + " finished_at) VALUES (?, 'production', ?, ?, ?, 4, 2, ?)", releaseId(jdbc, version), status,
        Db.param(at(started)), Db.param(at(started).plus(Duration.ofMinutes(15))), Db.param(at(finished)));
  }

  private static void deployment(JdbcTemplate jdbc, List<Step> steps, String version, long releaseId, String environment,
      DeploymentAction action, DeploymentStatus status, Instant started, Instant finished) {
    jdbc.update("INSERT INTO deployments (deployment_id, release_id, environment, action, status, activity_instance_id,"
            + " attempts, started_at, finished_at) VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?)",
        UUID.randomUUID().toString(), releaseId, environment, action.name(), status.name(),
        "fixture:" + version + ":" + environment + ":" + action, Db.param(started), Db.param(finished));
    steps.add(new Step(version, environment, action, status, started, finished));
  }

  private static long releaseId(JdbcTemplate jdbc, String version) {
    Long id = jdbc.queryForObject("SELECT id FROM releases WHERE version = ?", Long.class, version);
    return id == null ? -1 : id;
  }

  private static String sha(String version, int position) {
    return String.format("%040x", Math.abs((long) (version + "/" + position).hashCode()));
  }

  private static Instant at(String monthDayTime) {
    return Instant.parse("2019-" + monthDayTime + ":00Z");
  }

  /** The metrics, as the API computes them, with failure window P7D unless stated. */
  public static DoraReport report(JdbcTemplate jdbc, Instant from, Instant to, String service, Duration failureWindow) {
    return new DoraMetrics(new NamedParameterJdbcTemplate(jdbc), failureWindow).report(from, to, service);
  }

  /** Asserts every number of the fixture, worked out by hand. */
  public static void assertHandComputedNumbers(JdbcTemplate jdbc) {
    Duration week = Duration.ofDays(7);

    // all services, [03-01 00:00, 03-11 00:00) = 10 days. Production deploys finished in the range: R0 (on `from`,
    // included), R4, R1, R2 (failed), R3, R5, R7 (failed), R6 = 8; R9 finishes on `to` (excluded); R8 never finished.
    DoraReport all = report(jdbc, FROM, TO, null, week);
    // successful: R0, R4, R1, R3, R5, R6 = 6 → 6 / 10 days = 0.6 per day, 0.6 × 7 = 4.2 per week
    assertThat(all.deploymentFrequency()).isEqualTo(new DoraReport.Frequency(6, 10.0, 0.6, 4.2));
    // commits shipped by those 6: R0 43,200; R4 86,400; R1 93,600 + 86,400; R3 129,600 + 43,200 + 21,600;
    // R5 10,800; R6 7,200 + 3,600 = 10 values, sorted: 3,600 7,200 10,800 21,600 43,200 | 43,200 86,400 86,400
    // 93,600 129,600. median = rank ceil(0.5 × 10) = 5 → 43,200 s = 12 h; p90 = rank ceil(0.9 × 10) = 9 → 93,600 s = 26 h
    assertThat(all.leadTimeForChanges()).isEqualTo(new DoraReport.LeadTime(10, 6, "PT12H", 43_200L, "PT26H", 93_600L,
        "nearest-rank"));
    // failures: R2 (failed), R3 (rolled back), R7 (failed) = 3 "rolled back"; R1 (hotfix R5 after 266,400 s ≤ 604,800 s)
    // = 1 "hotfixed"; R4's hotfix came after 702,000 s > 604,800 s: not a failure. 4 / 8 = 0.5
    assertThat(all.changeFailureRate()).isEqualTo(new DoraReport.FailureRate(8, 4, 0.5, 3, 1, "P7D"));
    // restored: R2 12:00 → 12:30 = 1,800 s (detected: its failed deploy); R3 breach 13:00 → rollback 13:20 = 1,200 s;
    // R1 266,400 s (its deploy → the hotfix). R7's rollback failed: unrestored. Sorted 1,200 1,800 266,400:
    // median = rank ceil(0.5 × 3) = 2 → 1,800 s = 30 min
    assertThat(all.timeToRestore()).isEqualTo(new DoraReport.TimeToRestore(3, 1, "PT30M", 1_800L, "nearest-rank"));

    // service dora-pay: R0, R1, R3, R5 in range (R9 on `to`) → 4 deploys, all successful: 0.4 per day, 2.8 per week
    DoraReport pay = report(jdbc, FROM, TO, PAY, week);
    assertThat(pay.deploymentFrequency()).isEqualTo(new DoraReport.Frequency(4, 10.0, 0.4, 2.8));
    // commits: R0 43,200; R1 93,600 + 86,400; R3 129,600 + 43,200 + 21,600; R5 10,800 = 7 values, sorted 10,800 21,600
    // 43,200 43,200 86,400 93,600 129,600: median rank ceil(3.5) = 4 → 43,200 s; p90 rank ceil(6.3) = 7 → 129,600 s = 36 h
    assertThat(pay.leadTimeForChanges()).isEqualTo(new DoraReport.LeadTime(7, 4, "PT12H", 43_200L, "PT36H", 129_600L,
        "nearest-rank"));
    // failures: R3 (rolled back) + R1 (hotfixed) = 2 of 4 = 0.5
    assertThat(pay.changeFailureRate()).isEqualTo(new DoraReport.FailureRate(4, 2, 0.5, 1, 1, "P7D"));
    // restored 1,200 s (R3) and 266,400 s (R1): median rank ceil(1.0) = 1 → 1,200 s = 20 min
    assertThat(pay.timeToRestore()).isEqualTo(new DoraReport.TimeToRestore(2, 0, "PT20M", 1_200L, "nearest-rank"));

    // service dora-ledger: R2 (failed), R3 (rolled back), R7 (failed) → 3 deploys, 1 successful (R3): 0.1 / 0.7
    DoraReport ledger = report(jdbc, FROM, TO, LEDGER, week);
    assertThat(ledger.deploymentFrequency()).isEqualTo(new DoraReport.Frequency(1, 10.0, 0.1, 0.7));
    // R3's commits 21,600 43,200 129,600: median rank 2 → 43,200; p90 rank ceil(2.7) = 3 → 129,600
    assertThat(ledger.leadTimeForChanges()).isEqualTo(new DoraReport.LeadTime(3, 1, "PT12H", 43_200L, "PT36H", 129_600L,
        "nearest-rank"));
    // all 3 failed (rolled back or failed) = 1.0; restored R2 1,800 s and R3 1,200 s, R7 unrestored: median rank 1 → 1,200
    assertThat(ledger.changeFailureRate()).isEqualTo(new DoraReport.FailureRate(3, 3, 1.0, 3, 0, "P7D"));
    assertThat(ledger.timeToRestore()).isEqualTo(new DoraReport.TimeToRestore(2, 1, "PT20M", 1_200L, "nearest-rank"));

    // service dora-search: R4 and hotfix R6, both fine (R6 came too late to blame R4): 0.2 / 1.4, rate 0
    DoraReport search = report(jdbc, FROM, TO, SEARCH, week);
    assertThat(search.deploymentFrequency()).isEqualTo(new DoraReport.Frequency(2, 10.0, 0.2, 1.4));
    // 3,600 7,200 86,400: median rank 2 → 7,200 s = 2 h; p90 rank ceil(2.7) = 3 → 86,400 s = 24 h
    assertThat(search.leadTimeForChanges()).isEqualTo(new DoraReport.LeadTime(3, 2, "PT2H", 7_200L, "PT24H", 86_400L,
        "nearest-rank"));
    assertThat(search.changeFailureRate()).isEqualTo(new DoraReport.FailureRate(2, 0, 0.0, 0, 0, "P7D"));
    assertThat(search.timeToRestore()).isEqualTo(new DoraReport.TimeToRestore(0, 0, null, null, "nearest-rank"));

    // a window of 9 days (777,600 s) takes in R6's hotfix of R4 (702,000 s): 5 failures of 8 = 0.625, restored
    // 1,200 1,800 266,400 702,000: median rank 2 → 1,800 s. The window applies to the recorded history when read.
    DoraReport wide = report(jdbc, FROM, TO, null, Duration.ofDays(9));
    assertThat(wide.changeFailureRate()).isEqualTo(new DoraReport.FailureRate(8, 5, 0.625, 3, 2, "P9D"));
    assertThat(wide.timeToRestore()).isEqualTo(new DoraReport.TimeToRestore(4, 1, "PT30M", 1_800L, "nearest-rank"));

    // range edges: [03-11 00:00, 03-12 00:00) holds exactly R9 (finished on that `from`): 1 per day, 7 per week, its
    // one commit 24 h; [03-01 00:00:00.001, 03-11) loses R0 (5 successful of 7 deploys)
    DoraReport next = report(jdbc, TO, TO.plus(Duration.ofDays(1)), null, week);
    assertThat(next.deploymentFrequency()).isEqualTo(new DoraReport.Frequency(1, 1.0, 1.0, 7.0));
    assertThat(next.leadTimeForChanges()).isEqualTo(new DoraReport.LeadTime(1, 1, "PT24H", 86_400L, "PT24H", 86_400L,
        "nearest-rank"));
    assertThat(next.changeFailureRate()).isEqualTo(new DoraReport.FailureRate(1, 0, 0.0, 0, 0, "P7D"));
    DoraReport withoutR0 = report(jdbc, FROM.plusMillis(1), TO, null, week);
    assertThat(withoutR0.deploymentFrequency().deployments()).isEqualTo(5);
    assertThat(withoutR0.changeFailureRate().deployments()).isEqualTo(7);

    // nothing in June 2019: zeros, and null where there is nothing to take a median of or divide by
    DoraReport empty = report(jdbc, Instant.parse("2019-06-01T00:00:00Z"), Instant.parse("2019-06-08T00:00:00Z"), null, week);
    assertThat(empty.deploymentFrequency()).isEqualTo(new DoraReport.Frequency(0, 7.0, 0.0, 0.0));
    assertThat(empty.leadTimeForChanges()).isEqualTo(new DoraReport.LeadTime(0, 0, null, null, null, null, "nearest-rank"));
    assertThat(empty.changeFailureRate()).isEqualTo(new DoraReport.FailureRate(0, 0, null, 0, 0, "P7D"));
    assertThat(empty.timeToRestore()).isEqualTo(new DoraReport.TimeToRestore(0, 0, null, null, "nearest-rank"));
  }
}
