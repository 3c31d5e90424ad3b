/*
** A topic in short form: what plans and the screening insight show of each
** topic they list ({id, title, body, place, affected, source, state,
** unit_id, unit_name, unit_path, supports, created_at, submitted_at,
** approved_at}), from a row of PLAN_ITEM_TOPICS or INSIGHT_TOPIC (the
** same columns). No author: these lists never name people.
*/
#ifndef XIESHANG_API_TOPIC_BRIEF_H
#define XIESHANG_API_TOPIC_BRIEF_H

#include <jansson.h>

#include "store/db.h"

json_t *api_topic_brief_json(struct store_stmt *st);

#endif
