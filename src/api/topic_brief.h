/*
** Topics listed by plans and the screening insight, as the topics module
** shows them (topic_json: the contract's topic object, names masked for
** callers who may not see them).
*/
#ifndef XIESHANG_API_TOPIC_BRIEF_H
#define XIESHANG_API_TOPIC_BRIEF_H

#include <jansson.h>
#include <stddef.h>

#include "api/api_internal.h"
#include "store/db.h"

/* Topics ids[0 .. n) as a JSON array of topic objects, in that order, as
   the caller sees them. NULL with e set on failure. */
json_t *api_topics_json(struct http_request *req, struct store_conn *c,
                        const int64_t *ids, size_t n, struct err *e);

#endif
