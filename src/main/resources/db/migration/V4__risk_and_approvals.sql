-- The files a change set touches (for change size and sensitive paths), the risk assessment of each release, and
-- approval escalations.

CREATE TABLE change_files (
  release_id  BIGINT        NOT NULL,
  path        VARCHAR(1000) NOT NULL,
  change_type VARCHAR(16)   NOT NULL,
  added       INT           NOT NULL,
  deleted     INT           NOT NULL,
  CONSTRAINT fk_change_files_release FOREIGN KEY (release_id) REFERENCES releases (id)
);
CREATE INDEX ix_change_files_release ON change_files (release_id);

CREATE TABLE risk_assessments (
  id                 BIGINT AUTO_INCREMENT PRIMARY KEY,
  release_id         BIGINT       NOT NULL,
  level              VARCHAR(16)  NOT NULL,
  required_approvals VARCHAR(200) NOT NULL,
  facts              TEXT         NOT NULL,
  decision           VARCHAR(200) NOT NULL,
  assessed_at        DATETIME(3)  NOT NULL,
  CONSTRAINT fk_risk_assessments_release FOREIGN KEY (release_id) REFERENCES releases (id)
);
CREATE INDEX ix_risk_assessments_release ON risk_assessments (release_id, id);

CREATE TABLE escalations (
  id           BIGINT AUTO_INCREMENT PRIMARY KEY,
  release_id   BIGINT      NOT NULL,
  kind         VARCHAR(32) NOT NULL,
  task_id      VARCHAR(64) NOT NULL,
  overdue_since DATETIME(3) NOT NULL,
  escalated_at DATETIME(3) NOT NULL,
  CONSTRAINT fk_escalations_release FOREIGN KEY (release_id) REFERENCES releases (id)
);
CREATE INDEX ix_escalations_release ON escalations (release_id);
