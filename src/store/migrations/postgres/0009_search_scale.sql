-- Search at scale (src/text/search.c, scope.c). Existing entries are
-- converted here; no `xieshang reindex` is needed.
--
-- 1. Narrower full-text rows: a row over PostgreSQL's 2 KB TOAST threshold
--    (a long text's tokens) has its tokens moved out of line down to 128
--    bytes, instead of compressed inline to just under 2 KB. Rows under the
--    threshold stay inline (PostgreSQL toasts nothing smaller), so search.c
--    also avoids reading every match's row (see SEARCH_RANKED_RECENT in
--    queries.def). Set before the UPDATE below, which rewrites every row.
ALTER TABLE search_fts SET (toast_tuple_target = 128);

-- 2. Filters inside the index: scope holds each document's type, state and
--    unit ancestors as tokens (t..., s..., u1, u1x4 ...; see scope.c, which
--    this SQL mirrors), so a filter is one more GIN condition.
ALTER TABLE search_fts ADD COLUMN scope TEXT[] NOT NULL DEFAULT '{}';
UPDATE search_fts f SET scope =
  ARRAY['t' || encode(convert_to(d.doc_type, 'UTF8'), 'hex'),
        's' || encode(convert_to(d.state, 'UTF8'), 'hex')] ||
  CASE WHEN d.unit_path ~ '^/([0-9]+/?)*$' THEN
    ARRAY(SELECT 'u' || array_to_string(d.ids[1:i], 'x')
          FROM generate_subscripts(d.ids, 1) i ORDER BY i)
  ELSE '{}'::text[] END
  FROM (SELECT id, doc_type, state, unit_path,
               COALESCE(string_to_array(NULLIF(trim(both '/' from unit_path),
                                               ''), '/'), '{}') AS ids
        FROM search_docs) d
  WHERE d.id = f.doc;
ALTER TABLE search_fts ALTER COLUMN scope DROP DEFAULT;
CREATE INDEX search_fts_scope ON search_fts USING GIN (scope);

-- 3. LSH band keys: no index on doc and no foreign key (whose cascade needed
--    that index); a document's keys are deleted by recomputing them from
--    its stored signature (search_docs.minhash).
ALTER TABLE search_lsh DROP CONSTRAINT search_lsh_doc_fkey;
DROP INDEX search_lsh_doc;
