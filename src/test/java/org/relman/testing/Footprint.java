package org.relman.testing;

import java.util.LinkedHashMap;
import java.util.Map;

import org.operaton.bpm.engine.RuntimeService;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What a request could have written: row counts of relman's tables and the engine's running process instances. A
 * refused request must leave it exactly as it was (API.md: "A refused request changes nothing").
 */
public record Footprint(Map<String, Long> rows, long processInstances) {

  public static Footprint of(JdbcTemplate jdbc, RuntimeService runtime, String... tables) {
    Map<String, Long> rows = new LinkedHashMap<>();
    for (String table : tables) {
      rows.put(table, jdbc.queryForObject("SELECT COUNT(*) FROM " + table, Long.class));
    }
    return new Footprint(rows, runtime.createProcessInstanceQuery().count());
  }
}
