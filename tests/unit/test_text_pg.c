/*
** The text engine against a real PostgreSQL: the same documents and queries
** must select the same rows as SQLite FTS5, and the literals must parse.
**
** Runs only when XIESHANG_TEST_PG holds a libpq connection string (for
** example "host=/tmp/pg port=5432 dbname=postgres"); otherwise every test is
** skipped. It uses a temporary table and leaves nothing behind.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <libpq-fe.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text/text.h"
#include "text/text_int.h"

static const char *pg_rows[][2] = {
    {"關於老舊小區改造的建議",
     "我們社區的老舊小區電梯加裝問題，希望儘快解決。"},
    {"老旧小区 改造", "老旧小区改造要听居民意见；老旧小区改造不能一刀切。"},
    {"ＷｉＦｉ信号差", "社区活动中心ＷｉＦｉ信号差，影响老人使用。"},
    {"张三丰反映停车难", "小区停车位不足，晚上车辆乱停。"},
    {"垃圾分类", "菜市场污水横流，影响居民生活。"},
    {"It's a \"quoted\" C:\\path", "NEAR(a b) OR -c AND (d*)"},
};
#define PG_NROWS (sizeof pg_rows / sizeof pg_rows[0])

static const char *pg_queries[] = {
    "老旧小区改造", "老舊小區",  "wifi", "信号差", "張三豐", "停车",
    "居民",         "改造 居民", "社区", "丰",     "影响",   "it's",
    "\"quoted\"",   "c:\\path",  "near", "d* -c",  "OR",     "不存在",
};

struct pg_fixture {
  PGconn *pg;
  sqlite3 *db;
};

static int pg_setup(void **state) {
  const char *conninfo = getenv("XIESHANG_TEST_PG");
  struct pg_fixture *f;
  PGresult *res;

  if (conninfo == NULL || conninfo[0] == '\0') {
    *state = NULL;
    return 0;
  }
  f = calloc(1, sizeof *f);
  assert_non_null(f);
  f->pg = PQconnectdb(conninfo);
  assert_int_equal(PQstatus(f->pg), CONNECTION_OK);
  res = PQexec(f->pg, "CREATE TEMP TABLE docs (id int PRIMARY KEY, "
                      "title text, body text, tsv tsvector)");
  assert_int_equal(PQresultStatus(res), PGRES_COMMAND_OK);
  PQclear(res);
  assert_int_equal(sqlite3_open(":memory:", &f->db), SQLITE_OK);
  assert_int_equal(text_fts5_register(f->db), 0);
  assert_int_equal(sqlite3_exec(f->db,
                                "CREATE VIRTUAL TABLE docs USING fts5("
                                "title, body, tokenize='xieshang')",
                                NULL, NULL, NULL),
                   SQLITE_OK);
  *state = f;
  return 0;
}

static int pg_teardown(void **state) {
  struct pg_fixture *f = *state;

  if (f == NULL) return 0;
  PQfinish(f->pg);
  sqlite3_close(f->db);
  free(f);
  return 0;
}

static void pg_insert(struct pg_fixture *f, int id, const char *title,
                      const char *body) {
  char idbuf[16];
  char *a = NULL, *b = NULL;
  const char *params[5];
  PGresult *res;
  sqlite3_stmt *st = NULL;

  snprintf(idbuf, sizeof idbuf, "%d", id);
  assert_int_equal(text_pg_document(title, strlen(title), &a), 0);
  assert_int_equal(text_pg_document(body, strlen(body), &b), 0);
  params[0] = idbuf;
  params[1] = title;
  params[2] = body;
  params[3] = a;
  params[4] = b;
  res = PQexecParams(f->pg,
                     "INSERT INTO docs VALUES ($1::int, $2, $3, "
                     "array_to_tsvector($4::text[]) || "
                     "array_to_tsvector($5::text[]))",
                     5, NULL, params, NULL, NULL, 0);
  assert_int_equal(PQresultStatus(res), PGRES_COMMAND_OK);
  PQclear(res);
  free(a);
  free(b);
  assert_int_equal(sqlite3_prepare_v2(f->db,
                                      "INSERT INTO docs(rowid, title, body) "
                                      "VALUES (?1, ?2, ?3)",
                                      -1, &st, NULL),
                   SQLITE_OK);
  sqlite3_bind_int(st, 1, id);
  sqlite3_bind_text(st, 2, title, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 3, body, -1, SQLITE_STATIC);
  assert_int_equal(sqlite3_step(st), SQLITE_DONE);
  sqlite3_finalize(st);
}

/* Ids matching q in each database, as "1 2". */
static void pg_ids(struct pg_fixture *f, const struct text_query *q, char *out,
                   size_t cap) {
  const char *params[1] = {q->tsquery};
  PGresult *res = PQexecParams(f->pg,
                               "SELECT id FROM docs WHERE tsv @@ $1::tsquery "
                               "ORDER BY id",
                               1, NULL, params, NULL, NULL, 0);
  size_t len = 0;
  int r;

  assert_int_equal(PQresultStatus(res), PGRES_TUPLES_OK);
  out[0] = '\0';
  for (r = 0; r < PQntuples(res); r++) {
    len += (size_t)snprintf(out + len, cap - len, "%s%s", r ? " " : "",
                            PQgetvalue(res, r, 0));
  }
  PQclear(res);
}

static void sqlite_ids(struct pg_fixture *f, const struct text_query *q,
                       char *out, size_t cap) {
  sqlite3_stmt *st = NULL;
  size_t len = 0;
  int rc;

  assert_int_equal(sqlite3_prepare_v2(f->db,
                                      "SELECT rowid FROM docs WHERE docs "
                                      "MATCH ?1 ORDER BY rowid",
                                      -1, &st, NULL),
                   SQLITE_OK);
  sqlite3_bind_text(st, 1, q->fts5, -1, SQLITE_STATIC);
  out[0] = '\0';
  for (rc = sqlite3_step(st); rc == SQLITE_ROW; rc = sqlite3_step(st)) {
    len += (size_t)snprintf(out + len, cap - len, "%s%lld", len ? " " : "",
                            (long long)sqlite3_column_int64(st, 0));
  }
  assert_int_equal(rc, SQLITE_DONE);
  sqlite3_finalize(st);
}

static void test_pg_same_rows(void **state) {
  struct pg_fixture *f = *state;
  size_t k;
  size_t nonempty = 0;

  if (f == NULL) skip();
  for (k = 0; k < PG_NROWS; k++) {
    pg_insert(f, (int)k + 1, pg_rows[k][0], pg_rows[k][1]);
  }
  for (k = 0; k < sizeof pg_queries / sizeof pg_queries[0]; k++) {
    struct text_query q;
    char in_pg[128], in_sqlite[128];
    assert_int_equal(text_query_build(pg_queries[k], strlen(pg_queries[k]), &q),
                     0);
    pg_ids(f, &q, in_pg, sizeof in_pg);
    sqlite_ids(f, &q, in_sqlite, sizeof in_sqlite);
    print_message("%-14s sqlite [%s] postgres [%s]\n", pg_queries[k], in_sqlite,
                  in_pg);
    assert_string_equal(in_pg, in_sqlite);
    nonempty += in_pg[0] != '\0';
    text_query_free(&q);
  }
  assert_true(nonempty >= 12);
}

/* Literals with quotes and backslashes parse to the intended lexemes. */
static void test_pg_literals(void **state) {
  struct pg_fixture *f = *state;
  char *arr = NULL, *tsq = NULL;
  size_t alen = 0, acap = 0, tlen = 0, tcap = 0;
  const char *params[2];
  PGresult *res;

  if (f == NULL) skip();
  text_quote_append(&arr, &alen, &acap, "a\"b\\c'd", 7, TEXT_QUOTE_ARRAY);
  text_quote_append(&tsq, &tlen, &tcap, "a\"b\\c'd", 7, TEXT_QUOTE_TSQUERY);
  {
    char lit[64];
    snprintf(lit, sizeof lit, "{%s}", arr);
    params[0] = lit;
    params[1] = tsq;
    res = PQexecParams(f->pg,
                       "SELECT array_to_tsvector($1::text[]) @@ "
                       "$2::tsquery, ($1::text[])[1]",
                       2, NULL, params, NULL, NULL, 0);
  }
  assert_int_equal(PQresultStatus(res), PGRES_TUPLES_OK);
  assert_string_equal(PQgetvalue(res, 0, 0), "t");
  assert_string_equal(PQgetvalue(res, 0, 1), "a\"b\\c'd");
  PQclear(res);
  free(arr);
  free(tsq);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_pg_same_rows),
      cmocka_unit_test(test_pg_literals),
  };
  return cmocka_run_group_tests_name("text_pg", tests, pg_setup, pg_teardown);
}
