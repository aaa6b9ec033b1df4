package org.relman.audit;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.relman.http.QueryParameters;
import org.relman.shared.Db;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The audit trail searched by release, actor and action, newest first, a page at a time: what {@code GET /api/audit}
 * and the audit page answer, with the same checks for both (one {@code InvalidInput} naming every bad parameter).
 *
 * <p>{@code release} is a release's version, or its id when no release has that version. {@code actor} matches
 * exactly. {@code action} matches exactly or as a prefix up to a dot: {@code engine} finds {@code engine.task.claim},
 * {@code release.status-changed} only itself.
 */
@Component
public class AuditSearch {

  public static final int DEFAULT_SIZE = 50;
  public static final int LARGEST_SIZE = 100;
  private static final Pattern RELEASE = Pattern.compile("[A-Za-z0-9._-]{1,64}");
  private static final Pattern ACTION = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  /** One event as the search answers it: the release it belongs to (null: none) is named. */
  public record Item(long seq, Instant at, Long releaseId, String actor, String action, JsonNode details, String hash) {}

  /** A page of events, newest first; {@code total} counts every event the filters match. */
  public record Page(List<Item> items, int page, int size, long total) {}

  private final NamedParameterJdbcTemplate jdbc;
  private final ObjectMapper json;

  AuditSearch(NamedParameterJdbcTemplate jdbc, ObjectMapper json) {
    this.jdbc = jdbc;
    this.json = json;
  }

  /** Blank parameters are absent; page from 0, size 1 to 100 (default 50). */
  public Page search(String release, String actor, String action, String pageText, String sizeText) {
    QueryParameters query = new QueryParameters();
    String releaseText = blankToNull(release);
    if (releaseText != null && !RELEASE.matcher(releaseText).matches()) {
      query.problem("release", "must be a release's id or version ([A-Za-z0-9._-]{1,64})");
    }
    String actorText = blankToNull(actor);
    if (actorText != null && actorText.length() > 64) {
      query.problem("actor", "must be at most 64 characters, as a user id is");
    }
    String actionText = blankToNull(action);
    if (actionText != null && !ACTION.matcher(actionText).matches()) {
      query.problem("action", "must be an action such as release.requested, or its start such as release");
    }
    Integer page = query.integer("page", pageText, 0, 1_000_000, 0);
    Integer size = query.integer("size", sizeText, 1, LARGEST_SIZE, DEFAULT_SIZE);
    query.check();

    StringBuilder where = new StringBuilder(" WHERE 1 = 1");
    MapSqlParameterSource params = new MapSqlParameterSource();
    if (releaseText != null) {
      Long id = releaseId(releaseText);
      if (id == null) {
        return new Page(List.of(), page, size, 0);
      }
      where.append(" AND release_id = :release");
      params.addValue("release", id);
    }
    if (actorText != null) {
      where.append(" AND actor = :actor");
      params.addValue("actor", actorText);
    }
    if (actionText != null) {
      where.append(" AND (action = :action OR action LIKE :prefix ESCAPE '!')");
      params.addValue("action", actionText);
      params.addValue("prefix", actionText.replace("!", "!!").replace("_", "!_").replace("%", "!%") + ".%");
    }
    Long total = jdbc.queryForObject("SELECT COUNT(*) FROM audit_events" + where, params, Long.class);
    List<Item> items = new ArrayList<>();
    if (total != null && total > (long) page * size) {
      params.addValue("size", size).addValue("offset", (long) page * size);
      items = jdbc.query("SELECT seq, release_id, at, actor, action, details, hash FROM audit_events" + where
          + " ORDER BY seq DESC LIMIT :size OFFSET :offset", params, (rs, n) -> {
            long releaseId = rs.getLong("release_id");
            return new Item(rs.getLong("seq"), Db.instant(rs, "at"), rs.wasNull() ? null : releaseId,
                rs.getString("actor"), rs.getString("action"), parse(rs.getString("details")), rs.getString("hash"));
          });
    }
    return new Page(items, page, size, total == null ? 0 : total);
  }

  /** Every action in the trail, for choosing one. */
  public List<String> actions() {
    return jdbc.getJdbcTemplate().queryForList("SELECT DISTINCT action FROM audit_events ORDER BY action", String.class);
  }

  /** The release with this version, else with this id; null when there is none. */
  private Long releaseId(String release) {
    List<Long> byVersion = jdbc.queryForList("SELECT id FROM releases WHERE version = :version",
        new MapSqlParameterSource("version", release), Long.class);
    if (!byVersion.isEmpty()) {
      return byVersion.get(0);
    }
    if (!release.matches("[0-9]{1,18}")) {
      return null;
    }
    List<Long> byId = jdbc.queryForList("SELECT id FROM releases WHERE id = :id",
        new MapSqlParameterSource("id", Long.parseLong(release)), Long.class);
    return byId.isEmpty() ? null : byId.get(0);
  }

  private JsonNode parse(String details) {
    try {
      return json.readTree(details);
    } catch (java.io.IOException e) {
      // a row edited behind relman's back: show it as it is, verify will name it
      return json.getNodeFactory().textNode(details);
    }
  }

  private static String blankToNull(String text) {
    return text == null || text.isBlank() ? null : text.strip();
  }
}
