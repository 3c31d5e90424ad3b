-- Topic plans 议题计划: the accepted topics a unit will consult on in a
-- period, chosen by the CPPCC and the local party committee together
-- (双选择双报告). Staff draft a plan and submit it; the leader approves it
-- or sends it back (state 'returned', with decision_reason); the party
-- committee's approval is recorded beside it (party_approved, its date
-- and reference, e.g. a document number).
-- A plan can be put to a public vote: residents of the unit's subtree vote
-- for (vote_mode 'vote', up to vote_max choices) or rank (vote_mode
-- 'rank', up to vote_max places, scored by Borda count) the candidate
-- topics between vote_opens_at and vote_closes_at; vote_outcome records
-- the result (JSON) when staff close it.
CREATE TABLE topic_plans (
  id INTEGER PRIMARY KEY,
  unit_id INTEGER NOT NULL REFERENCES units (id),
  title TEXT NOT NULL,
  period_start INTEGER NOT NULL,      -- epoch ms, start of the period covered
  period_end INTEGER NOT NULL,
  note TEXT NOT NULL DEFAULT '',
  state TEXT NOT NULL,                -- 'draft', 'submitted', 'approved', 'returned'
  created_by INTEGER REFERENCES users (id),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  submitted_at INTEGER,
  decided_by INTEGER REFERENCES users (id),
  decided_at INTEGER,
  decision_reason TEXT NOT NULL DEFAULT '',
  party_approved INTEGER NOT NULL DEFAULT 0 CHECK (party_approved IN (0, 1)),
  party_approved_at INTEGER,
  party_reference TEXT NOT NULL DEFAULT '',
  vote_mode TEXT,                     -- NULL (no vote), 'vote' or 'rank'
  vote_max INTEGER,
  vote_opens_at INTEGER,
  vote_closes_at INTEGER,
  vote_outcome TEXT                   -- JSON, set when the vote is closed
);
CREATE INDEX topic_plans_unit ON topic_plans (unit_id, state);

-- The candidate topics of a plan, in the plan's order.
CREATE TABLE topic_plan_items (
  plan_id INTEGER NOT NULL REFERENCES topic_plans (id),
  topic_id INTEGER NOT NULL REFERENCES topics (id),
  position INTEGER NOT NULL,
  added_at INTEGER NOT NULL,
  PRIMARY KEY (plan_id, topic_id)
);
CREATE INDEX topic_plan_items_topic ON topic_plan_items (topic_id);

-- One ballot per person per plan; each choice a topic and its place
-- (1 = first; every choice is 1 in 'vote' mode).
CREATE TABLE plan_ballots (
  plan_id INTEGER NOT NULL REFERENCES topic_plans (id),
  user_id INTEGER NOT NULL REFERENCES users (id),
  created_at INTEGER NOT NULL,
  PRIMARY KEY (plan_id, user_id)
);

CREATE TABLE plan_ballot_choices (
  plan_id INTEGER NOT NULL REFERENCES topic_plans (id),
  user_id INTEGER NOT NULL REFERENCES users (id),
  topic_id INTEGER NOT NULL REFERENCES topics (id),
  place INTEGER NOT NULL,
  PRIMARY KEY (plan_id, user_id, topic_id)
);
CREATE INDEX plan_ballot_choices_topic ON plan_ballot_choices (plan_id, topic_id);
