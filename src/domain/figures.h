/*
** Figures 统计: what happened to the topics of a unit's subtree in a
** period, for the office's reports. The period selects topics by the time
** they were submitted (drafts never count); every other figure describes
** those same topics as they stand now, so the numbers add up: raised =
** awaiting screening + accepted + merged + transferred + rejected, and
** approved is the part of accepted already in an approved plan.
** Everything is counted by the database (aggregates), never by loading
** topics.
*/
#ifndef XIESHANG_DOMAIN_FIGURES_H
#define XIESHANG_DOMAIN_FIGURES_H

#include <jansson.h>
#include <stdint.h>

#include "store/db.h"
#include "util/err.h"

/* The figures of the topics submitted in [from, to) at units under the
   unit root_id (whose path is root_path; 0 and "/" for the whole tree), as
   JSON: {"raised", "by_source": {source: n},
   "accepted" (accepted, approved or scheduled), "merged", "transferred",
   "rejected", "by_reject_reason": {reason: n}, "approved" (approved or
   scheduled), "screened", "avg_days_to_screen" (days from submitted to
   screened, one decimal, null when none was screened), "by_unit": [{
   "unit_id", "unit_name", "raised", "accepted", "rejected", "approved"}]
   for each unit in service directly under the root}. NULL with e set on
   failure. */
json_t *figures_topics(struct store_conn *c, int64_t root_id,
                       const char *root_path, int64_t from, int64_t to,
                       struct err *e);

#endif
