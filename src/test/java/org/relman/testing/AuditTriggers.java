package org.relman.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The audit trail's append-only triggers (migration V6), switched off for a test that plays the attacker with the
 * rights to drop them, and put back exactly as the migration creates them.
 */
public final class AuditTriggers {

  public static final List<String> NAMES = List.of("audit_events_no_update", "audit_events_no_delete",
      "audit_head_forward_only", "audit_head_no_delete");

  private AuditTriggers() {}

  /** Runs {@code tampering} with the triggers dropped; they are back afterwards, whatever happens. */
  public static void without(JdbcTemplate jdbc, Runnable tampering) {
    NAMES.forEach(name -> jdbc.execute("DROP TRIGGER IF EXISTS " + name));
    try {
      tampering.run();
    } finally {
      create(jdbc);
    }
  }

  /** The vendor folder Flyway reads V6 from: h2, or mysql for MySQL and MariaDB through Connector/J. */
  public static String vendor(JdbcTemplate jdbc) {
    String product = jdbc.execute((ConnectionCallback<String>) c -> c.getMetaData().getDatabaseProductName());
    return product.toLowerCase(Locale.ROOT).contains("h2") ? "h2" : "mysql";
  }

  private static void create(JdbcTemplate jdbc) {
    String path = "db/vendor/" + vendor(jdbc) + "/V6__audit_append_only.sql";
    String script;
    try (InputStream in = AuditTriggers.class.getClassLoader().getResourceAsStream(path)) {
      script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(path, e);
    }
    String sql = Arrays.stream(script.split("\n")).filter(line -> !line.startsWith("--"))
        .reduce("", (a, b) -> a + b + "\n");
    // one statement per CREATE TRIGGER; a MySQL trigger body has semicolons of its own
    for (String statement : sql.split(";\\s*\\n\\s*(?=CREATE )")) {
      String trimmed = statement.strip();
      if (trimmed.endsWith(";")) {
        trimmed = trimmed.substring(0, trimmed.length() - 1);
      }
      if (!trimmed.isEmpty()) {
        jdbc.execute(trimmed);
      }
    }
  }
}
