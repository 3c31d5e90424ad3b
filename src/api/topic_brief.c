/*
** A topic in short form, for lists built by plans and screening insight.
*/
#include "api/topic_brief.h"

json_t *api_topic_brief_json(struct store_stmt *st) {
  json_t *j = json_pack(
      "{s:I,s:s,s:s,s:s,s:I,s:s,s:s,s:I,s:s,s:s,s:I,s:I}", "id",
      (json_int_t)store_col_int(st, 0), "title", store_col_text(st, 1),
      "body", store_col_text(st, 2), "place", store_col_text(st, 3),
      "affected", (json_int_t)store_col_int(st, 4), "source",
      store_col_text(st, 5), "state", store_col_text(st, 6), "unit_id",
      (json_int_t)store_col_int(st, 7), "unit_name", store_col_text(st, 8),
      "unit_path", store_col_text(st, 9), "supports",
      (json_int_t)store_col_int(st, 10), "created_at",
      (json_int_t)store_col_int(st, 11));
  json_object_set_new(j, "submitted_at",
                      store_col_is_null(st, 12)
                          ? json_null()
                          : json_integer(store_col_int(st, 12)));
  json_object_set_new(j, "approved_at",
                      store_col_is_null(st, 13)
                          ? json_null()
                          : json_integer(store_col_int(st, 13)));
  return j;
}

