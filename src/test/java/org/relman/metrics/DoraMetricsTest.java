package org.relman.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The DORA numbers of {@link DoraFixture}'s history, on a database of their own (H2, relman's migrations): once kept
 * up as deployments finish, once backfilled by the V8 migration from the rows an older relman left behind.
 */
class DoraMetricsTest {

  @Test
  void metricsKeptAsDeploymentsFinishMatchTheHandComputedNumbers() {
    JdbcTemplate jdbc = database("dora-live", null);
    DoraFixture.recordHistory(jdbc);

    DoraFixture.assertHandComputedNumbers(jdbc);
  }

  @Test
  void migrationBackfillsTheHistoryAnOlderRelmanRecorded() {
    JdbcTemplate jdbc = database("dora-backfill", "5");
    DoraFixture.writeHistory(jdbc);
    // 10 releases × (staging + production) + 3 production rollbacks
    assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM deployments", Integer.class)).isEqualTo(23);

    migrate(jdbc, null);

    DoraFixture.assertHandComputedNumbers(jdbc);
  }

  @Test
  void aDeploymentIsRecordedOnceWhenItsOutcomeIsReportedAgain() {
    JdbcTemplate jdbc = database("dora-twice", null);
    DoraFixture.recordHistory(jdbc);
    long rows = jdbc.queryForObject("SELECT COUNT(*) FROM dora_lead_times", Long.class);
    String r1 = jdbc.queryForObject("SELECT d.deployment_id FROM deployments d JOIN releases r ON r.id = d.release_id"
        + " WHERE r.version = 'dora-r1' AND d.environment = 'production'", String.class);
    long release = jdbc.queryForObject("SELECT id FROM releases WHERE version = 'dora-r1'", Long.class);

    new DoraHistory(jdbc).on(new org.relman.deploy.DeploymentFinished(release, r1, "production",
        org.relman.deploy.DeploymentAction.DEPLOY, org.relman.deploy.DeploymentStatus.SUCCEEDED, 0, null));

    assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM dora_lead_times", Long.class)).isEqualTo(rows);
    DoraFixture.assertHandComputedNumbers(jdbc);
  }

  @Test
  void doraGuideStatesTheDefinitionsExactlyAsTheApiDoes() throws java.io.IOException {
    String guide = java.nio.file.Files.readString(java.nio.file.Path.of("docs/guides/dora.md"));
    String section = guide.substring(guide.indexOf("## Definitions"), guide.indexOf("## How it stays fast"));

    new DoraMetrics(null, java.time.Duration.ofDays(7)).definitions().forEach((name, definition) ->
        assertThat(section).as(name).contains("- **" + name + "**: " + definition + "\n"));
  }

  private static JdbcTemplate database(String name, String target) {
    var dataSource = new DriverManagerDataSource("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1", "sa", "");
    JdbcTemplate jdbc = new JdbcTemplate(dataSource);
    migrate(jdbc, target);
    return jdbc;
  }

  private static void migrate(JdbcTemplate jdbc, String target) {
    var config = Flyway.configure().dataSource(jdbc.getDataSource()).locations("classpath:db/migration");
    if (target != null) {
      config.target(target);
    }
    config.load().migrate();
  }
}
