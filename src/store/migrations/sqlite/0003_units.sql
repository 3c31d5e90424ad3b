-- The tree of units: province > city > county/district > township/street >
-- village/community, with enterprises and institutions under any level.
-- path lists the ids from the root down to the unit itself ('/1/4/9/'), so
-- a subtree is every unit whose path starts with its root's path. The
-- column collates NOCASE (paths hold only digits and '/') so that SQLite
-- can use the index for `path LIKE '/1/4/%'`.
CREATE TABLE units (
  id INTEGER PRIMARY KEY,
  parent_id INTEGER REFERENCES units (id),
  kind TEXT NOT NULL CHECK (kind IN ('province', 'city', 'county',
    'township', 'village', 'enterprise')),
  name TEXT NOT NULL,
  path TEXT NOT NULL COLLATE NOCASE,
  created_at INTEGER NOT NULL,
  retired_at INTEGER                  -- NULL while the unit is in service
);
CREATE INDEX units_parent ON units (parent_id);
CREATE INDEX units_path ON units (path);
