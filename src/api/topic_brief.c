/*
** Topics listed by plans and the screening insight; see topic_brief.h.
*/
#include "api/topic_brief.h"

#include <stdlib.h>

#include "api/topic_json.h"

json_t *api_topics_json(struct http_request *req, struct store_conn *c,
                        const int64_t *ids, size_t n, struct err *e) {
  json_t *out = json_array();
  struct topic *t = calloc(1, sizeof *t);
  if (t == NULL) {
    json_decref(out);
    err_set(e, ERR_INTERNAL, "memory");
    return NULL;
  }
  for (size_t i = 0; i < n; i++) {
    if (topic_get(c, ids[i], topic_viewer(req), t, e) != 0) {
      json_decref(out);
      out = NULL;
      break;
    }
    json_array_append_new(out, topic_json(req, t));
    topic_clear(t);
  }
  topic_clear(t);
  free(t);
  return out;
}
