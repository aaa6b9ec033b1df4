-- Searching the audit trail by actor or action (GET /api/audit, the audit page), newest first: each filter is an
-- index range read backwards from the highest seq, and a count over the same index. Searching by release uses
-- ix_audit_events_release (V1). Adding indexes changes no audit row.
CREATE INDEX ix_audit_events_actor ON audit_events (actor, seq);
CREATE INDEX ix_audit_events_action ON audit_events (action, seq);

-- What runs where (GET /api/environments, org.relman.deploy.RunningVersions): one row per deployment or rollback and
-- service of its release, written with the deployment (Deployments.insert), so the latest steps of one service in one
-- environment are an index range read newest first instead of a join over every deployment. Backfilled below.
CREATE TABLE deployment_services (
  deployment_pk BIGINT      NOT NULL,
  environment   VARCHAR(64) NOT NULL,
  service       VARCHAR(64) NOT NULL,
  PRIMARY KEY (deployment_pk, service),
  CONSTRAINT fk_deployment_services_deployment FOREIGN KEY (deployment_pk) REFERENCES deployments (id)
);
CREATE INDEX ix_deployment_services_latest ON deployment_services (environment, service, deployment_pk);

INSERT INTO deployment_services (deployment_pk, environment, service)
SELECT d.id, d.environment, s.service FROM deployments d JOIN release_services s ON s.release_id = d.release_id;
