-- The audit trail is append-only, enforced by the database (H2; MySQL/MariaDB: db/vendor/mysql, same version).
-- AppendOnlyTrigger refuses every UPDATE and DELETE of audit_events, a DELETE of audit_head, and an UPDATE that does
-- not move the head forward.

CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events FOR EACH ROW CALL 'org.relman.audit.AppendOnlyTrigger';

CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events FOR EACH ROW CALL 'org.relman.audit.AppendOnlyTrigger';

CREATE TRIGGER audit_head_forward_only BEFORE UPDATE ON audit_head FOR EACH ROW CALL 'org.relman.audit.AppendOnlyTrigger';

CREATE TRIGGER audit_head_no_delete BEFORE DELETE ON audit_head FOR EACH ROW CALL 'org.relman.audit.AppendOnlyTrigger';
