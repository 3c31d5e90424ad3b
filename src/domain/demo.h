/*
** The demo data set: what `make run` shows a newcomer. Everything in it is
** declared in tables in demo.c and loaded in one transaction.
*/
#ifndef XIESHANG_DOMAIN_DEMO_H
#define XIESHANG_DOMAIN_DEMO_H

#include "store/db.h"

/* The demo password of every demo account (documented in the README). */
#define DEMO_PASSWORD "Demo@2026"

/* Load the demo data unless the database already has accounts. Sets *loaded
   to 1 if it loaded, 0 if it left the database alone. */
int demo_load(struct store *s, int *loaded, struct err *e);

/* The demo county's topics (demo_topics.c), inside demo_load()'s
   transaction, after its units, people and venues exist. */
int demo_topics_load(struct store_conn *c, struct err *e);

#endif
