package org.relman.task;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.relman.shared.Db;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/** The {@link TaskRecord}s: written once when a task is created, read at every door that works on it. */
@Repository
public class TaskRecords {

  private static final String SELECT =
      "SELECT task_id, release_id, kind, candidate_groups, requested_by, created_at FROM task_records";

  private final JdbcTemplate jdbc;
  private final NamedParameterJdbcTemplate named;

  TaskRecords(JdbcTemplate jdbc, NamedParameterJdbcTemplate named) {
    this.jdbc = jdbc;
    this.named = named;
  }

  void add(TaskRecord record) {
    jdbc.update("INSERT INTO task_records (task_id, release_id, kind, candidate_groups, requested_by, created_at)"
            + " VALUES (?, ?, ?, ?, ?, ?)", record.taskId(), record.releaseId(), record.kind(),
        String.join(",", record.candidateGroups()), record.requestedBy(), Db.param(record.createdAt()));
  }

  public Optional<TaskRecord> find(String taskId) {
    return jdbc.query(SELECT + " WHERE task_id = ?", TaskRecords::row, taskId).stream().findFirst();
  }

  /** The records of these tasks, by task id, read a few hundred at a time; a task without one is left out. */
  Map<String, TaskRecord> findAll(Collection<String> taskIds) {
    Map<String, TaskRecord> found = new HashMap<>();
    for (List<String> ids : Db.inLists(taskIds)) {
      named.query(SELECT + " WHERE task_id IN (:ids)", Map.of("ids", ids), TaskRecords::row)
          .forEach(record -> found.put(record.taskId(), record));
    }
    return found;
  }

  private static TaskRecord row(ResultSet rs, int n) throws SQLException {
    return new TaskRecord(rs.getString("task_id"), rs.getLong("release_id"), rs.getString("kind"),
        groups(rs.getString("candidate_groups")), rs.getString("requested_by"), Db.instant(rs, "created_at"));
  }

  private static List<String> groups(String text) {
    return text == null || text.isBlank() ? List.of() : Arrays.stream(text.split(",")).map(String::strip).toList();
  }
}
