/*
** What the topic handlers share (topics.c: reading and raising;
** topic_screen.c: screening, supports, follows, attachments): who may read
** a topic, and a topic as JSON for the caller.
*/
#ifndef XIESHANG_API_TOPIC_JSON_H
#define XIESHANG_API_TOPIC_JSON_H

#include "api/api_internal.h"
#include "domain/topic.h"

/* The caller's account id, 0 when anonymous. */
int64_t topic_viewer(struct http_request *req);

/* 1 if the caller may open topic t: a state anyone may open
   (TOPIC_OPEN_STATES), or the caller raised or follows it, may read topics
   at its unit (topic.read), or is the department it was transferred to.
   Others are told it does not exist. */
int topic_readable(struct http_request *req, const struct topic *t);

/* A topic as the caller sees it (the contract's topic object, without
   attachments and history). Names are masked unless the caller may see
   contacts at the topic's unit (user.contact); only then is on_behalf
   (name, contact) included. */
json_t *topic_json(struct http_request *req, const struct topic *t);

/* Read topic id (404 when the caller may not read it) with attachments and
   history as JSON. */
int topic_json_full(struct http_request *req, struct store_conn *c,
                    int64_t id, json_t **out, struct err *e);

/* Read topic id for a change: ERR_TOPIC_NOT_FOUND when it is missing or the
   caller may not read it. The caller clears t. */
int topic_load(struct http_request *req, struct store_conn *c, int64_t id,
               struct topic *t, struct err *e);

/* Answer a change with topic id as it now is (status 200 or 201). */
void topic_reply_full(struct http_request *req, struct http_response *res,
                      int64_t id, int status);

/* A short summary of a topic for the audit log (no personal data). */
json_t *topic_audit_json(const struct topic *t);

#endif
