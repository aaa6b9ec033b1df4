-- relman application tables. Portable between H2 and MySQL/MariaDB: the same script runs on both.
-- Times are DATETIME(3) holding UTC wall-clock values (see org.relman.shared.Db).

CREATE TABLE releases (
  id                  BIGINT AUTO_INCREMENT PRIMARY KEY,
  version             VARCHAR(64)   NOT NULL,
  name                VARCHAR(200),
  requested_by        VARCHAR(64)   NOT NULL,
  requested_at        DATETIME(3)   NOT NULL,
  planned_start       DATETIME(3)   NOT NULL,
  hotfix              BOOLEAN       NOT NULL,
  rollback_plan       VARCHAR(4000),
  facts               TEXT,
  repository_url      VARCHAR(1000) NOT NULL,
  from_ref            VARCHAR(255)  NOT NULL,
  to_ref              VARCHAR(255)  NOT NULL,
  from_sha            VARCHAR(40),
  to_sha              VARCHAR(40),
  status              VARCHAR(32)   NOT NULL,
  status_changed_at   DATETIME(3)   NOT NULL,
  process_instance_id VARCHAR(64),
  cancel_reason       VARCHAR(4000),
  cancelled_by        VARCHAR(64),
  ended_at            DATETIME(3),
  CONSTRAINT uq_releases_version UNIQUE (version)
);
CREATE INDEX ix_releases_planned_start ON releases (planned_start);
CREATE INDEX ix_releases_status ON releases (status);

CREATE TABLE release_services (
  release_id BIGINT      NOT NULL,
  service    VARCHAR(64) NOT NULL,
  position   INT         NOT NULL,
  PRIMARY KEY (release_id, service),
  CONSTRAINT fk_release_services_release FOREIGN KEY (release_id) REFERENCES releases (id)
);
CREATE INDEX ix_release_services_service ON release_services (service);

-- the promotion path a release was requested with, in order
CREATE TABLE release_environments (
  release_id BIGINT      NOT NULL,
  position   INT         NOT NULL,
  name       VARCHAR(64) NOT NULL,
  PRIMARY KEY (release_id, position),
  CONSTRAINT fk_release_environments_release FOREIGN KEY (release_id) REFERENCES releases (id)
);

CREATE TABLE changes (
  release_id   BIGINT        NOT NULL,
  position     INT           NOT NULL,
  sha          VARCHAR(40)   NOT NULL,
  author_name  VARCHAR(255)  NOT NULL,
  author_email VARCHAR(255)  NOT NULL,
  committed_at DATETIME(3)   NOT NULL,
  subject      VARCHAR(1000) NOT NULL,
  body         TEXT,
  PRIMARY KEY (release_id, position),
  CONSTRAINT fk_changes_release FOREIGN KEY (release_id) REFERENCES releases (id)
);

-- one row per required gate; report_seq counts reports, consumed_seq is the last one the process acted on
CREATE TABLE gates (
  release_id   BIGINT        NOT NULL,
  name         VARCHAR(64)   NOT NULL,
  status       VARCHAR(16)   NOT NULL,
  report_seq   INT           NOT NULL,
  consumed_seq INT           NOT NULL,
  reported_at  DATETIME(3),
  summary      VARCHAR(4000),
  url          VARCHAR(2000),
  tests_total  INT,
  tests_failed INT,
  coverage     DECIMAL(5,2),
  PRIMARY KEY (release_id, name),
  CONSTRAINT fk_gates_release FOREIGN KEY (release_id) REFERENCES releases (id)
);

CREATE TABLE approvals (
  id         BIGINT AUTO_INCREMENT PRIMARY KEY,
  release_id BIGINT       NOT NULL,
  kind       VARCHAR(32)  NOT NULL,
  decision   VARCHAR(32)  NOT NULL,
  decided_by VARCHAR(64)  NOT NULL,
  decided_at DATETIME(3)  NOT NULL,
  comment    TEXT,
  task_id    VARCHAR(64)  NOT NULL,
  CONSTRAINT fk_approvals_release FOREIGN KEY (release_id) REFERENCES releases (id)
);
CREATE INDEX ix_approvals_release ON approvals (release_id);

CREATE TABLE deployments (
  id                   BIGINT AUTO_INCREMENT PRIMARY KEY,
  deployment_id        VARCHAR(36)  NOT NULL,
  release_id           BIGINT       NOT NULL,
  environment          VARCHAR(64)  NOT NULL,
  action               VARCHAR(16)  NOT NULL,
  status               VARCHAR(16)  NOT NULL,
  activity_instance_id VARCHAR(64)  NOT NULL,
  attempts             INT          NOT NULL,
  started_at           DATETIME(3)  NOT NULL,
  finished_at          DATETIME(3),
  exit_code            INT,
  output               MEDIUMTEXT,
  failure_reason       VARCHAR(4000),
  CONSTRAINT uq_deployments_deployment_id UNIQUE (deployment_id),
  CONSTRAINT uq_deployments_step UNIQUE (release_id, environment, action, activity_instance_id),
  CONSTRAINT fk_deployments_release FOREIGN KEY (release_id) REFERENCES releases (id)
);

CREATE TABLE reviews (
  id         BIGINT AUTO_INCREMENT PRIMARY KEY,
  release_id BIGINT      NOT NULL,
  kind       VARCHAR(32) NOT NULL,
  summary    TEXT        NOT NULL,
  root_cause TEXT,
  follow_ups TEXT,
  written_by VARCHAR(64) NOT NULL,
  written_at DATETIME(3) NOT NULL,
  task_id    VARCHAR(64) NOT NULL,
  CONSTRAINT fk_reviews_release FOREIGN KEY (release_id) REFERENCES releases (id)
);
CREATE INDEX ix_reviews_release ON reviews (release_id);

-- hash-chained audit trail; audit_head is the single row every append locks
CREATE TABLE audit_events (
  seq        BIGINT      NOT NULL PRIMARY KEY,
  release_id BIGINT,
  at         DATETIME(3) NOT NULL,
  actor      VARCHAR(64) NOT NULL,
  action     VARCHAR(64) NOT NULL,
  details    TEXT        NOT NULL,
  prev_hash  VARCHAR(64) NOT NULL,
  hash       VARCHAR(64) NOT NULL
);
CREATE INDEX ix_audit_events_release ON audit_events (release_id, seq);

CREATE TABLE audit_head (
  id   INT         NOT NULL PRIMARY KEY,
  seq  BIGINT      NOT NULL,
  hash VARCHAR(64) NOT NULL
);
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

-- signatures of accepted webhook deliveries, kept past the timestamp window to refuse replays
CREATE TABLE webhook_deliveries (
  signature   VARCHAR(64) NOT NULL PRIMARY KEY,
  received_at DATETIME(3) NOT NULL
);
CREATE INDEX ix_webhook_deliveries_received ON webhook_deliveries (received_at);
