-- Credentials relman issues itself (org.relman.security.ApiTokens): personal and service API tokens
-- (Authorization: Bearer on /api) and per-user calendar feed tokens (GET /api/calendar.ics?token=). Only the SHA-256
-- of a token is stored: the token itself is shown once, when it is created. Rows are never deleted: a revoked token
-- keeps its row (revoked_at), so an auditor can still see what a token in the audit trail was.
-- Portable between H2 and MySQL/MariaDB. Times are DATETIME(3) holding UTC wall-clock values (see org.relman.shared.Db).
CREATE TABLE api_tokens (
  id           BIGINT AUTO_INCREMENT PRIMARY KEY,
  -- PERSONAL, SERVICE (scoped to services, created by release managers) or CALENDAR (reads the calendar feed only)
  kind         VARCHAR(16)   NOT NULL,
  name         VARCHAR(100)  NOT NULL,
  -- who created it; the token acts as this user, with at most the roles below
  owner        VARCHAR(64)   NOT NULL,
  secret_hash  CHAR(64)      NOT NULL,
  -- comma-separated engine groups; empty for calendar tokens
  roles        VARCHAR(1000) NOT NULL,
  -- comma-separated services the token may act on; empty: every service
  services     VARCHAR(4000) NOT NULL,
  created_at   DATETIME(3)   NOT NULL,
  expires_at   DATETIME(3),
  revoked_at   DATETIME(3),
  revoked_by   VARCHAR(64),
  last_used_at DATETIME(3),
  uses         BIGINT        NOT NULL DEFAULT 0,
  CONSTRAINT uq_api_tokens_secret UNIQUE (secret_hash)
);
CREATE INDEX ix_api_tokens_owner ON api_tokens (owner, kind);
