-- Searching the audit trail by actor or action (GET /api/audit, the audit page), newest first: each filter is an
-- index range read backwards from the highest seq, and a count over the same index. Searching by release uses
-- ix_audit_events_release (V1). Portable between H2 and MySQL/MariaDB; adding indexes changes no audit row.
CREATE INDEX ix_audit_events_actor ON audit_events (actor, seq);
CREATE INDEX ix_audit_events_action ON audit_events (action, seq);
