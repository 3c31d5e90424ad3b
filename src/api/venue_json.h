/*
** JSON for venues and attachments, shared by the venue handlers
** (venues.c, venue_edit.c) and attachments.c.
*/
#ifndef XIESHANG_API_VENUE_JSON_H
#define XIESHANG_API_VENUE_JSON_H

#include "api/api_internal.h"
#include "domain/attachment.h"
#include "domain/venue.h"

/* A venue as the caller may see it: phones masked unless the caller may see
   contacts there, and permissions.edit. full adds the checklist (with empty
   evidence lists). req NULL: masked, no edit (audit summaries). */
json_t *venue_json(struct http_request *req, const struct venue *v, int full);

/* Read venue id with its checklist and evidence as JSON. */
int venue_json_full(struct http_request *req, struct store_conn *c, int64_t id,
                    json_t **out, struct err *e);

/* An attachment's description with its download url. */
json_t *attachment_json(const struct attachment *a);

#endif
