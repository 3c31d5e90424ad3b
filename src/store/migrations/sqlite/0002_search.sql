-- The search index (src/text/search.c): one row per searchable text of any
-- kind (topic, proposal, public-opinion report ...), kept in step with its
-- source in the same transaction.
CREATE TABLE search_docs (
  id INTEGER PRIMARY KEY,
  doc_type TEXT NOT NULL,
  doc_id INTEGER NOT NULL,
  unit_path TEXT NOT NULL,        -- materialised path of the unit, '/1/4/'
  state TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  title TEXT NOT NULL,
  body TEXT NOT NULL,
  minhash BLOB,                   -- MinHash signature for near-duplicates
  UNIQUE (doc_type, doc_id)
);
CREATE INDEX search_docs_created ON search_docs (created_at);

-- Full-text index: FTS5 with xieshang's tokenizer (Traditional/Simplified,
-- full-width, CJK unigrams and bigrams). Differs from PostgreSQL's by design.
CREATE VIRTUAL TABLE search_fts USING fts5 (title, body, tokenize = 'xieshang');

-- LSH band keys of each document's MinHash signature.
CREATE TABLE search_lsh (
  band INTEGER NOT NULL,
  key INTEGER NOT NULL,
  doc INTEGER NOT NULL REFERENCES search_docs (id) ON DELETE CASCADE,
  PRIMARY KEY (band, key, doc)
);
CREATE INDEX search_lsh_doc ON search_lsh (doc);
