-- What each human step is, recorded by relman when the engine creates the task: its kind (and so its form), who may
-- work on it, and who requested the release (four eyes). Completions are checked against this record, never against
-- process variables, which the person completing a task could set.

CREATE TABLE task_records (
  task_id          VARCHAR(64)   NOT NULL PRIMARY KEY,
  release_id       BIGINT        NOT NULL,
  kind             VARCHAR(64)   NOT NULL,
  candidate_groups VARCHAR(1000) NOT NULL,
  requested_by     VARCHAR(255)  NOT NULL,
  created_at       DATETIME(3)   NOT NULL,
  CONSTRAINT fk_task_records_release FOREIGN KEY (release_id) REFERENCES releases (id)
);
CREATE INDEX ix_task_records_release ON task_records (release_id);
