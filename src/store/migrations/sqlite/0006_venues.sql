-- Consultation venues 协商议事室, their 六有 checklist, and attachments.
-- units.is_seat marks the township or street where the county government
-- sits (the roll-out rule wants one pilot there). A venue belongs to a
-- township, village/community or enterprise; retiring it keeps its history.
-- contacts holds the people in charge as JSON text
-- ([{"name": "...", "phone": "13800000000"}]); phones are masked on output.
-- Attachments live in the database, so that backups and every node of a
-- PostgreSQL deployment have them; owner_type/owner_id/slot say what they
-- are evidence for (a venue and a checklist item today, topics later).
ALTER TABLE units ADD COLUMN is_seat INTEGER NOT NULL DEFAULT 0
  CHECK (is_seat IN (0, 1));

CREATE TABLE venues (
  id INTEGER PRIMARY KEY,
  unit_id INTEGER NOT NULL REFERENCES units (id),
  name TEXT NOT NULL,
  brand TEXT NOT NULL,
  address TEXT NOT NULL,
  contacts TEXT NOT NULL,
  is_pilot INTEGER NOT NULL DEFAULT 0 CHECK (is_pilot IN (0, 1)),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  retired_at INTEGER                  -- NULL while the venue is in use
);
CREATE INDEX venues_unit ON venues (unit_id);

CREATE TABLE venue_checks (
  venue_id INTEGER NOT NULL REFERENCES venues (id),
  item TEXT NOT NULL,                 -- 'organisation' ... 'activity'
  met INTEGER NOT NULL CHECK (met IN (0, 1)),
  note TEXT NOT NULL,
  updated_by INTEGER REFERENCES users (id),
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (venue_id, item)
);

CREATE TABLE attachments (
  id INTEGER PRIMARY KEY,
  owner_type TEXT NOT NULL,           -- 'venue'
  owner_id INTEGER NOT NULL,
  slot TEXT NOT NULL,                 -- the checklist item, '' if none
  filename TEXT NOT NULL,
  content_type TEXT NOT NULL,
  size INTEGER NOT NULL,
  sha256 TEXT NOT NULL,
  data BLOB NOT NULL,
  uploaded_by INTEGER REFERENCES users (id),
  created_at INTEGER NOT NULL,
  deleted_at INTEGER                  -- NULL while it is shown
);
CREATE INDEX attachments_owner ON attachments (owner_type, owner_id, slot);
