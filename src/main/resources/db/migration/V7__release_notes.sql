-- Final release notes: rendered once per audience when the release ends (COMPLETED, ROLLED_BACK or CANCELLED), in the
-- transaction that ends it, and served unchanged from then on. sha256 is the hash recorded in the audit trail.

CREATE TABLE release_notes (
  release_id     BIGINT      NOT NULL,
  audience       VARCHAR(16) NOT NULL,
  release_status VARCHAR(32) NOT NULL,
  markdown       MEDIUMTEXT  NOT NULL,
  sha256         VARCHAR(64) NOT NULL,
  frozen_at      DATETIME(3) NOT NULL,
  PRIMARY KEY (release_id, audience),
  CONSTRAINT fk_release_notes_release FOREIGN KEY (release_id) REFERENCES releases (id)
);
