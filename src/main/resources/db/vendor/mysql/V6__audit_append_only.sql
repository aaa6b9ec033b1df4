-- The audit trail is append-only, enforced by the database (MySQL/MariaDB; H2: db/vendor/h2, same version).
-- With binary logging on, MySQL 8 creates triggers only for an account with SUPER (or SET_USER_ID / SYSTEM_USER) or
-- with log_bin_trust_function_creators=1: see README, "Audit verification and the calendar feed".
-- The same script is in db/vendor/mariadb for the MariaDB driver, which reports the vendor "mariadb".

CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events FOR EACH ROW
  SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'audit_events is append-only: UPDATE of audit events is refused';

CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events FOR EACH ROW
  SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'audit_events is append-only: DELETE of audit events is refused';

CREATE TRIGGER audit_head_forward_only BEFORE UPDATE ON audit_head FOR EACH ROW
BEGIN
  IF NEW.id <> OLD.id OR NEW.seq <= OLD.seq THEN
    SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'audit_head only moves forward';
  END IF;
END;

CREATE TRIGGER audit_head_no_delete BEFORE DELETE ON audit_head FOR EACH ROW
  SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'audit_head cannot be deleted: it is the head of the audit chain';
