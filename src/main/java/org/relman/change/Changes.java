package org.relman.change;

import java.util.ArrayList;
import java.util.List;

import org.relman.shared.Db;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** The commits of each release's change set. */
@Repository
public class Changes {

  private final JdbcTemplate jdbc;

  Changes(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /** Replaces the release's change set: collecting twice (a redelivered task) leaves one copy. */
  void replace(long releaseId, ChangeSet changeSet) {
    List<Commit> commits = changeSet.commits();
    jdbc.update("DELETE FROM changes WHERE release_id = ?", releaseId);
    jdbc.update("DELETE FROM change_files WHERE release_id = ?", releaseId);
    jdbc.batchUpdate("INSERT INTO change_files (release_id, path, change_type, added, deleted, previous_path)"
            + " VALUES (?, ?, ?, ?, ?, ?)",
        changeSet.files().stream().map(f -> new Object[] {releaseId, truncate(f.path(), 1000), f.changeType(), f.added(),
            f.deleted(), f.previousPath() == null ? null : truncate(f.previousPath(), 1000)}).toList());
    List<Object[]> rows = new ArrayList<>();
    for (int i = 0; i < commits.size(); i++) {
      Commit c = commits.get(i);
      rows.add(new Object[] {releaseId, i, c.sha(), truncate(c.authorName(), 255), truncate(c.authorEmail(), 255),
          Db.param(c.committedAt()), truncate(c.subject(), 1000), c.body()});
    }
    jdbc.batchUpdate("INSERT INTO changes (release_id, position, sha, author_name, author_email, committed_at, subject, body)"
        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows);
  }

  public List<FileChange> files(long releaseId) {
    return jdbc.query("SELECT path, change_type, added, deleted, previous_path FROM change_files WHERE release_id = ?"
            + " ORDER BY path",
        (rs, n) -> new FileChange(rs.getString("path"), rs.getString("change_type"), rs.getInt("added"),
            rs.getInt("deleted"), rs.getString("previous_path")), releaseId);
  }

  public int count(long releaseId) {
    Integer count = jdbc.queryForObject("SELECT COUNT(*) FROM changes WHERE release_id = ?", Integer.class, releaseId);
    return count == null ? 0 : count;
  }

  public List<Commit> list(long releaseId) {
    return jdbc.query("SELECT sha, author_name, author_email, committed_at, subject, body FROM changes WHERE release_id = ?"
            + " ORDER BY position",
        (rs, n) -> new Commit(rs.getString("sha"), rs.getString("author_name"), rs.getString("author_email"),
            Db.instant(rs, "committed_at"), rs.getString("subject"), rs.getString("body")),
        releaseId);
  }

  /** The first {@code limit} commits of the change set, in its order: what a page shows of a change set of any size. */
  public List<Commit> first(long releaseId, int limit) {
    return jdbc.query("SELECT sha, author_name, author_email, committed_at, subject, body FROM changes WHERE release_id = ?"
            + " ORDER BY position LIMIT ?",
        (rs, n) -> new Commit(rs.getString("sha"), rs.getString("author_name"), rs.getString("author_email"),
            Db.instant(rs, "committed_at"), rs.getString("subject"), rs.getString("body")),
        releaseId, limit);
  }

  private static String truncate(String value, int max) {
    return value == null || value.length() <= max ? value : value.substring(0, max);
  }
}
