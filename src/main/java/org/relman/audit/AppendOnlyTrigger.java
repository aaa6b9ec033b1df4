package org.relman.audit;

import java.sql.Connection;
import java.sql.SQLException;

import org.h2.api.Trigger;

/**
 * The embedded H2 database's guard for the audit trail (created by {@code db/vendor/h2/V6__audit_append_only.sql}):
 * the database itself refuses to change or delete an audit event, and to delete or rewind the chain head. MySQL and
 * MariaDB get the same rules as SQL triggers ({@code db/vendor/mysql}). The hash chain still detects what someone with
 * the rights to drop these triggers does; the triggers make sure no application bug or careless statement does it.
 */
public class AppendOnlyTrigger implements Trigger {

  private String table;
  private int type;

  @Override
  public void init(Connection conn, String schemaName, String triggerName, String tableName, boolean before, int type) {
    this.table = tableName.toLowerCase(java.util.Locale.ROOT);
    this.type = type;
  }

  @Override
  public void fire(Connection conn, Object[] oldRow, Object[] newRow) throws SQLException {
    if (table.equals("audit_events")) {
      throw refusal("audit_events is append-only: " + (type == DELETE ? "DELETE" : "UPDATE") + " of audit events is refused");
    }
    if (type == DELETE) {
      throw refusal("audit_head cannot be deleted: it is the head of the audit chain");
    }
    // audit_head (id, seq, hash): appends move it forward, nothing moves it back
    long oldSeq = ((Number) oldRow[1]).longValue();
    long newSeq = ((Number) newRow[1]).longValue();
    if (!oldRow[0].equals(newRow[0]) || newSeq <= oldSeq) {
      throw refusal("audit_head only moves forward: seq " + oldSeq + " cannot become " + newSeq);
    }
  }

  private static SQLException refusal(String message) {
    // 45000: the SQLSTATE MySQL triggers SIGNAL for the same refusal
    return new SQLException(message, "45000");
  }
}
