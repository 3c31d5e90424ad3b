/*
** Figures of topics per unit and period; see figures.h.
*/
#include "domain/figures.h"

#include <math.h>

#include "domain/unit.h"

/* Bind the subtree pattern and the period to the first three parameters. */
static struct store_stmt *figures_prepare(struct store_conn *c, enum query_id q,
                                          const char *pattern, int64_t from,
                                          int64_t to, struct err *e) {
  struct store_stmt *st = store_prepare(c, q, e);
  if (st == NULL) return NULL;
  store_bind_text(st, 1, pattern);
  store_bind_int(st, 2, from);
  store_bind_int(st, 3, to);
  return st;
}

/* {key: count} from a query of (key, count) rows. */
static json_t *figures_breakdown(struct store_conn *c, enum query_id q,
                                 const char *pattern, int64_t from, int64_t to,
                                 struct err *e) {
  struct store_stmt *st = figures_prepare(c, q, pattern, from, to, e);
  if (st == NULL) return NULL;
  json_t *out = json_object();
  int rc;
  for (rc = store_step(st, e); rc == STORE_ROW; rc = store_step(st, e))
    json_object_set_new(out, store_col_text(st, 0),
                        json_integer(store_col_int(st, 1)));
  store_finish(st);
  if (rc < 0) {
    json_decref(out);
    return NULL;
  }
  return out;
}

/* [{unit_id, unit_name, raised, accepted, rejected, approved}] for the
   units directly under root_id. */
static json_t *figures_by_unit(struct store_conn *c, int64_t root_id,
                               int64_t from, int64_t to, struct err *e) {
  struct store_stmt *st = store_prepare(c, Q_FIGURES_TOPICS_BY_UNIT, e);
  if (st == NULL) return NULL;
  store_bind_int(st, 1, root_id);
  store_bind_int(st, 2, from);
  store_bind_int(st, 3, to);
  json_t *out = json_array();
  int rc;
  for (rc = store_step(st, e); rc == STORE_ROW; rc = store_step(st, e))
    json_array_append_new(
        out, json_pack("{s:I,s:s,s:I,s:I,s:I,s:I}", "unit_id",
                       (json_int_t)store_col_int(st, 0), "unit_name",
                       store_col_text(st, 1), "raised",
                       (json_int_t)store_col_int(st, 2), "accepted",
                       (json_int_t)store_col_int(st, 3), "rejected",
                       (json_int_t)store_col_int(st, 4), "approved",
                       (json_int_t)store_col_int(st, 5)));
  store_finish(st);
  if (rc < 0) {
    json_decref(out);
    return NULL;
  }
  return out;
}

json_t *figures_topics(struct store_conn *c, int64_t root_id,
                       const char *root_path, int64_t from, int64_t to,
                       struct err *e) {
  char pattern[UNIT_PATH_MAX + 1];
  unit_subtree_pattern(root_path, pattern);
  struct store_stmt *st =
      figures_prepare(c, Q_FIGURES_TOPICS, pattern, from, to, e);
  if (st == NULL) return NULL;
  int rc = store_step(st, e);
  if (rc != STORE_ROW) {
    store_finish(st);
    if (rc >= 0) err_set(e, ERR_INTERNAL, "figures");
    return NULL;
  }
  int64_t screened = store_col_int(st, 6);
  int64_t screen_ms = store_col_int(st, 7);
  json_t *out = json_pack("{s:I,s:I,s:I,s:I,s:I,s:I,s:I}", "raised",
                          (json_int_t)store_col_int(st, 0), "accepted",
                          (json_int_t)store_col_int(st, 1), "merged",
                          (json_int_t)store_col_int(st, 2), "transferred",
                          (json_int_t)store_col_int(st, 3), "rejected",
                          (json_int_t)store_col_int(st, 4), "approved",
                          (json_int_t)store_col_int(st, 5), "screened",
                          (json_int_t)screened);
  store_finish(st);
  json_object_set_new(
      out, "avg_days_to_screen",
      screened ? json_real(round((double)screen_ms / (double)screened /
                                 86400000.0 * 10.0) /
                           10.0)
               : json_null());
  json_t *by_source =
      figures_breakdown(c, Q_FIGURES_TOPICS_BY_SOURCE, pattern, from, to, e);
  json_t *by_reason =
      by_source ? figures_breakdown(c, Q_FIGURES_TOPICS_BY_REJECT_REASON,
                                    pattern, from, to, e)
                : NULL;
  json_t *by_unit = by_reason ? figures_by_unit(c, root_id, from, to, e) : NULL;
  if (by_source == NULL || by_reason == NULL || by_unit == NULL) {
    json_decref(by_source);
    json_decref(by_reason);
    json_decref(out);
    return NULL;
  }
  json_object_set_new(out, "by_source", by_source);
  json_object_set_new(out, "by_reject_reason", by_reason);
  json_object_set_new(out, "by_unit", by_unit);
  return out;
}
