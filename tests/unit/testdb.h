/*
** Fresh databases for unit tests, on either backend.
**
** SQLite: a new file in a temporary folder. PostgreSQL: a new database on
** the server named by XIESHANG_TEST_PG (an admin URL, started by
** tests/run.sh). When XIESHANG_TEST_PG is unset, PostgreSQL groups are
** skipped with a message, unless XIESHANG_TEST_REQUIRE_PG=1, in which case
** testdb_available() fails the run.
*/
#ifndef XIESHANG_TESTS_TESTDB_H
#define XIESHANG_TESTS_TESTDB_H

#include "store/db.h"

/* 1 if tests on this backend can run; prints why not otherwise. Exits the
   process with failure when PostgreSQL is required but unavailable. */
int testdb_available(enum store_backend b);

/* Create an empty database; returns its URL (free() it). */
char *testdb_create(enum store_backend b);

/* Remove a database made by testdb_create() and free url. */
void testdb_drop(enum store_backend b, char *url);

/* Open a fresh, migrated store (asserts on failure). */
struct store *testdb_open_migrated(enum store_backend b, char **url);

/* Run SQL directly on the database behind url, outside the store (to set
   up situations the program itself would never create). Returns 0 or -1. */
int testdb_sql(enum store_backend b, const char *url, const char *sql);

#endif
