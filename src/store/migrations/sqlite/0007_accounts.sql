-- Accounts: API tokens, login throttling and forced password changes.

-- Set when an administrator resets the password: the user is asked to
-- choose a new one at the next log-in.
ALTER TABLE users ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0
  CHECK (must_change_password IN (0, 1));

-- API tokens for integrations. The secret is shown once, at creation; only
-- its hash is kept, with a short prefix to find the row and to show in lists.
CREATE TABLE api_tokens (
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  prefix TEXT NOT NULL UNIQUE,        -- "xs_" and the first 8 characters
  token_hash TEXT NOT NULL,           -- hex BLAKE2b-256 of the whole token
  created_at INTEGER NOT NULL,
  expires_at INTEGER,                 -- NULL: never
  last_used_at INTEGER,
  revoked_at INTEGER
);
CREATE INDEX api_tokens_user ON api_tokens (user_id);

-- Failed log-ins, one row per failure and scope: scope 'account' keyed by
-- the normalised phone, scope 'address' keyed by the client address. Kept
-- in the database so that every node sees the same counts.
CREATE TABLE login_failures (
  id INTEGER PRIMARY KEY,
  scope TEXT NOT NULL CHECK (scope IN ('account', 'address')),
  key TEXT NOT NULL,
  at INTEGER NOT NULL
);
CREATE INDEX login_failures_key ON login_failures (scope, key, at);
CREATE INDEX login_failures_at ON login_failures (at);
