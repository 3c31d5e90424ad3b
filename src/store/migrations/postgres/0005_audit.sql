-- The audit log: one row per state change, written in the change's own
-- transaction, never updated or deleted. Each row's hash is the SHA-256 of
-- the previous row's hash and this row's canonical content, so altering or
-- removing a row breaks the chain (`xieshang audit verify`). audit_head
-- holds the newest sequence number and hash: appending locks it, so
-- concurrent writers queue up instead of forking the chain, and removing
-- the newest rows shows up too. The triggers stop the program, and anyone
-- who does not drop them first, from rewriting history.
CREATE TABLE audit_log (
  id BIGINT PRIMARY KEY,              -- sequence number: 1, 2, 3 ... no gaps
  at BIGINT NOT NULL,
  user_id BIGINT,                     -- who (NULL: nobody logged in)
  role TEXT NOT NULL,                 -- the role that allowed it ('' if none)
  unit_id BIGINT,                     -- the unit the action concerned
  action TEXT NOT NULL,               -- 'unit.create', 'role.grant' ...
  object_type TEXT NOT NULL,
  object_id BIGINT,
  before_summary TEXT,                -- JSON text, NULL for a creation
  after_summary TEXT,                 -- JSON text, NULL for a removal
  client_addr TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
);
CREATE INDEX audit_log_at ON audit_log (at);
CREATE INDEX audit_log_user ON audit_log (user_id);
CREATE INDEX audit_log_object ON audit_log (object_type, object_id);

CREATE TABLE audit_head (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  seq BIGINT NOT NULL,
  hash TEXT NOT NULL
);
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0,
  '0000000000000000000000000000000000000000000000000000000000000000');

CREATE FUNCTION audit_log_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only';
END
$$;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
