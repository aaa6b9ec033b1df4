-- The notification outbox: one row per milestone and target (an e-mail to its recipients, or one webhook), written in
-- the milestone's transaction and sent after it commits by org.relman.notify.NotificationDispatcher.
-- Portable between H2 and MySQL/MariaDB. Times are DATETIME(3) holding UTC wall-clock values (see org.relman.shared.Db).
CREATE TABLE notifications (
  id              BIGINT AUTO_INCREMENT PRIMARY KEY,
  release_id      BIGINT        NOT NULL,
  event           VARCHAR(32)   NOT NULL,
  channel         VARCHAR(16)   NOT NULL,
  -- e-mail: comma-separated recipients; webhook: its URL
  target          VARCHAR(4000) NOT NULL,
  subject         VARCHAR(500)  NOT NULL,
  body            TEXT          NOT NULL,
  -- PENDING (queued or waiting for a retry), DELIVERED, FAILED (gave up)
  status          VARCHAR(16)   NOT NULL,
  attempts        INT           NOT NULL,
  created_at      DATETIME(3)   NOT NULL,
  next_attempt_at DATETIME(3)   NOT NULL,
  -- the node sending it, until when: another node takes over a delivery whose lease has run out
  claimed_by      VARCHAR(100),
  claimed_until   DATETIME(3),
  last_attempt_at DATETIME(3),
  delivered_at    DATETIME(3),
  last_error      VARCHAR(2000),
  CONSTRAINT fk_notifications_release FOREIGN KEY (release_id) REFERENCES releases (id)
);
CREATE INDEX ix_notifications_due ON notifications (status, next_attempt_at);
CREATE INDEX ix_notifications_release ON notifications (release_id, id);
