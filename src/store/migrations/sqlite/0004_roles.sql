-- Roles held at units: each is valid for the unit's whole subtree. The
-- bootstrap administrator (users.is_admin) is the administrator at the
-- root and needs no row here.
CREATE TABLE user_roles (
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  role TEXT NOT NULL CHECK (role IN ('resident', 'member', 'staff',
    'department', 'leader', 'admin')),
  unit_id INTEGER NOT NULL REFERENCES units (id),
  granted_by INTEGER REFERENCES users (id),
  created_at INTEGER NOT NULL,
  UNIQUE (user_id, role, unit_id)
);
CREATE INDEX user_roles_unit ON user_roles (unit_id);
