package org.relman.task;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.relman.shared.Db;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** The {@link TaskRecord}s: written once when a task is created, read at every door that works on it. */
@Repository
public class TaskRecords {

  private final JdbcTemplate jdbc;

  TaskRecords(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  void add(TaskRecord record) {
    jdbc.update("INSERT INTO task_records (task_id, release_id, kind, candidate_groups, requested_by, created_at)"
            + " VALUES (?, ?, ?, ?, ?, ?)", record.taskId(), record.releaseId(), record.kind(),
        String.join(",", record.candidateGroups()), record.requestedBy(), Db.param(record.createdAt()));
  }

  public Optional<TaskRecord> find(String taskId) {
    return jdbc.query("SELECT task_id, release_id, kind, candidate_groups, requested_by, created_at FROM task_records"
            + " WHERE task_id = ?",
        (rs, n) -> new TaskRecord(rs.getString("task_id"), rs.getLong("release_id"), rs.getString("kind"),
            groups(rs.getString("candidate_groups")), rs.getString("requested_by"), Db.instant(rs, "created_at")),
        taskId).stream().findFirst();
  }

  private static List<String> groups(String text) {
    return text == null || text.isBlank() ? List.of() : Arrays.stream(text.split(",")).map(String::strip).toList();
  }
}
