-- Promotion state per environment, webhook deployments, monitoring soaks and their checks.

ALTER TABLE release_environments ADD COLUMN state VARCHAR(16) DEFAULT 'PENDING' NOT NULL;
ALTER TABLE release_environments ADD COLUMN state_reason VARCHAR(2000);
ALTER TABLE release_environments ADD COLUMN state_changed_at DATETIME(3);

-- how the deployment was made, why (for rollbacks), and what a crash or a callback needs to find it again
ALTER TABLE deployments ADD COLUMN deployer VARCHAR(16) DEFAULT 'COMMAND' NOT NULL;
ALTER TABLE deployments ADD COLUMN reason VARCHAR(2000);
ALTER TABLE deployments ADD COLUMN external_task_id VARCHAR(64);
ALTER TABLE deployments ADD COLUMN worker_id VARCHAR(255);
ALTER TABLE deployments ADD COLUMN callback_deadline DATETIME(3);
ALTER TABLE deployments ADD COLUMN pid BIGINT;
ALTER TABLE deployments ADD COLUMN pid_started_at DATETIME(3);
ALTER TABLE deployments ADD COLUMN pid_host VARCHAR(255);

-- one soak (monitoring window) per environment of a release
CREATE TABLE soaks (
  release_id           BIGINT        NOT NULL,
  environment          VARCHAR(64)   NOT NULL,
  status               VARCHAR(16)   NOT NULL,
  started_at           DATETIME(3)   NOT NULL,
  ends_at              DATETIME(3)   NOT NULL,
  rounds               INT           NOT NULL,
  consecutive_breaches INT           NOT NULL,
  reason               VARCHAR(4000),
  finished_at          DATETIME(3),
  PRIMARY KEY (release_id, environment),
  CONSTRAINT fk_soaks_release FOREIGN KEY (release_id) REFERENCES releases (id)
);

-- every check result: a PromQL query or the health URL, per round
CREATE TABLE checks (
  id          BIGINT AUTO_INCREMENT PRIMARY KEY,
  release_id  BIGINT        NOT NULL,
  environment VARCHAR(64)   NOT NULL,
  round       INT           NOT NULL,
  name        VARCHAR(128)  NOT NULL,
  measured    DOUBLE,
  min_value   DOUBLE,
  max_value   DOUBLE,
  passed      BOOLEAN       NOT NULL,
  detail      VARCHAR(1000),
  at          DATETIME(3)   NOT NULL,
  CONSTRAINT fk_checks_release FOREIGN KEY (release_id) REFERENCES releases (id)
);
CREATE INDEX ix_checks_release ON checks (release_id, id);
