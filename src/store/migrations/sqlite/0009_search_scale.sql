-- Search at scale (src/text/search.c, scope.c). Existing entries are
-- converted here; no `xieshang reindex` is needed.
--
-- 1. Filters inside the full-text index: a third column, scope, holds each
--    document's type, state and unit ancestors as tokens (t..., s..., u1,
--    u1x4 ...), so a search within a unit, type or state is one more AND in
--    FTS5 instead of a check of every match's search_docs row. The rank
--    (xieshang_rank) reads only title and body. The entries are rebuilt
--    from search_docs with xieshang_scope(), the same function new entries
--    use.
DROP TABLE search_fts;
CREATE VIRTUAL TABLE search_fts USING fts5 (title, body, scope,
                                            tokenize = 'xieshang');
INSERT INTO search_fts (rowid, title, body, scope)
  SELECT id, title, body, xieshang_scope(doc_type, unit_path, state)
  FROM search_docs ORDER BY id;
INSERT INTO search_fts (search_fts) VALUES ('optimize');

-- 2. LSH band keys in one B-tree: WITHOUT ROWID keyed (band, key, doc), no
--    rowid table, no index on doc and no foreign key (whose cascade needed
--    that index). A document's keys are deleted by recomputing them from
--    its stored signature (search_docs.minhash).
CREATE TABLE search_lsh_keyed (
  band INTEGER NOT NULL,
  key INTEGER NOT NULL,
  doc INTEGER NOT NULL,
  PRIMARY KEY (band, key, doc)
) WITHOUT ROWID;
INSERT INTO search_lsh_keyed (band, key, doc)
  SELECT band, key, doc FROM search_lsh ORDER BY band, key, doc;
DROP TABLE search_lsh;
ALTER TABLE search_lsh_keyed RENAME TO search_lsh;
