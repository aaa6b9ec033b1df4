-- DORA metrics. Two small tables kept in the transaction that finishes a production deployment, its rollback, or the
-- hotfix that follows it (org.relman.metrics.DoraHistory), so GET /api/metrics/dora aggregates over indexed rows
-- instead of joining deployments, releases, soaks and changes. Backfilled below from the rows already there, by the
-- same rules. Portable between H2 and MySQL/MariaDB.

-- one row per finished production deploy (succeeded or failed); production is the last environment of the release's
-- promotion path
CREATE TABLE dora_deployments (
  deployment_pk            BIGINT      NOT NULL PRIMARY KEY,  -- deployments.id
  release_id               BIGINT      NOT NULL,
  environment              VARCHAR(64) NOT NULL,
  finished_at              DATETIME(3) NOT NULL,
  succeeded                BOOLEAN     NOT NULL,
  hotfix                   BOOLEAN     NOT NULL,
  rolled_back              BOOLEAN     DEFAULT FALSE NOT NULL,
  -- failure detected (failed deploy, monitoring breach, or the rollback's start) until the rollback finished
  rollback_restore_seconds BIGINT,
  -- this deployment finished until the hotfix that followed it (same service, the next healthy one) was deployed;
  -- the failure window is applied when the metrics are read, so changing it applies to the whole history
  hotfix_after_seconds     BIGINT,
  CONSTRAINT fk_dora_deployments_release FOREIGN KEY (release_id) REFERENCES releases (id)
);
-- covers every column the metrics read, so a range is an index-only scan
CREATE INDEX ix_dora_deployments_finished ON dora_deployments (finished_at, succeeded, rolled_back, hotfix_after_seconds,
  rollback_restore_seconds);
CREATE INDEX ix_dora_deployments_release ON dora_deployments (release_id, finished_at);

-- one row per commit a successful production deploy shipped: commit time until the deploy finished
CREATE TABLE dora_lead_times (
  deployment_pk BIGINT      NOT NULL,
  position      INT         NOT NULL,
  release_id    BIGINT      NOT NULL,
  deployed_at   DATETIME(3) NOT NULL,
  lead_seconds  BIGINT      NOT NULL,
  lead_hours    BIGINT      NOT NULL,  -- FLOOR(lead_seconds / 3600): percentiles count per hour first (DoraMetrics)
  PRIMARY KEY (deployment_pk, position)
);
CREATE INDEX ix_dora_lead_times_deployed ON dora_lead_times (deployed_at, lead_hours);
CREATE INDEX ix_dora_lead_times_release ON dora_lead_times (release_id, deployed_at, lead_seconds);
-- the value at a rank, once its hour is known (see DoraMetrics)
CREATE INDEX ix_dora_lead_times_lead ON dora_lead_times (lead_seconds, deployed_at, release_id);

-- backfill: production deploys that have finished
INSERT INTO dora_deployments (deployment_pk, release_id, environment, finished_at, succeeded, hotfix, rolled_back)
SELECT d.id, d.release_id, d.environment, d.finished_at, d.status = 'SUCCEEDED', r.hotfix, FALSE
FROM deployments d JOIN releases r ON r.id = d.release_id
WHERE d.action = 'DEPLOY' AND d.status IN ('SUCCEEDED', 'FAILED') AND d.finished_at IS NOT NULL
  AND d.environment = (SELECT e.name FROM release_environments e WHERE e.release_id = d.release_id
      AND e.position = (SELECT MAX(p.position) FROM release_environments p WHERE p.release_id = d.release_id));

-- backfill: rolled back (the first rollback of the environment that succeeded)
UPDATE dora_deployments SET rolled_back = TRUE,
  rollback_restore_seconds = (
    SELECT TIMESTAMPDIFF(SECOND,
        CASE WHEN NOT dora_deployments.succeeded THEN dora_deployments.finished_at
             ELSE COALESCE((SELECT s.finished_at FROM soaks s WHERE s.release_id = rb.release_id
                 AND s.environment = rb.environment AND s.status = 'BREACHED'), rb.started_at) END,
        rb.finished_at)
    FROM deployments rb
    WHERE rb.release_id = dora_deployments.release_id AND rb.environment = dora_deployments.environment
      AND rb.action = 'ROLLBACK' AND rb.status = 'SUCCEEDED'
      AND rb.id = (SELECT MIN(f.id) FROM deployments f WHERE f.release_id = rb.release_id
          AND f.environment = rb.environment AND f.action = 'ROLLBACK' AND f.status = 'SUCCEEDED'))
WHERE EXISTS (SELECT 1 FROM deployments rb WHERE rb.release_id = dora_deployments.release_id
    AND rb.environment = dora_deployments.environment AND rb.action = 'ROLLBACK' AND rb.status = 'SUCCEEDED');

-- backfill: a successful hotfix blames, per service, the latest earlier production deployment of that service that
-- succeeded and was not rolled back: its predecessor among those, in the order they finished (window functions keep
-- this linear in the history; a scratch table because MySQL cannot update a table it selects from)
CREATE TABLE dora_hotfix_backfill AS
SELECT x.previous_pk AS blamed, MIN(TIMESTAMPDIFF(SECOND, x.previous_at, x.finished_at)) AS after_seconds
FROM (SELECT d.finished_at, d.hotfix,
        LAG(d.deployment_pk) OVER (PARTITION BY s.service ORDER BY d.finished_at, d.deployment_pk) AS previous_pk,
        LAG(d.finished_at) OVER (PARTITION BY s.service ORDER BY d.finished_at, d.deployment_pk) AS previous_at,
        LAG(d.rolled_back) OVER (PARTITION BY s.service ORDER BY d.finished_at, d.deployment_pk) AS previous_rolled_back
      FROM dora_deployments d JOIN release_services s ON s.release_id = d.release_id
      WHERE d.succeeded AND (NOT d.rolled_back OR d.hotfix)) x
WHERE x.hotfix AND x.previous_pk IS NOT NULL AND NOT x.previous_rolled_back AND x.previous_at < x.finished_at
GROUP BY x.previous_pk;
CREATE UNIQUE INDEX ix_dora_hotfix_backfill ON dora_hotfix_backfill (blamed);

UPDATE dora_deployments SET hotfix_after_seconds =
  (SELECT b.after_seconds FROM dora_hotfix_backfill b WHERE b.blamed = dora_deployments.deployment_pk)
WHERE deployment_pk IN (SELECT b.blamed FROM dora_hotfix_backfill b);

DROP TABLE dora_hotfix_backfill;

-- backfill: lead time of every commit a successful production deploy shipped
INSERT INTO dora_lead_times (deployment_pk, position, release_id, deployed_at, lead_seconds, lead_hours)
SELECT d.deployment_pk, c.position, d.release_id, d.finished_at, TIMESTAMPDIFF(SECOND, c.committed_at, d.finished_at),
  FLOOR(TIMESTAMPDIFF(SECOND, c.committed_at, d.finished_at) / 3600.0)
FROM dora_deployments d JOIN changes c ON c.release_id = d.release_id
WHERE d.succeeded;
