-- Topics 议题: raised by residents, members or staff on someone's behalf,
-- supported 附议, screened and followed. See src/domain/topic_state.h for
-- the states (stored by name in topics.state).
--   source: who the topic comes from: 'resident' 群众点题, 'member' 委员提题,
--     'party' 党委政府出题, 'proposal', 'opinion' 社情民意, 'continuation'.
--   channel: how it arrived: 'portal', 'qr' (a venue's QR code), 'workspace'
--     (staff recording what someone said in person), 'import'.
--   author_id: the account that raised it, NULL when staff recorded it for
--     someone without an account (on_behalf_name/on_behalf_contact, private).
--   recorded_by: the staff account that recorded it, if any.
--   supports: count of topic_supports rows, kept in the same transaction
--     (public lists sort by it).
--   reason: the reason given with the latest state change, shown to the
--     author; reject_reason the code from the list (petition, litigation,
--     private_dispute, outside_remit, duplicate, insufficient_info).
-- Photos and files are attachments with owner_type 'topic'.
CREATE TABLE topics (
  id INTEGER PRIMARY KEY,
  unit_id INTEGER NOT NULL REFERENCES units (id),
  venue_id INTEGER REFERENCES venues (id),
  title TEXT NOT NULL,
  body TEXT NOT NULL,
  place TEXT NOT NULL DEFAULT '',
  affected INTEGER NOT NULL DEFAULT 0,  -- people affected, a rough number
  source TEXT NOT NULL,
  channel TEXT NOT NULL,
  author_id INTEGER REFERENCES users (id),
  recorded_by INTEGER REFERENCES users (id),
  on_behalf_name TEXT,
  on_behalf_contact TEXT,
  state TEXT NOT NULL,
  reason TEXT NOT NULL DEFAULT '',
  reject_reason TEXT,
  merged_into INTEGER REFERENCES topics (id),
  department_unit_id INTEGER REFERENCES units (id), -- transferred to
  reply TEXT,                           -- the department's reply
  replied_by INTEGER REFERENCES users (id),
  replied_at INTEGER,
  supports INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  submitted_at INTEGER,
  screened_at INTEGER,                  -- accepted/merged/transferred/rejected
  approved_at INTEGER,
  updated_at INTEGER NOT NULL
);
CREATE INDEX topics_unit_state ON topics (unit_id, state, supports);
CREATE INDEX topics_state_supports ON topics (state, supports);
CREATE INDEX topics_author ON topics (author_id, created_at);
CREATE INDEX topics_department ON topics (department_unit_id, state);

-- One support per person per topic. origin_topic_id: the topic it was
-- given to when it came over with a merge (NULL if given here).
CREATE TABLE topic_supports (
  topic_id INTEGER NOT NULL REFERENCES topics (id),
  user_id INTEGER NOT NULL REFERENCES users (id),
  created_at INTEGER NOT NULL,
  origin_topic_id INTEGER REFERENCES topics (id),
  PRIMARY KEY (topic_id, user_id)
);
CREATE INDEX topic_supports_user ON topic_supports (user_id);

-- People who follow a topic and are told of its changes (the author,
-- supporters, anyone who chose to follow).
CREATE TABLE topic_followers (
  topic_id INTEGER NOT NULL REFERENCES topics (id),
  user_id INTEGER NOT NULL REFERENCES users (id),
  created_at INTEGER NOT NULL,
  PRIMARY KEY (topic_id, user_id)
);
CREATE INDEX topic_followers_user ON topic_followers (user_id);

-- The history of a topic: every state change and every reply, with who,
-- when and why. kind: 'raise', 'submit', 'review', 'accept', 'merge',
-- 'merged_from', 'transfer', 'reply', 'reject', 'approve', 'return',
-- 'schedule', 'edit'. detail: JSON with what the kind needs
-- ({"into": 12}, {"department": 40}).
CREATE TABLE topic_events (
  id INTEGER PRIMARY KEY,
  topic_id INTEGER NOT NULL REFERENCES topics (id),
  at INTEGER NOT NULL,
  actor_id INTEGER REFERENCES users (id),
  actor_role TEXT NOT NULL DEFAULT '',
  kind TEXT NOT NULL,
  from_state TEXT,
  to_state TEXT,
  reason TEXT NOT NULL DEFAULT '',
  detail TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX topic_events_topic ON topic_events (topic_id, at);

-- In-app notifications. The message is built by the front end from kind
-- and params (JSON) in the reader's language; object_type/object_id say
-- what it is about ('topic', 12).
CREATE TABLE notifications (
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users (id),
  created_at INTEGER NOT NULL,
  kind TEXT NOT NULL,
  object_type TEXT NOT NULL,
  object_id INTEGER NOT NULL,
  params TEXT NOT NULL DEFAULT '{}',
  read_at INTEGER
);
CREATE INDEX notifications_user ON notifications (user_id, read_at, created_at);
