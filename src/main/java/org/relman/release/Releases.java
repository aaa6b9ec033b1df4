package org.relman.release;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.relman.shared.Db;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

/** Stores releases with their services and promotion path. */
@Repository
public class Releases {

  private static final String COLUMNS = "id, version, name, requested_by, requested_at, planned_start, hotfix, rollback_plan,"
      + " facts, repository_url, from_ref, to_ref, from_sha, to_sha, status, status_changed_at, process_instance_id,"
      + " cancel_reason, cancelled_by, ended_at";

  private final JdbcTemplate jdbc;
  private final NamedParameterJdbcTemplate named;

  Releases(JdbcTemplate jdbc, NamedParameterJdbcTemplate named) {
    this.jdbc = jdbc;
    this.named = named;
  }

  /** What a new release starts with; the database gives it its id. */
  public record NewRelease(String version, String name, List<String> services, List<String> environments, String requestedBy,
      Instant requestedAt, Instant plannedStart, boolean hotfix, String rollbackPlan, String factsJson,
      Release.Repository repository) {}

  public Release insert(NewRelease r) {
    var key = new GeneratedKeyHolder();
    jdbc.update(con -> {
      PreparedStatement ps = con.prepareStatement("INSERT INTO releases (version, name, requested_by, requested_at,"
          + " planned_start, hotfix, rollback_plan, facts, repository_url, from_ref, to_ref, status, status_changed_at)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS);
      ps.setString(1, r.version());
      ps.setString(2, r.name());
      ps.setString(3, r.requestedBy());
      ps.setObject(4, Db.param(r.requestedAt()));
      ps.setObject(5, Db.param(r.plannedStart()));
      ps.setBoolean(6, r.hotfix());
      ps.setString(7, r.rollbackPlan());
      ps.setString(8, r.factsJson());
      ps.setString(9, r.repository().url());
      ps.setString(10, r.repository().fromRef());
      ps.setString(11, r.repository().toRef());
      ps.setString(12, ReleaseStatus.PLANNING.name());
      ps.setObject(13, Db.param(r.requestedAt()));
      return ps;
    }, key);
    long id = key.getKey().longValue();
    List<Object[]> services = new ArrayList<>();
    for (int i = 0; i < r.services().size(); i++) {
      services.add(new Object[] {id, r.services().get(i), i});
    }
    jdbc.batchUpdate("INSERT INTO release_services (release_id, service, position) VALUES (?, ?, ?)", services);
    List<Object[]> environments = new ArrayList<>();
    for (int i = 0; i < r.environments().size(); i++) {
      environments.add(new Object[] {id, i, r.environments().get(i)});
    }
    jdbc.batchUpdate("INSERT INTO release_environments (release_id, position, name) VALUES (?, ?, ?)", environments);
    return find(id).orElseThrow();
  }

  public Optional<Release> find(long id) {
    return one("SELECT " + COLUMNS + " FROM releases WHERE id = ?", id);
  }

  /** Loads the release and locks its row until the transaction ends: every change to a release goes through here. */
  public Optional<Release> lock(long id) {
    return one("SELECT " + COLUMNS + " FROM releases WHERE id = ? FOR UPDATE", id);
  }

  /** The versions of these releases, by id, read a few hundred at a time; an id without a release is left out. */
  public Map<Long, String> versions(Collection<Long> ids) {
    Map<Long, String> versions = new HashMap<>();
    for (List<Long> slice : Db.inLists(ids)) {
      named.query("SELECT id, version FROM releases WHERE id IN (:ids)", Map.of("ids", slice),
          (org.springframework.jdbc.core.RowCallbackHandler) rs -> versions.put(rs.getLong("id"), rs.getString("version")));
    }
    return versions;
  }

  /** The release of this version (versions are unique), if there is one. */
  public Optional<Release> findByVersion(String version) {
    return load(jdbc.query("SELECT " + COLUMNS + " FROM releases WHERE version = ?", this::row, version)).stream().findFirst();
  }

  public boolean versionTaken(String version) {
    return Boolean.TRUE.equals(jdbc.queryForObject("SELECT COUNT(*) > 0 FROM releases WHERE version = ?", Boolean.class, version));
  }

  public void save(Release r) {
    jdbc.update("UPDATE releases SET planned_start = ?, from_sha = ?, to_sha = ?, status = ?, status_changed_at = ?,"
            + " process_instance_id = ?, cancel_reason = ?, cancelled_by = ?, ended_at = ? WHERE id = ?",
        Db.param(r.plannedStart()), r.fromSha(), r.toSha(), r.status().name(), Db.param(r.statusChangedAt()),
        r.processInstanceId(), r.cancelReason(), r.cancelledBy(), Db.param(r.endedAt()), r.id());
  }

  /**
   * Search criteria of {@code GET /api/releases} and the board; null means "any". {@code version} matches exactly,
   * {@code versionPrefix} (the board's search box) the versions that start with it.
   */
  public record Criteria(ReleaseStatus status, String service, Instant from, Instant to, int page, int size,
      String version, String versionPrefix) {

    public Criteria(ReleaseStatus status, String service, Instant from, Instant to, int page, int size) {
      this(status, service, from, to, page, size, null, null);
    }

    public Criteria(ReleaseStatus status, String service, Instant from, Instant to, int page, int size,
        String version) {
      this(status, service, from, to, page, size, version, null);
    }
  }

  public record Page(List<Release> items, long total) {}

  public Page search(Criteria c) {
    return search(c, Long.MAX_VALUE);
  }

  /**
   * A page of releases with the total counted up to {@code countUpTo} (then {@code countUpTo}, meaning "at least"): a
   * list people page through needs no exact count of a hundred thousand rows on every refresh.
   */
  public Page search(Criteria c, long countUpTo) {
    StringBuilder where = new StringBuilder(" WHERE 1 = 1");
    var params = new MapSqlParameterSource();
    if (c.status() != null) {
      where.append(" AND r.status = :status");
      params.addValue("status", c.status().name());
    }
    if (c.service() != null) {
      where.append(" AND EXISTS (SELECT 1 FROM release_services s WHERE s.release_id = r.id AND s.service = :service)");
      params.addValue("service", c.service());
    }
    if (c.version() != null) {
      where.append(" AND r.version = :version");
      params.addValue("version", c.version());
    }
    if (c.versionPrefix() != null && !c.versionPrefix().isEmpty()) {
      // a prefix LIKE uses the unique index on version; the escape character keeps _ and % literal
      where.append(" AND r.version LIKE :versionPrefix ESCAPE '!'");
      params.addValue("versionPrefix", c.versionPrefix().replaceAll("([!%_])", "!$1") + "%");
    }
    if (c.from() != null) {
      where.append(" AND r.planned_start >= :from");
      params.addValue("from", Db.param(c.from()));
    }
    if (c.to() != null) {
      where.append(" AND r.planned_start < :to");
      params.addValue("to", Db.param(c.to()));
    }
    Long total = countUpTo == Long.MAX_VALUE
        ? named.queryForObject("SELECT COUNT(*) FROM releases r" + where, params, Long.class)
        : named.queryForObject("SELECT COUNT(*) FROM (SELECT r.id FROM releases r" + where + " LIMIT " + countUpTo
            + ") counted", params, Long.class);
    params.addValue("limit", c.size()).addValue("offset", (long) c.page() * c.size());
    // the page's ids first, from the index alone, then their rows: a deep page does not read the rows it skips
    List<Release> items = load(named.query("SELECT " + COLUMNS.replaceAll("(\\w+)", "r.$1") + " FROM releases r"
        + " JOIN (SELECT r.id FROM releases r" + where + " ORDER BY r.planned_start DESC, r.id DESC"
        + " LIMIT :limit OFFSET :offset) page ON page.id = r.id ORDER BY r.planned_start DESC, r.id DESC", params,
        this::row));
    return new Page(items, total == null ? 0 : total);
  }

  private Optional<Release> one(String sql, long id) {
    return load(jdbc.query(sql, this::row, id)).stream().findFirst();
  }

  /** Fills in services and environments for a batch of rows with two queries. */
  private List<Release> load(List<Row> rows) {
    if (rows.isEmpty()) {
      return List.of();
    }
    var ids = new MapSqlParameterSource("ids", rows.stream().map(Row::id).toList());
    Map<Long, List<String>> services = new HashMap<>();
    named.query("SELECT release_id, service FROM release_services WHERE release_id IN (:ids) ORDER BY release_id, position", ids,
        rs -> {
          services.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(rs.getString(2));
        });
    Map<Long, List<String>> environments = new HashMap<>();
    named.query("SELECT release_id, name FROM release_environments WHERE release_id IN (:ids) ORDER BY release_id, position",
        ids, rs -> {
          environments.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(rs.getString(2));
        });
    Map<Long, Release> result = new LinkedHashMap<>();
    for (Row row : rows) {
      result.put(row.id(), row.toRelease(services.getOrDefault(row.id(), List.of()), environments.getOrDefault(row.id(), List.of())));
    }
    return List.copyOf(result.values());
  }

  private Row row(ResultSet rs, int n) throws SQLException {
    return new Row(rs.getLong("id"), rs.getString("version"), rs.getString("name"), rs.getString("requested_by"),
        Db.instant(rs, "requested_at"), Db.instant(rs, "planned_start"), rs.getBoolean("hotfix"), rs.getString("rollback_plan"),
        rs.getString("facts"), new Release.Repository(rs.getString("repository_url"), rs.getString("from_ref"), rs.getString("to_ref")),
        rs.getString("from_sha"), rs.getString("to_sha"), ReleaseStatus.valueOf(rs.getString("status")),
        Db.instant(rs, "status_changed_at"), rs.getString("process_instance_id"), rs.getString("cancel_reason"),
        rs.getString("cancelled_by"), Db.instant(rs, "ended_at"));
  }

  private record Row(long id, String version, String name, String requestedBy, Instant requestedAt, Instant plannedStart,
      boolean hotfix, String rollbackPlan, String factsJson, Release.Repository repository, String fromSha, String toSha,
      ReleaseStatus status, Instant statusChangedAt, String processInstanceId, String cancelReason, String cancelledBy,
      Instant endedAt) {

    Release toRelease(List<String> services, List<String> environments) {
      return new Release(id, version, name, services, environments, requestedBy, requestedAt, plannedStart, hotfix,
          rollbackPlan, factsJson, repository, fromSha, toSha, status, statusChangedAt, processInstanceId, cancelReason,
          cancelledBy, endedAt);
    }
  }
}
