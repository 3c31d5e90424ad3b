/*
** The search index on SQLite and PostgreSQL: the same documents, the same
** queries, the same results; Traditional/Simplified, full-width and spaced
** variants found; filters and paging; highlighting; the index following
** updates and deletes inside the caller's transaction (a rollback leaves it
** as it was); user-typed query syntax never an error; near-duplicates by LSH.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "store/db.h"
#include "store/driver.h"
#include "testdb.h"
#include "text/search.h"
#include "text/text.h"
#include "util/buf.h"

static const struct search_doc corpus[] = {
    {"topic", 1, "/1/2/", "accepted", 1000, "关于老旧小区改造的建议",
     "幸福里小区建于1990年，外墙脱落，管网老化，居民希望纳入老旧小区改造计划。"},
    {"topic", 2, "/1/3/", "submitted", 2000, "關於老舊小區改造的建議",
     "和平社區的樓道照明壞了很久，希望一併改造。"},
    {"topic", 3, "/1/2/", "accepted", 3000, "老旧小区 改造 加装电梯",
     "六层楼的老人上下楼困难，申请加装电梯。"},
    {"topic", 4, "/1/2/", "rejected", 4000, "集贸市场污水直排",
     "镇上集贸市场的污水直接排进河道，夏天气味很大。"},
    {"proposal", 5, "/1/3/", "filed", 5000, "ＷｉＦｉ信号差怎么办",
     "社区服务中心的ＷｉＦｉ信号很差，群众办事要排队。"},
    {"topic", 6, "/1/2/", "accepted", 6000, "停车难问题",
     "小区停车位不足，车辆乱停乱放，消防通道被堵。"},
};
#define CORPUS_SIZE (sizeof corpus / sizeof corpus[0])

struct fixture {
  enum store_backend backend;
  struct store *store;
  struct store_conn *conn;
  struct arena *arena;
  char *url;
};

static int setup(void **state, enum store_backend b) {
  struct fixture *f = calloc(1, sizeof *f);
  struct err e = {0};
  f->backend = b;
  f->store = testdb_open_migrated(b, &f->url);
  f->conn = store_acquire(f->store);
  f->arena = arena_new();
  assert_int_equal(store_begin(f->conn, &e), 0);
  for (size_t i = 0; i < CORPUS_SIZE; i++)
    if (search_index_put(f->conn, &corpus[i], &e) != 0)
      fail_msg("index %zu: %s %s", i, err_code(&e), e.detail);
  assert_int_equal(store_commit(f->conn, &e), 0);
  *state = f;
  return 0;
}

static int setup_sqlite(void **state) { return setup(state, STORE_SQLITE); }
static int setup_postgres(void **state) { return setup(state, STORE_POSTGRES); }

static int teardown(void **state) {
  struct fixture *f = *state;
  arena_free(f->arena);
  store_release(f->conn);
  store_close(f->store);
  testdb_drop(f->backend, f->url);
  free(f);
  return 0;
}

/* Doc ids found for a query, sorted, as "1,2,3" (or "error:code"). */
static const char *found(struct fixture *f, const char *query,
                         const struct search_filter *filter) {
  struct search_filter all = {NULL, NULL, NULL, 0, 0, 50, 0};
  struct search_result r;
  struct err e = {0};
  if (search_query(f->conn, f->arena, query, filter ? filter : &all, &r, &e) != 0)
    return arena_printf(f->arena, "error:%s", err_code(&e));
  int64_t ids[64];
  for (size_t i = 0; i < r.nhits; i++) ids[i] = r.hits[i].doc_id;
  for (size_t i = 1; i < r.nhits; i++)
    for (size_t j = i; j > 0 && ids[j] < ids[j - 1]; j--) {
      int64_t t = ids[j];
      ids[j] = ids[j - 1];
      ids[j - 1] = t;
    }
  struct buf b;
  buf_init(&b, 4096);
  for (size_t i = 0; i < r.nhits; i++)
    buf_printf(&b, "%s%lld", i ? "," : "", (long long)ids[i]);
  const char *s = arena_strdup(f->arena, buf_str(&b));
  buf_free(&b);
  return s;
}

static void variants_are_found_alike(void **state) {
  struct fixture *f = *state;
  assert_string_equal(found(f, "老旧小区改造", NULL), "1,2,3");
  assert_string_equal(found(f, "老舊小區改造", NULL), "1,2,3");
  assert_string_equal(found(f, "老旧小区　改造", NULL), "1,2,3");
  assert_string_equal(found(f, "wifi", NULL), "5");
  assert_string_equal(found(f, "ＷＩＦＩ 信号", NULL), "5");
  assert_string_equal(found(f, "加装电梯", NULL), "3");
  assert_string_equal(found(f, "污水", NULL), "4");
  assert_string_equal(found(f, "停车", NULL), "6");
  assert_string_equal(found(f, "地铁", NULL), "");
}

static void typed_syntax_is_plain_text(void **state) {
  struct fixture *f = *state;
  const char *hostile[] = {"\"老旧", "改造*", "NEAR(改造 小区)", "-污水",
                           "小区 OR 停车", "title:改造", "(((", "'; DROP"};
  for (size_t i = 0; i < sizeof hostile / sizeof hostile[0]; i++) {
    const char *r = found(f, hostile[i], NULL);
    assert_null(strstr(r, "error:db"));
  }
  assert_string_equal(found(f, "\"老旧", NULL), "1,2,3");
  assert_string_equal(found(f, "", NULL), "error:search_empty");
  assert_string_equal(found(f, "，。！？", NULL), "error:search_empty");
  assert_string_equal(found(f, "\xff\xfe", NULL), "error:invalid_utf8");
  char *big = malloc(100 * 1024 + 1);
  memset(big, 'a', 100 * 1024);
  big[100 * 1024] = '\0';
  assert_string_equal(found(f, big, NULL), "error:search_too_long");
  free(big);
}

static void filters_and_paging(void **state) {
  struct fixture *f = *state;
  struct search_filter by_unit = {NULL, "/1/2/", NULL, 0, 0, 50, 0};
  assert_string_equal(found(f, "改造", &by_unit), "1,3");
  struct search_filter by_type = {"proposal", NULL, NULL, 0, 0, 50, 0};
  assert_string_equal(found(f, "信号", &by_type), "5");
  by_type.type = "topic";
  assert_string_equal(found(f, "信号", &by_type), "");
  struct search_filter by_state = {NULL, NULL, "submitted", 0, 0, 50, 0};
  assert_string_equal(found(f, "改造", &by_state), "2");
  struct search_filter by_date = {NULL, NULL, NULL, 1500, 3000, 50, 0};
  assert_string_equal(found(f, "改造", &by_date), "2");
  struct search_result r;
  struct err e = {0};
  struct search_filter page = {NULL, NULL, NULL, 0, 0, 2, 0};
  assert_int_equal(search_query(f->conn, f->arena, "改造", &page, &r, &e), 0);
  assert_int_equal(r.nhits, 2);
  assert_int_equal(r.total, 3);
  int64_t first = r.hits[0].doc_id, second = r.hits[1].doc_id;
  page.offset = 2;
  assert_int_equal(search_query(f->conn, f->arena, "改造", &page, &r, &e), 0);
  assert_int_equal(r.nhits, 1);
  assert_true(r.hits[0].doc_id != first && r.hits[0].doc_id != second);
}

/* The title's segments joined, with hits in brackets. */
static const char *marked(struct fixture *f, struct search_segment *s,
                          size_t n) {
  struct buf b;
  buf_init(&b, 4096);
  for (size_t i = 0; i < n; i++)
    buf_printf(&b, s[i].hit ? "[%s]" : "%s", s[i].text);
  const char *out = arena_strdup(f->arena, buf_str(&b));
  buf_free(&b);
  return out;
}

static void hits_are_highlighted_in_the_original_text(void **state) {
  struct fixture *f = *state;
  struct search_filter filter = {NULL, "/1/3/", NULL, 0, 0, 10, 0};
  struct search_result r;
  struct err e = {0};
  assert_int_equal(search_query(f->conn, f->arena, "老旧小区改造", &filter, &r, &e), 0);
  assert_int_equal(r.nhits, 1);
  assert_string_equal(marked(f, r.hits[0].title, r.hits[0].ntitle),
                      "關於[老舊小區改造]的建議");
  assert_string_equal(marked(f, r.hits[0].snippet, r.hits[0].nsnippet),
                      "和平社區的樓道照明壞了很久，希望一併[改造]。");
  filter.unit_path = NULL;
  assert_int_equal(search_query(f->conn, f->arena, "wifi", &filter, &r, &e), 0);
  assert_string_equal(marked(f, r.hits[0].title, r.hits[0].ntitle),
                      "[ＷｉＦｉ]信号差怎么办");
}

/* A 100 KB body: the snippet comes from its first few KB, marked when the
   hit is there, the body's start otherwise; never the whole text. */
static void long_bodies_give_short_snippets(void **state) {
  struct fixture *f = *state;
  struct err e = {0};
  struct search_result r;
  size_t size = 100 * 1024;
  char *body = malloc(size + 64);
  size_t n = 0;
  n += (size_t)snprintf(body, 64, "开头提到桂花。");
  while (n + 3 < size) n += (size_t)snprintf(body + n, 4, "%s", "。");
  snprintf(body + n, 64, "%s", "结尾提到银杏。");
  struct search_doc d = {"topic", 50, "/1/2/", "accepted", 7000, "很长的意见",
                         body};
  assert_int_equal(store_begin(f->conn, &e), 0);
  assert_int_equal(search_index_put(f->conn, &d, &e), 0);
  assert_int_equal(store_commit(f->conn, &e), 0);
  struct search_filter all = {NULL, NULL, NULL, 0, 0, 10, 0};
  assert_int_equal(search_query(f->conn, f->arena, "桂花", &all, &r, &e), 0);
  assert_int_equal(r.nhits, 1);
  const char *snippet = marked(f, r.hits[0].snippet, r.hits[0].nsnippet);
  assert_non_null(strstr(snippet, "开头提到[桂花]。"));
  assert_true(strlen(snippet) < 400);
  /* Found by the index, but too far in for the snippet: the start shows. */
  assert_int_equal(search_query(f->conn, f->arena, "银杏", &all, &r, &e), 0);
  assert_int_equal(r.nhits, 1);
  snippet = marked(f, r.hits[0].snippet, r.hits[0].nsnippet);
  assert_true(strncmp(snippet, "开头提到桂花。", strlen("开头提到桂花。")) == 0);
  assert_null(strchr(snippet, '['));
  free(body);
}

static void index_follows_writes_in_the_same_transaction(void **state) {
  struct fixture *f = *state;
  struct err e = {0};
  struct search_doc changed = corpus[5];
  changed.title = "消防通道被占用";
  changed.body = "楼下消防通道常年堆放杂物。";
  /* Rolled back: the index is as before. */
  assert_int_equal(store_begin(f->conn, &e), 0);
  assert_int_equal(search_index_put(f->conn, &changed, &e), 0);
  store_rollback(f->conn);
  assert_string_equal(found(f, "停车", NULL), "6");
  assert_string_equal(found(f, "杂物", NULL), "");
  /* Committed: the old words are gone, the new ones found. */
  assert_int_equal(store_begin(f->conn, &e), 0);
  assert_int_equal(search_index_put(f->conn, &changed, &e), 0);
  assert_int_equal(store_commit(f->conn, &e), 0);
  assert_string_equal(found(f, "停车", NULL), "");
  assert_string_equal(found(f, "杂物", NULL), "6");
  assert_int_equal(search_index_delete(f->conn, "topic", 6, &e), 0);
  assert_string_equal(found(f, "杂物", NULL), "");
  assert_int_equal(search_index_delete(f->conn, "topic", 6, &e), 0);
  struct search_doc bad = corpus[0];
  bad.title = "\xff";
  assert_int_equal(search_index_put(f->conn, &bad, &e), -1);
  assert_int_equal(e.kind, ERR_INVALID_UTF8);
}

static void near_duplicates_are_found_without_a_scan(void **state) {
  struct fixture *f = *state;
  struct err e = {0};
  struct search_similar *sim;
  size_t n;
  /* The same text in Traditional characters, with full-width punctuation. */
  const char *text = "关于老旧小区改造的建议\n"
                     "幸福里小区建于1990年，外墙脱落，管网老化，居民希望纳入"
                     "老旧小区改造计划。";
  assert_int_equal(search_similar(f->conn, f->arena, text, NULL, NULL, 0.5, 5, &sim,
                                  &n, &e), 0);
  assert_true(n >= 1);
  assert_int_equal(sim[0].doc_id, 1);
  assert_true(sim[0].score > 0.95);
  const char *trad = "關於老舊小區改造的建議\n幸福裡小區建於1990年，外牆脫落，"
                     "管網老化，居民希望納入老舊小區改造計劃！";
  assert_int_equal(search_similar(f->conn, f->arena, trad, "topic", NULL, 0.5, 5,
                                  &sim, &n, &e), 0);
  assert_true(n >= 1);
  assert_int_equal(sim[0].doc_id, 1);
  assert_true(sim[0].score > 0.8);
  assert_int_equal(search_similar(f->conn, f->arena, trad, "proposal", NULL, 0.5, 5,
                                  &sim, &n, &e), 0);
  assert_int_equal(n, 0);
  /* Outside the unit subtree asked for, nothing is found. */
  assert_int_equal(search_similar(f->conn, f->arena, text, NULL, "/1/3/", 0.5,
                                  5, &sim, &n, &e), 0);
  assert_int_equal(n, 0);
  assert_int_equal(search_similar(f->conn, f->arena, "学校门口交通拥堵接送困难",
                                  NULL, NULL, 0.5, 5, &sim, &n, &e), 0);
  assert_int_equal(n, 0);
  assert_int_equal(search_similar(f->conn, f->arena, "！！", NULL, NULL, 0.5, 5,
                                  &sim, &n, &e), -1);
  assert_int_equal(e.kind, ERR_SEARCH_EMPTY);
}

/* A batch that puts the same document twice keeps only the last version,
   in the full-text index and among the near-duplicate keys. */
static void a_batch_keeps_the_last_put_of_a_document(void **state) {
  struct fixture *f = *state;
  struct err e = {0};
  struct search_similar *sim;
  size_t n;
  const char *first = "学校门口交通拥堵，早晚接送孩子的车辆把路堵死了";
  const char *second = "菜市场周边乱摆摊，占用消防通道，存在安全隐患";
  struct search_doc docs[] = {
      {"topic", 60, "/1/2/", "accepted", 8000, "接送难", first},
      {"topic", 61, "/1/2/", "accepted", 8100, "另一件事", "河边路灯坏了"},
      {"topic", 60, "/1/2/", "accepted", 8200, "摆摊", second},
  };
  assert_int_equal(store_begin(f->conn, &e), 0);
  assert_int_equal(search_index_put_batch(f->conn, docs, 3, &e), 0);
  assert_int_equal(store_commit(f->conn, &e), 0);
  assert_string_equal(found(f, "拥堵", NULL), "");
  assert_string_equal(found(f, "摆摊", NULL), "60");
  char text[256];
  snprintf(text, sizeof text, "接送难\n%s", first);
  assert_int_equal(search_similar(f->conn, f->arena, text, NULL, NULL, 0.0,
                                  10, &sim, &n, &e), 0);
  for (size_t i = 0; i < n; i++) assert_true(sim[i].doc_id != 60);
  snprintf(text, sizeof text, "摆摊\n%s", second);
  assert_int_equal(search_similar(f->conn, f->arena, text, NULL, NULL, 0.9,
                                  10, &sim, &n, &e), 0);
  assert_int_equal(n, 1);
  assert_int_equal(sim[0].doc_id, 60);
}

static void progress(int64_t done, int64_t total, void *ctx) {
  int64_t *last = ctx;
  assert_true(done <= total);
  *last = done;
}

static void reindex_rebuilds_every_entry(void **state) {
  struct fixture *f = *state;
  struct err e = {0};
  int64_t last = -1;
  assert_int_equal(search_reindex(f->store, progress, &last, &e), 0);
  assert_int_equal(last, (int64_t)CORPUS_SIZE);
  assert_string_equal(found(f, "老旧小区改造", NULL), "1,2,3");
}

/* Index count documents about parking (ids from 100, the newest last),
   in one transaction. */
static void index_many(struct fixture *f, int count) {
  struct err e = {0};
  char title[64];
  assert_int_equal(store_begin(f->conn, &e), 0);
  for (int i = 0; i < count; i++) {
    snprintf(title, sizeof title, "停车问题第%d号", i);
    struct search_doc d = {"topic", 100 + i, "/1/2/", "accepted",
                           10000 + i, title, "小区停车位不足。"};
    if (search_index_put(f->conn, &d, &e) != 0)
      fail_msg("index %d: %s %s", i, err_code(&e), e.detail);
  }
  assert_int_equal(store_commit(f->conn, &e), 0);
}

/* A word matching more documents than are ranked: the total is an
   estimate close to the truth, exact again on a page past the ranked
   matches, every page can be reached, and a rare word among them is ranked
   in full, best first, whatever the documents' age. */
static void common_words_are_capped_rare_words_ranked(void **state) {
  struct fixture *f = *state;
  struct err e = {0};
  struct search_result r;
  const int many = SEARCH_RANK_CAP + 150;
  /* The rare word in a title, indexed between two documents that have it
     once in a long body: the title match comes first, neither oldest nor
     newest. */
  struct search_doc body_old = {"topic", 90, "/1/2/", "accepted", 500,
                                "停车位不够", "楼下空地边上有一棵桂花树，"
                                "空地很大，可以规划成停车场，方便居民。"};
  struct search_doc title_hit = {"topic", 91, "/1/2/", "accepted", 600,
                                 "桂花树下停车", "树下常有车辆。"};
  struct search_doc body_new = {"topic", 92, "/1/2/", "accepted", 700,
                                "停车场规划", "建议把种着桂花的那块空地，"
                                "连同旁边的荒地一起规划成停车场。"};
  assert_int_equal(store_begin(f->conn, &e), 0);
  assert_int_equal(search_index_put(f->conn, &body_old, &e), 0);
  assert_int_equal(search_index_put(f->conn, &title_hit, &e), 0);
  assert_int_equal(search_index_put(f->conn, &body_new, &e), 0);
  assert_int_equal(store_commit(f->conn, &e), 0);
  index_many(f, many);

  struct search_filter page = {NULL, NULL, NULL, 0, 0, 20, 0};
  assert_int_equal(search_query(f->conn, f->arena, "桂花", &page, &r, &e), 0);
  assert_int_equal(r.nhits, 3);
  assert_int_equal(r.total, 3);
  assert_true(r.total_exact);
  /* PostgreSQL's tsvector is built without positions, so its title weight
     (setweight 'A') has nothing to attach to and ts_rank() cannot tell a
     title match from a body match; only SQLite ranks titles up. */
  if (f->backend == STORE_SQLITE) assert_int_equal(r.hits[0].doc_id, 91);

  /* 停车: the corpus's 6, the three above and the many. */
  assert_int_equal(search_query(f->conn, f->arena, "停车", &page, &r, &e), 0);
  assert_int_equal(r.nhits, 20);
  assert_false(r.total_exact);
  assert_in_range(r.total, (many + 4) * 9 / 10, (many + 4) * 11 / 10);
  /* Past the ranked matches, pages still come, down to the last one. */
  page.offset = many;
  assert_int_equal(search_query(f->conn, f->arena, "停车", &page, &r, &e), 0);
  assert_int_equal(r.nhits, 4);
  assert_int_equal(r.total, many + 4);
  /* The same with a filter, which reads the documents' rows. */
  struct search_filter unit = {NULL, "/1/2/", NULL, 0, 0, 20, many};
  assert_int_equal(search_query(f->conn, f->arena, "停车", &unit, &r, &e), 0);
  assert_int_equal(r.total, many + 4);
  assert_int_equal(r.nhits, 4);
  unit.state = "rejected";
  unit.offset = 0;
  assert_int_equal(search_query(f->conn, f->arena, "停车", &unit, &r, &e), 0);
  assert_int_equal(r.total, 0);
}

/* Past SEARCH_DEPTH_CAP matches the total is still an estimate close to
   the truth (the corpus's document 6 and the many), and pages stop at the
   cap. */
static void totals_past_the_depth_cap_are_estimates(void **state) {
  struct fixture *f = *state;
  struct err e = {0};
  struct search_result r;
  const int matches = SEARCH_DEPTH_CAP + 10 + 1;
  index_many(f, SEARCH_DEPTH_CAP + 10);
  struct search_filter page = {NULL, NULL, NULL, 0, 0, 10, 0};
  assert_int_equal(search_query(f->conn, f->arena, "停车", &page, &r, &e), 0);
  assert_int_equal(r.nhits, 10);
  assert_in_range(r.total, (matches) * 9 / 10, (matches) * 11 / 10);
  assert_false(r.total_exact);
  /* Every page within the ranked matches holds only the newest ones
     (PostgreSQL looks at the newest documents first, then widens: the rare
     word below, in an old document, is found that way). */
  struct search_filter deep = {NULL, "/1/", NULL, 0, 0, 100, 0};
  for (deep.offset = 0; deep.offset < SEARCH_RANK_CAP; deep.offset += 900) {
    assert_int_equal(search_query(f->conn, f->arena, "停车", &deep, &r, &e), 0);
    assert_int_equal(r.nhits, 100);
    for (size_t i = 0; i < r.nhits; i++)
      assert_true(r.hits[i].doc_id >=
                  100 + SEARCH_DEPTH_CAP + 10 - SEARCH_RANK_CAP);
    deep.unit_path = NULL;
  }
  struct search_filter unit = {NULL, "/1/2/", NULL, 0, 0, 10, 0};
  assert_int_equal(search_query(f->conn, f->arena, "停车", &unit, &r, &e), 0);
  assert_in_range(r.total, (matches) * 9 / 10, (matches) * 11 / 10);
  assert_false(r.total_exact);
  /* A rare word in the same index is still counted exactly. */
  assert_int_equal(search_query(f->conn, f->arena, "wifi", &page, &r, &e), 0);
  assert_int_equal(r.total, 1);
  assert_true(r.total_exact);
  /* Pages past the counted matches are empty, not an error. */
  page.offset = SEARCH_DEPTH_CAP;
  assert_int_equal(search_query(f->conn, f->arena, "停车", &page, &r, &e), 0);
  assert_int_equal(r.nhits, 0);
}

/* Filters as scope tokens inside the index: a unit filter is a subtree
   (its descendants, not ids that merely begin alike), filters combine, and
   a malformed unit path matches nothing rather than everything. */
static void filters_are_matched_inside_the_index(void **state) {
  struct fixture *f = *state;
  struct err e = {0};
  struct search_doc more[] = {
      {"topic", 20, "/1/2/7/", "accepted", 7000, "老旧小区改造 村里", "村民"},
      {"topic", 21, "/1/23/", "accepted", 7100, "老旧小区改造 别处", "别处"},
      {"public_opinion", 22, "/1/2/", "已受理", 7200, "老旧小区改造 社情",
       "民意"},
  };
  assert_int_equal(store_begin(f->conn, &e), 0);
  assert_int_equal(search_index_put_batch(f->conn, more, 3, &e), 0);
  assert_int_equal(store_commit(f->conn, &e), 0);
  struct search_filter unit = {NULL, "/1/2/", NULL, 0, 0, 50, 0};
  assert_string_equal(found(f, "老旧小区改造", &unit), "1,3,20,22");
  unit.unit_path = "/1/2"; /* the same without the last slash */
  assert_string_equal(found(f, "老旧小区改造", &unit), "1,3,20,22");
  unit.unit_path = "/1/2/7/";
  assert_string_equal(found(f, "老旧小区改造", &unit), "20");
  unit.unit_path = "/1/";
  assert_string_equal(found(f, "老旧小区改造", &unit), "1,2,3,20,21,22");
  unit.unit_path = "/1/%/";
  assert_string_equal(found(f, "老旧小区改造", &unit), "");
  struct search_filter both = {"topic", "/1/2/", "accepted", 0, 0, 50, 0};
  assert_string_equal(found(f, "老旧小区改造", &both), "1,3,20");
  both.type = "public_opinion";
  both.state = "已受理";
  assert_string_equal(found(f, "老旧小区改造", &both), "22");
  struct search_filter dated = {"topic", "/1/", NULL, 3000, 7050, 50, 0};
  assert_string_equal(found(f, "老旧小区改造", &dated), "3,20");
  /* A moved document leaves its old subtree. */
  more[0].unit_path = "/1/3/";
  assert_int_equal(store_begin(f->conn, &e), 0);
  assert_int_equal(search_index_put(f->conn, &more[0], &e), 0);
  assert_int_equal(store_commit(f->conn, &e), 0);
  unit.unit_path = "/1/2/";
  assert_string_equal(found(f, "老旧小区改造", &unit), "1,3,22");
}

/* Entries indexed under migration 0008's schema (full-text rows without
   scope tokens, LSH keys with a doc index) are found, filtered, by
   near-duplicate and updated after migration 0009, with no reindex. */
static void old_entries_are_converted_by_migration(enum store_backend b) {
  struct err e = {0};
  char *url = testdb_create(b);
  struct store *s = NULL;
  assert_int_equal(store_open(&s, url, 1, &e), 0);
  assert_int_equal(store_migrate_to(s, 8, NULL, &e), 0);
  const char *title = "关于老旧小区改造的建议";
  const char *body = "幸福里小区建于1990年，外墙脱落，管网老化。";
  char text[512];
  snprintf(text, sizeof text, "%s\n%s", title, body);
  struct text_minhash sig;
  unsigned char blob[TEXT_MINHASH_BYTES];
  int64_t keys[TEXT_LSH_BANDS];
  assert_int_equal(text_minhash(text, strlen(text), &sig), 0);
  text_minhash_encode(&sig, blob);
  text_lsh_keys(&sig, keys);
  struct buf sql;
  buf_init(&sql, BUF_UNLIMITED);
  buf_printf(&sql, "INSERT INTO search_docs (id, doc_type, doc_id, unit_path, "
             "state, created_at, title, body, minhash) VALUES (7, 'topic', 70, "
             "'/1/2/', 'accepted', 1000, '%s', '%s', %s", title, body,
             b == STORE_SQLITE ? "x'" : "'\\x");
  for (size_t i = 0; i < sizeof blob; i++) buf_printf(&sql, "%02x", blob[i]);
  buf_puts(&sql, b == STORE_SQLITE ? "');" : "'::bytea);");
  if (b == STORE_SQLITE) {
    buf_printf(&sql, "INSERT INTO search_fts (rowid, title, body) VALUES "
               "(7, '%s', '%s');", title, body);
  } else {
    char *tt, *bt;
    assert_int_equal(text_pg_document(title, strlen(title), &tt), 0);
    assert_int_equal(text_pg_document(body, strlen(body), &bt), 0);
    buf_printf(&sql, "INSERT INTO search_fts (doc, tokens) VALUES (7, "
               "setweight(array_to_tsvector('%s'::text[]), 'A') || "
               "array_to_tsvector('%s'::text[]));", tt, bt);
    free(tt);
    free(bt);
  }
  for (int band = 0; band < TEXT_LSH_BANDS; band++)
    buf_printf(&sql, "INSERT INTO search_lsh (band, key, doc) VALUES "
               "(%d, %lld, 7);", band, (long long)keys[band]);
  struct store_conn *c = store_acquire(s);
  assert_int_equal(store_driver_of(s)->exec_script(c, buf_str(&sql), &e), 0);
  buf_free(&sql);
  store_release(c);

  assert_int_equal(store_migrate(s, NULL, &e), 0);
  struct fixture *f = calloc(1, sizeof *f);
  *f = (struct fixture){b, s, store_acquire(s), arena_new(), url};
  struct search_filter unit = {"topic", "/1/", "accepted", 0, 0, 50, 0};
  assert_string_equal(found(f, "老旧小区改造", &unit), "70");
  unit.unit_path = "/1/3/";
  assert_string_equal(found(f, "老旧小区改造", &unit), "");
  struct search_similar *sim;
  size_t n;
  assert_int_equal(search_similar(f->conn, f->arena, text, NULL, NULL, 0.9, 5,
                                  &sim, &n, &e), 0);
  assert_int_equal(n, 1);
  assert_int_equal(sim[0].doc_id, 70);
  /* Its old keys go with a new version, and with its deletion. */
  struct search_doc d = {"topic", 70, "/1/3/", "accepted", 1000, "停车难",
                         "小区停车位不足，车辆乱停乱放。"};
  assert_int_equal(store_begin(f->conn, &e), 0);
  assert_int_equal(search_index_put(f->conn, &d, &e), 0);
  assert_int_equal(store_commit(f->conn, &e), 0);
  assert_int_equal(search_similar(f->conn, f->arena, text, NULL, NULL, 0.0, 5,
                                  &sim, &n, &e), 0);
  assert_int_equal(n, 0);
  assert_string_equal(found(f, "停车", &unit), "70");
  assert_int_equal(store_begin(f->conn, &e), 0);
  assert_int_equal(search_index_delete(f->conn, "topic", 70, &e), 0);
  assert_int_equal(store_commit(f->conn, &e), 0);
  assert_string_equal(found(f, "停车", NULL), "");
  void *fixture = f;
  teardown(&fixture);
}

static void migration_converts_sqlite(void **state) {
  (void)state;
  old_entries_are_converted_by_migration(STORE_SQLITE);
}

static void migration_converts_postgres(void **state) {
  (void)state;
  if (!testdb_available(STORE_POSTGRES)) skip();
  old_entries_are_converted_by_migration(STORE_POSTGRES);
}

/* Both backends give the same documents for the same queries, with and
   without filters. */
static void backends_agree(void **state) {
  (void)state;
  if (!testdb_available(STORE_POSTGRES)) skip();
  const char *queries[] = {"老旧小区改造", "改造", "小区", "wifi", "社区",
                           "老舊", "居民 希望", "电梯", "乱停", "\"污水"};
  const struct search_filter filters[] = {
      {NULL, NULL, NULL, 0, 0, 50, 0},
      {NULL, "/1/2/", NULL, 0, 0, 50, 0},
      {"topic", "/1/3/", NULL, 0, 0, 50, 0},
      {NULL, "/1/", "accepted", 0, 0, 50, 0},
      {"proposal", NULL, NULL, 0, 0, 50, 0},
      {NULL, "/1/2/", NULL, 2500, 6000, 50, 0},
      {NULL, "/9/", NULL, 0, 0, 50, 0},
  };
  void *sqlite_state, *pg_state;
  setup_sqlite(&sqlite_state);
  setup_postgres(&pg_state);
  for (size_t i = 0; i < sizeof queries / sizeof queries[0]; i++)
    for (size_t k = 0; k < sizeof filters / sizeof filters[0]; k++) {
      const char *a = found(sqlite_state, queries[i], &filters[k]);
      const char *b = found(pg_state, queries[i], &filters[k]);
      if (strcmp(a, b) != 0)
        fail_msg("%s (filter %zu): sqlite %s, postgres %s", queries[i], k, a,
                 b);
    }
  teardown(&sqlite_state);
  teardown(&pg_state);
}

#define SEARCH_TESTS(setup_fn)                                                \
  {                                                                           \
    cmocka_unit_test_setup_teardown(variants_are_found_alike, setup_fn,       \
                                    teardown),                                \
    cmocka_unit_test_setup_teardown(typed_syntax_is_plain_text, setup_fn,     \
                                    teardown),                                \
    cmocka_unit_test_setup_teardown(filters_and_paging, setup_fn, teardown),  \
    cmocka_unit_test_setup_teardown(filters_are_matched_inside_the_index,     \
                                    setup_fn, teardown),                      \
    cmocka_unit_test_setup_teardown(hits_are_highlighted_in_the_original_text,\
                                    setup_fn, teardown),                      \
    cmocka_unit_test_setup_teardown(                                          \
        index_follows_writes_in_the_same_transaction, setup_fn, teardown),    \
    cmocka_unit_test_setup_teardown(long_bodies_give_short_snippets,          \
                                    setup_fn, teardown),                      \
    cmocka_unit_test_setup_teardown(near_duplicates_are_found_without_a_scan, \
                                    setup_fn, teardown),                      \
    cmocka_unit_test_setup_teardown(reindex_rebuilds_every_entry, setup_fn,   \
                                    teardown),                                \
    cmocka_unit_test_setup_teardown(                                          \
        a_batch_keeps_the_last_put_of_a_document, setup_fn, teardown),        \
    cmocka_unit_test_setup_teardown(                                          \
        common_words_are_capped_rare_words_ranked, setup_fn, teardown),       \
    cmocka_unit_test_setup_teardown(                                          \
        totals_past_the_depth_cap_are_estimates, setup_fn, teardown),      \
  }

int main(void) {
  int failures = 0;
  const struct CMUnitTest sqlite_tests[] = SEARCH_TESTS(setup_sqlite);
  failures += cmocka_run_group_tests_name("search/sqlite", sqlite_tests, NULL,
                                          NULL);
  if (testdb_available(STORE_POSTGRES)) {
    const struct CMUnitTest pg_tests[] = SEARCH_TESTS(setup_postgres);
    failures += cmocka_run_group_tests_name("search/postgres", pg_tests, NULL,
                                            NULL);
  }
  const struct CMUnitTest agree[] = {
      cmocka_unit_test(backends_agree),
      cmocka_unit_test(migration_converts_sqlite),
      cmocka_unit_test(migration_converts_postgres),
  };
  failures += cmocka_run_group_tests_name("search/agreement", agree, NULL, NULL);
  return failures;
}
