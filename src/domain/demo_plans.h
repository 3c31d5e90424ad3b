/*
** The demo's topic plans (demo_plans.c), loaded by demo.c after the people
** and units, inside the demo's transaction.
*/
#ifndef XIESHANG_DOMAIN_DEMO_PLANS_H
#define XIESHANG_DOMAIN_DEMO_PLANS_H

#include <stdint.h>

#include "store/db.h"
#include "util/err.h"

/* Three plans of the street street_id (城关街道), with accepted topics
   raised by its residents at its villages (village_ids[0..4]): one
   approved with the party committee's approval recorded, one submitted
   and awaiting the leader, one draft put to a ranked public vote with a
   few ballots. Returns 0 or -1 with e set. */
int demo_plans_load(struct store_conn *c, int64_t street_id,
                    const int64_t village_ids[5], struct err *e);

#endif
