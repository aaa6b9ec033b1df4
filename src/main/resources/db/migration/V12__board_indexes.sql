-- The board (/releases) lists releases newest planned start first, often of one status: with this index a page of one
-- status is read in order, not sorted from every release of that status (most releases end COMPLETED).
-- Portable between H2 and MySQL/MariaDB.
CREATE INDEX ix_releases_status_planned_start ON releases (status, planned_start, id);
