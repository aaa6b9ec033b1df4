package org.relman.it;

import static org.assertj.core.api.Assertions.assertThat;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.relman.metrics.DoraFixture;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The hand-computed DORA fixture on MariaDB/MySQL through Connector/J (database {@code relman_dora_it}): the numbers
 * kept as deployments finish, and the V8 migration's backfill of an older relman's rows, are the ones worked out by
 * hand in {@link DoraFixture}.
 */
class DoraMetricsMariaDbIT {

  private static final String DATABASE = "relman_dora_it";

  @Test
  void metricsKeptAsDeploymentsFinishMatchTheHandComputedNumbers() {
    JdbcTemplate jdbc = freshDatabase(null);
    DoraFixture.recordHistory(jdbc);

    DoraFixture.assertHandComputedNumbers(jdbc);
  }

  @Test
  void migrationBackfillsTheHistoryAnOlderRelmanRecorded() {
    JdbcTemplate jdbc = freshDatabase("5");
    DoraFixture.writeHistory(jdbc);
    assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM deployments", Integer.class)).isEqualTo(23);

    migrate(jdbc, null);

    DoraFixture.assertHandComputedNumbers(jdbc);
  }

  private static JdbcTemplate freshDatabase(String target) {
    JdbcTemplate jdbc = new JdbcTemplate(
        new DriverManagerDataSource(MariaDb.freshDatabase(DATABASE), MariaDb.USER, MariaDb.PASSWORD));
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
