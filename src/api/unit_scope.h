/*
** The unit a report is about (figures, screening insight): ?unit= when
** given, else the unit of the caller's first role that allows the action.
*/
#ifndef XIESHANG_API_UNIT_SCOPE_H
#define XIESHANG_API_UNIT_SCOPE_H

#include "api/api_internal.h"
#include "domain/unit.h"

/* Fill *u with the unit named by ?unit= (ERR_UNIT_NOT_FOUND, 400 for a
   malformed id), or with the unit of the caller's first role allowing
   action (the whole tree, id 0 and path "/", for a role at the root). Then
   check that the caller may take action there (403). Also reads ?from= and
   ?to= (epoch ms; the whole of time when absent; from before to). Returns
   0 or -1 with e set. */
int api_unit_scope(struct http_request *req, struct store_conn *c,
                   enum action action, struct unit *u, int64_t *from,
                   int64_t *to, struct err *e);

#endif
