package org.relman.it;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The local MariaDB (or MySQL) server the {@code *IT} tests run on, through MySQL Connector/J. Unreachable is a
 * failure, never a skip. Override with RELMAN_TEST_DB_HOST / _PORT / _USER / _PASSWORD.
 */
final class MariaDb {

  static final String HOST = env("RELMAN_TEST_DB_HOST", "127.0.0.1");
  static final String PORT = env("RELMAN_TEST_DB_PORT", "3306");
  static final String USER = env("RELMAN_TEST_DB_USER", "root");
  static final String PASSWORD = env("RELMAN_TEST_DB_PASSWORD", "");

  private MariaDb() {}

  /** Drops and creates {@code database} (utf8mb4) and returns its JDBC URL. */
  static String freshDatabase(String database) {
    try (Connection connection = DriverManager.getConnection(url(""), USER, PASSWORD);
        Statement statement = connection.createStatement()) {
      statement.execute("DROP DATABASE IF EXISTS " + database);
      statement.execute("CREATE DATABASE " + database + " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
    } catch (SQLException e) {
      throw new IllegalStateException("MariaDB/MySQL is not reachable at " + HOST + ":" + PORT + " as " + USER
          + " (start it with: start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd): "
          + e.getMessage(), e);
    }
    return url(database);
  }

  static String url(String database) {
    return "jdbc:mysql://" + HOST + ":" + PORT + "/" + database
        + "?allowPublicKeyRetrieval=true&useSSL=false";
  }

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }
}
