-- CPPCC bodies and members' profiles. A committee 政协委员会 sits at a
-- province, city or county unit; its special committees 专委会 and sectors
-- 界别 sit at the same unit under it; a member activity group 委员活动组
-- (or liaison committee 联络委, street working committee 街道工委) sits at
-- a township under the committee of its county. Retired bodies are kept.
CREATE TABLE cppcc_bodies (
  id INTEGER PRIMARY KEY,
  unit_id INTEGER NOT NULL REFERENCES units (id),
  parent_id INTEGER REFERENCES cppcc_bodies (id),
  kind TEXT NOT NULL CHECK (kind IN ('committee', 'special_committee',
    'sector', 'activity_group', 'liaison_committee', 'street_committee')),
  name TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  retired_at INTEGER
);
CREATE INDEX cppcc_bodies_unit ON cppcc_bodies (unit_id);
CREATE INDEX cppcc_bodies_parent ON cppcc_bodies (parent_id);

-- One profile per member: the committee, a sector, and optionally a special
-- committee and an activity group (ids of cppcc_bodies).
CREATE TABLE member_profiles (
  user_id INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
  committee_id INTEGER NOT NULL REFERENCES cppcc_bodies (id),
  sector_id INTEGER REFERENCES cppcc_bodies (id),
  special_committee_id INTEGER REFERENCES cppcc_bodies (id),
  group_id INTEGER REFERENCES cppcc_bodies (id),
  updated_at INTEGER NOT NULL
);
CREATE INDEX member_profiles_sector ON member_profiles (sector_id);
CREATE INDEX member_profiles_group ON member_profiles (group_id);
