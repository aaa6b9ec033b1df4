-- Freeze windows: one-off (starts_at, ends_at) or recurring (cron in a zone, for a duration); no services = all.

CREATE TABLE freezes (
  id         BIGINT AUTO_INCREMENT PRIMARY KEY,
  name       VARCHAR(200) NOT NULL,
  starts_at  DATETIME(3),
  ends_at    DATETIME(3),
  cron       VARCHAR(200),
  duration   VARCHAR(64),
  zone       VARCHAR(64),
  created_by VARCHAR(64)  NOT NULL,
  created_at DATETIME(3)  NOT NULL,
  deleted_by VARCHAR(64),
  deleted_at DATETIME(3)
);

CREATE TABLE freeze_services (
  freeze_id BIGINT      NOT NULL,
  service   VARCHAR(64) NOT NULL,
  PRIMARY KEY (freeze_id, service),
  CONSTRAINT fk_freeze_services_freeze FOREIGN KEY (freeze_id) REFERENCES freezes (id)
);
