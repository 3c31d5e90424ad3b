/*
** Unit tests of the text engine (src/text/): normalisation, tokens and their
** original offsets, query building for SQLite FTS5 and PostgreSQL, the FTS5
** tokenizer against a real in-memory database, and near-duplicates.
**
** Expected values are pinned on real sentences of the kind residents write,
** with the Debian 12 versions of OpenCC (1.1.6) and ICU (72). A change of
** either library that changes results should fail here and be looked at.
*/
#define _POSIX_C_SOURCE 200809L

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <math.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text/text.h"
#include "text/text_int.h"
#include "util/mem.h"

/* ---------------------------------------------------------------- helpers */

/* Normalise n bytes at s and compare with want. */
static void check_norm_n(const char *s, size_t n, const char *want) {
  char *out = NULL;
  size_t len = 0;
  int rc = text_normalize(s, n, &out, &len);

  assert_int_equal(rc, 0);
  assert_non_null(out);
  assert_string_equal(out, want);
  assert_int_equal(len, strlen(want));
  free(out);
}

static void check_norm(const char *s, const char *want) {
  check_norm_n(s, strlen(s), want);
}

/* Tokens joined by spaces; a colocated token is prefixed with '+'. */
struct joined {
  char buf[8192];
  size_t len;
  size_t count;
  size_t stop_after; /* return 1 after this many tokens, 0 = never */
};

static int join_token(void *ctx, const struct text_token *tok) {
  struct joined *j = ctx;
  int n = snprintf(j->buf + j->len, sizeof j->buf - j->len, "%s%s%.*s",
                   j->len > 0 ? " " : "", tok->colocated ? "+" : "",
                   (int)tok->len, tok->text);

  if (n > 0 && (size_t)n < sizeof j->buf - j->len) j->len += (size_t)n;
  j->count++;
  return j->stop_after != 0 && j->count >= j->stop_after;
}

static void check_tokens(const char *s, enum text_mode mode, const char *want) {
  struct joined j;

  memset(&j, 0, sizeof j);
  assert_int_equal(text_tokenize(s, strlen(s), mode, join_token, &j), 0);
  assert_string_equal(j.buf, want);
}

/* Checks every token against the original text: in range, non-colocated
** tokens never overlapping or going back, document bigrams always followed
** by the unigram of their second character. */
struct offsets {
  const char *in;
  size_t len;
  size_t count;
  size_t last_end; /* end of the last non-colocated token */
  char pending[8]; /* second character of the last bigram, if any */
  size_t npending;
};

static int check_offset(void *ctx, const struct text_token *tok) {
  struct offsets *o = ctx;

  assert_true(tok->start <= tok->end);
  assert_true(tok->end <= o->len);
  assert_true(tok->len >= 1 && tok->len <= TEXT_TOKEN_MAX_BYTES);
  if (o->npending > 0 && !tok->colocated) {
    assert_int_equal(tok->kind, TEXT_TOKEN_CJK1);
    assert_memory_equal(tok->text, o->pending, o->npending);
    o->npending = 0;
  }
  if (!tok->colocated) {
    assert_true(tok->start >= o->last_end);
    o->last_end = tok->end;
  } else {
    size_t k = tok->len - 1; /* start of the second character */
    assert_int_equal(tok->kind, TEXT_TOKEN_CJK2);
    while (k > 0 && ((unsigned char)tok->text[k] & 0xC0) == 0x80) k--;
    o->npending = tok->len - k;
    memcpy(o->pending, tok->text + k, o->npending);
  }
  o->count++;
  return 0;
}

/* Original bytes of the token whose normalised text is want. */
struct find {
  const char *want;
  const char *in;
  char got[256];
  int found;
};

static int find_token(void *ctx, const struct text_token *tok) {
  struct find *f = ctx;

  if (f->found || strlen(f->want) != tok->len ||
      memcmp(f->want, tok->text, tok->len) != 0)
    return 0;
  snprintf(f->got, sizeof f->got, "%.*s", (int)(tok->end - tok->start),
           f->in + tok->start);
  f->found = 1;
  return 0;
}

static void check_origin(const char *in, const char *token, const char *want) {
  struct find f;

  memset(&f, 0, sizeof f);
  f.want = token;
  f.in = in;
  assert_int_equal(
      text_tokenize(in, strlen(in), TEXT_MODE_DOCUMENT, find_token, &f), 0);
  assert_true(f.found);
  assert_string_equal(f.got, want);
}

/* ----------------------------------------------------------- normalising */

static void test_normalize_traditional(void **state) {
  (void)state;
  check_norm("關於老舊小區改造的建議", "关于老旧小区改造的建议");
  check_norm("電梯加裝", "电梯加装");
  check_norm("張三豐", "张三丰");
  /* phrase-aware: 乾 is 干 in 乾燥 but stays in the name 乾隆 */
  check_norm("頭髮乾燥", "头发干燥");
  check_norm("乾隆皇帝", "乾隆皇帝");
  /* already Simplified text is left alone */
  check_norm("关于老旧小区改造的建议", "关于老旧小区改造的建议");
}

static void test_normalize_spacing(void **state) {
  (void)state;
  check_norm("老旧小区 改造", "老旧小区 改造");
  check_norm(" \t老旧小区\xe3\x80\x80\xe3\x80\x80改造\r\n\n", "老旧小区 改造");
  check_norm("老旧小区，改造。", "老旧小区 改造");
  check_norm("老旧\xc2\xa0小区", "老旧 小区");    /* no-break space */
  check_norm("老旧\xe2\x80\x8b小区", "老旧小区"); /* zero-width space */
  check_norm_n("a\0b", 3, "a b");
}

static void test_normalize_fullwidth(void **state) {
  (void)state;
  check_norm("ＡＢＣ１２３，", "abc123");
  check_norm("ＷｉＦｉ信号差", "wifi信号差");
  check_norm("WiFi信号差", "wifi信号差");
  check_norm("①号楼", "1号楼");
  check_norm("\xe3\x8d\xbf", "株式会社"); /* ㍿ */
  check_norm("Straße", "strasse");
}

static void test_normalize_punctuation(void **state) {
  (void)state;
  check_norm("，。！？……", "");
  check_norm("", "");
  check_norm("「老旧小区」（改造）——《意见》", "老旧小区 改造 意见");
  check_norm("C++ & $100 ≥ 5℃", "c 100 5 c");
  check_norm("\"NEAR(a* -b) OR c\"", "near a b or c");
}

static void test_normalize_invalid_utf8(void **state) {
  static const char *bad[] = {
      "\xff",             /* never valid */
      "\xc0\x80",         /* overlong NUL */
      "\xe0\x80\xaf",     /* overlong / */
      "\xed\xa0\x80",     /* surrogate */
      "\xf4\x90\x80\x80", /* above U+10FFFF */
      "\xe4\xb8",         /* truncated 中 */
      "老旧\x80小区",     /* stray continuation */
  };
  size_t k;

  (void)state;
  for (k = 0; k < sizeof bad / sizeof bad[0]; k++) {
    char *out = (char *)"untouched";
    assert_int_equal(text_normalize(bad[k], strlen(bad[k]), &out, NULL),
                     TEXT_EUTF8);
    assert_null(out);
  }
}

static void test_normalize_limits(void **state) {
  char *big = xmalloc(TEXT_MAX_INPUT + 1);
  char *out = NULL;
  size_t len = 0;

  (void)state;
  memset(big, 'A', TEXT_MAX_INPUT + 1);
  assert_int_equal(text_normalize(big, TEXT_MAX_INPUT + 1, &out, &len),
                   TEXT_ETOOBIG);
  assert_null(out);
  assert_int_equal(text_normalize(big, TEXT_MAX_INPUT, &out, &len), 0);
  assert_int_equal(len, TEXT_MAX_INPUT);
  assert_int_equal(out[0], 'a');
  free(out);
  free(big);
  assert_int_equal(text_normalize("x", 1, NULL, NULL), TEXT_EINVAL);
  assert_int_equal(text_normalize(NULL, 3, &out, NULL), TEXT_EINVAL);
  assert_int_equal(text_normalize(NULL, 0, &out, NULL), 0);
  assert_string_equal(out, "");
  free(out);
}

static const char *thread_inputs[] = {
    "關於老舊小區改造的建議", "ＷｉＦｉ信號差，請儘快處理！",
    "頭髮乾燥與乾隆皇帝",     "臺灣鐘錶後來衝突",
    "老旧小区 改造",          "菜市場污水橫流，影響居民生活。",
};
#define THREAD_N (sizeof thread_inputs / sizeof thread_inputs[0])

static char *thread_expected[THREAD_N];
static char *thread_query[THREAD_N];

static void *thread_worker(void *arg) {
  int round;
  size_t k;
  long bad = 0;

  (void)arg;
  for (round = 0; round < 150; round++) {
    for (k = 0; k < THREAD_N; k++) {
      const char *in = thread_inputs[k];
      char *out = NULL;
      struct text_query q;
      if (text_normalize(in, strlen(in), &out, NULL) != 0 ||
          strcmp(out, thread_expected[k]) != 0)
        bad++;
      free(out);
      if (text_query_build(in, strlen(in), &q) != 0 ||
          strcmp(q.fts5, thread_query[k]) != 0)
        bad++;
      text_query_free(&q);
    }
  }
  return (void *)bad;
}

/* One shared OpenCC converter and a break iterator per thread, many
** threads: results match serial ones. */
static void test_normalize_threads(void **state) {
  pthread_t th[8];
  size_t k;

  (void)state;
  for (k = 0; k < THREAD_N; k++) {
    struct text_query q;
    assert_int_equal(text_normalize(thread_inputs[k], strlen(thread_inputs[k]),
                                    &thread_expected[k], NULL),
                     0);
    assert_int_equal(
        text_query_build(thread_inputs[k], strlen(thread_inputs[k]), &q), 0);
    thread_query[k] = xstrdup(q.fts5);
    text_query_free(&q);
  }
  for (k = 0; k < 8; k++) {
    assert_int_equal(pthread_create(&th[k], NULL, thread_worker, NULL), 0);
  }
  for (k = 0; k < 8; k++) {
    void *bad = NULL;
    assert_int_equal(pthread_join(th[k], &bad), 0);
    assert_null(bad);
  }
  for (k = 0; k < THREAD_N; k++) {
    free(thread_expected[k]);
    free(thread_query[k]);
  }
}

/* ------------------------------------------------------------- tokenizer */

static void test_tokenize_document(void **state) {
  (void)state;
  check_tokens("老旧小区 改造", TEXT_MODE_DOCUMENT,
               "老 +老旧 旧 +旧小 小 +小区 区 +区改 改 +改造 造");
  check_tokens("WiFi信号差", TEXT_MODE_DOCUMENT, "wifi 信 +信号 号 +号差 差");
  check_tokens("3号楼", TEXT_MODE_DOCUMENT, "3 号 +号楼 楼");
  check_tokens("，。！", TEXT_MODE_DOCUMENT, "");
}

static void test_tokenize_query(void **state) {
  (void)state;
  check_tokens("老旧小区改造", TEXT_MODE_QUERY, "老旧 旧小 小区 区改 改造");
  check_tokens("老旧小区 改造", TEXT_MODE_QUERY, "老旧 旧小 小区 改造");
  check_tokens("老舊小區，改造", TEXT_MODE_QUERY, "老旧 旧小 小区 改造");
  check_tokens("改造 居民", TEXT_MODE_QUERY, "改造 居民");
  check_tokens("WiFi信号差", TEXT_MODE_QUERY, "wifi 信号 号差");
  check_tokens("水", TEXT_MODE_QUERY, "水");
  check_tokens("张三丰", TEXT_MODE_QUERY, "张三 三丰");
}

/* ICU's dictionary words, and why they are not search terms: the same
** characters are cut differently in different sentences. */
static void test_tokenize_words(void **state) {
  (void)state;
  check_tokens("中华人民共和国成立了", TEXT_MODE_WORDS,
               "中华 人民 共和国 成立 了");
  check_tokens("关于老旧小区改造的建议", TEXT_MODE_WORDS,
               "关于 老旧 小区 改造 的 建议");
  check_tokens("研究生", TEXT_MODE_WORDS, "研究生");
  check_tokens("研究生命起源", TEXT_MODE_WORDS, "研究 生命 起源");
  check_tokens("WiFi信号差", TEXT_MODE_WORDS, "wifi 信号 差");
}

static void test_tokenize_offsets(void **state) {
  static const char *texts[] = {
      "ＡＢＣ１２３，關於老舊小區改造的建議",
      "  ＷｉＦｉ信號差！！請儘快處理 ",
      "\xe3\x8d\xbf Straße ①号楼 e\xcc\x81t\xc3\xa9",
      "老旧小区 改造",
  };
  const char *in = texts[0];
  size_t k;

  (void)state;
  check_origin(in, "abc123", "ＡＢＣ１２３");
  check_origin(in, "老旧", "老舊");
  check_origin(in, "区", "區");
  check_origin(in, "关于", "關於");
  check_origin(texts[1], "wifi", "ＷｉＦｉ");
  check_origin(texts[1], "号差", "號差");
  check_origin(texts[2], "strasse", "Straße");
  check_origin(texts[2], "株", "\xe3\x8d\xbf");
  check_origin(texts[2], "1", "①");
  check_origin(texts[3], "区改", "区 改");
  for (k = 0; k < sizeof texts / sizeof texts[0]; k++) {
    struct offsets o;
    memset(&o, 0, sizeof o);
    o.in = texts[k];
    o.len = strlen(texts[k]);
    assert_int_equal(
        text_tokenize(o.in, o.len, TEXT_MODE_DOCUMENT, check_offset, &o), 0);
    assert_true(o.count > 0);
  }
}

/* Count the tokens of n bytes at s. */
static int count_token(void *ctx, const struct text_token *tok) {
  (void)tok;
  (*(size_t *)ctx)++;
  return 0;
}

static size_t count_tokens(const char *s, size_t n) {
  size_t count = 0;

  assert_int_equal(text_tokenize(s, n, TEXT_MODE_DOCUMENT, count_token, &count),
                   0);
  return count;
}

/* Fill about 100 KB with copies of para; returns the number of copies. */
static size_t fill_100kb(char *big, const char *para, size_t *len) {
  size_t plen = strlen(para);
  size_t copies = 0;

  *len = 0;
  while (*len + plen <= 100 * 1024) {
    memcpy(big + *len, para, plen);
    *len += plen;
    copies++;
  }
  return copies;
}

/* 100 KB texts: every token counted, offsets right, the cap holds. */
static void test_tokenize_100kb(void **state) {
  static const char *mixed = "關於老舊小區改造的建議：ＷｉＦｉ信號差，"
                             "電梯加裝3號樓，Parking is hard. ";
  static const char *chinese = "關於老舊小區改造的建議請儘快處理";
  char *big = xmalloc(100 * 1024);
  size_t len = 0;
  size_t copies = fill_100kb(big, mixed, &len);
  struct offsets o;
  struct text_query q;
  size_t ntokens;

  (void)state;
  memset(&o, 0, sizeof o);
  o.in = big;
  o.len = len;
  assert_int_equal(
      text_tokenize(big, len, TEXT_MODE_DOCUMENT, check_offset, &o), 0);
  assert_int_equal(o.count, copies * count_tokens(mixed, strlen(mixed)));
  assert_true(o.count < TEXT_MAX_TOKENS);
  assert_int_equal(text_query_build(big, len, &q), TEXT_ETOOBIG);
  len = TEXT_MAX_QUERY; /* the longest query, cut at a character start */
  while (((unsigned char)big[len] & 0xC0) == 0x80) len--;
  assert_int_equal(text_query_build(big, len, &q), 0);
  ntokens = q.ntokens; /* repeated text: the distinct tokens of one copy */
  text_query_free(&q);
  assert_int_equal(text_query_build(mixed, strlen(mixed), &q), 0);
  assert_int_equal(q.ntokens, ntokens);
  assert_true(ntokens > 15);
  text_query_free(&q);

  /* about 34,000 characters, 68,000 tokens: the cap cuts in */
  fill_100kb(big, chinese, &len);
  memset(&o, 0, sizeof o);
  o.in = big;
  o.len = len;
  assert_int_equal(
      text_tokenize(big, len, TEXT_MODE_DOCUMENT, check_offset, &o), 0);
  assert_true(o.count <= TEXT_MAX_TOKENS);
  assert_true(o.count >= TEXT_MAX_TOKENS - 2);
  assert_int_equal(o.npending, 0); /* the last bigram got its unigram */
  free(big);
}

static void test_tokenize_stop_and_args(void **state) {
  struct joined j;
  char word[300];

  (void)state;
  memset(&j, 0, sizeof j);
  j.stop_after = 3;
  assert_int_equal(text_tokenize("老旧小区改造", strlen("老旧小区改造"),
                                 TEXT_MODE_DOCUMENT, join_token, &j),
                   TEXT_ESTOP);
  assert_int_equal(j.count, 3);
  assert_int_equal(text_tokenize("a", 1, TEXT_MODE_DOCUMENT, NULL, NULL),
                   TEXT_EINVAL);
  assert_int_equal(text_tokenize("a", 1, (enum text_mode)7, join_token, &j),
                   TEXT_EINVAL);
  memset(word, 'x', sizeof word);
  memset(&j, 0, sizeof j);
  assert_int_equal(
      text_tokenize(word, sizeof word, TEXT_MODE_DOCUMENT, join_token, &j), 0);
  assert_int_equal(j.count, 1);
  assert_int_equal(j.len, TEXT_TOKEN_MAX_BYTES);
}

/* ---------------------------------------------------------------- queries */

static void check_query(const char *in, const char *fts5, const char *tsquery) {
  struct text_query q;

  assert_int_equal(text_query_build(in, strlen(in), &q), 0);
  assert_string_equal(q.fts5, fts5);
  assert_string_equal(q.tsquery, tsquery);
  text_query_free(&q);
}

static void test_query_basic(void **state) {
  (void)state;
  check_query("老旧小区改造",
              "\"老旧\" \"旧小\" \"小区\" "
              "\"区改\" \"改造\"",
              "'老旧' & '旧小' & '小区' & '区改' & '改造'");
  check_query("ＷｉＦｉ信號差", "\"wifi\" \"信号\" \"号差\"",
              "'wifi' & '信号' & '号差'");
  check_query("水", "\"水\"", "'水'");
  check_query("小区 小区 小区", "\"小区\"", "'小区'");
  check_query("改造 居民", "\"改造\" \"居民\"", "'改造' & '居民'");
}

/* Operators typed by a user are plain text, never syntax. */
static void test_query_operators(void **state) {
  (void)state;
  check_query("老旧\"小区", "\"老旧\" \"小区\"", "'老旧' & '小区'");
  check_query("wifi*", "\"wifi\"", "'wifi'");
  check_query("NEAR(改造 小区)", "\"near\" \"改造\" \"小区\"",
              "'near' & '改造' & '小区'");
  check_query("-改造", "\"改造\"", "'改造'");
  check_query("a OR b", "\"a\" \"or\" \"b\"", "'a' & 'or' & 'b'");
  check_query("(老旧", "\"老旧\"", "'老旧'");
  check_query("title:停车 AND NOT x",
              "\"title\" \"停车\" \"and\" "
              "\"not\" \"x\"",
              "'title' & '停车' & 'and' & 'not' & 'x'");
  check_query("it's a\\b", "\"it\" \"s\" \"a\" \"b\"",
              "'it' & 's' & 'a' & 'b'");
}

static void test_query_errors(void **state) {
  static const char *empty[] = {"",     "   ",    "，。！？", "\"\"",
                                "()*-", "\t\r\n", "++ ^ --"};
  struct text_query q;
  char big[TEXT_MAX_QUERY + 1];
  size_t k;

  (void)state;
  for (k = 0; k < sizeof empty / sizeof empty[0]; k++) {
    assert_int_equal(text_query_build(empty[k], strlen(empty[k]), &q),
                     TEXT_EEMPTY);
    assert_null(q.fts5);
    assert_null(q.tsquery);
  }
  assert_int_equal(text_query_build("\xff\xfe", 2, &q), TEXT_EUTF8);
  assert_int_equal(text_query_build("老旧\xe4\xb8", 8, &q), TEXT_EUTF8);
  memset(big, 'a', sizeof big);
  assert_int_equal(text_query_build(big, sizeof big, &q), TEXT_ETOOBIG);
  assert_int_equal(text_query_build("a", 1, NULL), TEXT_EINVAL);
  text_query_free(NULL);
}

static void test_query_token_cap(void **state) {
  char buf[2048];
  size_t len = 0;
  struct text_query q;
  int k;

  (void)state;
  for (k = 0; k < 200; k++) {
    len += (size_t)snprintf(buf + len, sizeof buf - len, "w%d ", k);
  }
  assert_int_equal(text_query_build(buf, len, &q), 0);
  assert_int_equal(q.ntokens, TEXT_QUERY_MAX_TOKENS);
  assert_string_equal(q.tokens[0], "w0");
  assert_string_equal(q.tokens[TEXT_QUERY_MAX_TOKENS - 1], "w63");
  text_query_free(&q);
}

static void check_quote(const char *tok, enum text_quote style,
                        const char *want) {
  char *buf = NULL;
  size_t len = 0, cap = 0;

  text_quote_append(&buf, &len, &cap, tok, strlen(tok), style);
  assert_string_equal(buf, want);
  assert_int_equal(len, strlen(want));
  free(buf);
}

static void test_query_quoting(void **state) {
  (void)state;
  check_quote("a\"b", TEXT_QUOTE_FTS5, "\"a\"\"b\"");
  check_quote("\"", TEXT_QUOTE_FTS5, "\"\"\"\"");
  check_quote("it's\\", TEXT_QUOTE_TSQUERY, "'it''s\\\\'");
  check_quote("a\"b\\c", TEXT_QUOTE_ARRAY, "\"a\\\"b\\\\c\"");
  check_quote("老旧", TEXT_QUOTE_ARRAY, "\"老旧\"");
}

static void test_pg_document(void **state) {
  char *out = NULL;

  (void)state;
  assert_int_equal(
      text_pg_document("老旧小区 老旧", strlen("老旧小区 老旧"), &out), 0);
  assert_string_equal(out, "{\"老\",\"老旧\",\"旧\",\"旧小\",\"小\","
                           "\"小区\",\"区\",\"区老\"}");
  free(out);
  assert_int_equal(text_pg_document("，。", strlen("，。"), &out), 0);
  assert_string_equal(out, "{}");
  free(out);
  assert_int_equal(text_pg_document("\xff", 1, &out), TEXT_EUTF8);
  assert_null(out);
}

/* ------------------------------------------------------------------ FTS5 */

static const char *fts_rows[][2] = {
    {"關於老舊小區改造的建議",
     "我們社區的老舊小區電梯加裝問題，希望儘快解決。"},
    {"老旧小区 改造", "老旧小区改造要听居民意见；老旧小区改造不能一刀切，老旧小"
                      "区改造要分步走。"},
    {"ＷｉＦｉ信号差", "社区活动中心ＷｉＦｉ信号差，影响老人使用。"},
    {"张三丰反映停车难", "小区停车位不足，晚上车辆乱停。"},
    {"垃圾分类", "菜市场污水横流，影响居民生活。"},
};
#define FTS_NROWS (sizeof fts_rows / sizeof fts_rows[0])

static sqlite3 *fts_open(void) {
  sqlite3 *db = NULL;
  sqlite3_stmt *st = NULL;
  size_t k;

  assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
  assert_int_equal(text_fts5_register(db), 0);
  assert_int_equal(sqlite3_exec(db,
                                "CREATE VIRTUAL TABLE docs USING fts5("
                                "title, body, tokenize='xieshang')",
                                NULL, NULL, NULL),
                   SQLITE_OK);
  assert_int_equal(sqlite3_prepare_v2(db,
                                      "INSERT INTO docs(rowid, title, body) "
                                      "VALUES (?1, ?2, ?3)",
                                      -1, &st, NULL),
                   SQLITE_OK);
  for (k = 0; k < FTS_NROWS; k++) {
    sqlite3_bind_int64(st, 1, (sqlite3_int64)k + 1);
    sqlite3_bind_text(st, 2, fts_rows[k][0], -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, fts_rows[k][1], -1, SQLITE_STATIC);
    assert_int_equal(sqlite3_step(st), SQLITE_DONE);
    sqlite3_reset(st);
  }
  sqlite3_finalize(st);
  return db;
}

/* Row ids matching a user query as "2 1", best bm25 first or in rowid
** order. The match expression must never be an SQL error. */
static void fts_search(sqlite3 *db, const char *query, int by_rank, char *out,
                       size_t cap) {
  struct text_query q;
  sqlite3_stmt *st = NULL;
  size_t len = 0;
  int rc;

  out[0] = '\0';
  assert_int_equal(text_query_build(query, strlen(query), &q), 0);
  assert_int_equal(sqlite3_prepare_v2(db,
                                      by_rank ? "SELECT rowid FROM docs "
                                                "WHERE docs MATCH ?1 "
                                                "ORDER BY bm25(docs), rowid"
                                              : "SELECT rowid FROM docs "
                                                "WHERE docs MATCH ?1 "
                                                "ORDER BY rowid",
                                      -1, &st, NULL),
                   SQLITE_OK);
  sqlite3_bind_text(st, 1, q.fts5, -1, SQLITE_STATIC);
  for (rc = sqlite3_step(st); rc == SQLITE_ROW; rc = sqlite3_step(st)) {
    len += (size_t)snprintf(out + len, cap - len, "%s%lld", len ? " " : "",
                            (long long)sqlite3_column_int64(st, 0));
  }
  assert_int_equal(rc, SQLITE_DONE);
  sqlite3_finalize(st);
  text_query_free(&q);
}

/* Rows matching query, best first. */
static void check_search(sqlite3 *db, const char *query, const char *want) {
  char got[256];

  fts_search(db, query, 1, got, sizeof got);
  assert_string_equal(got, want);
}

/* Rows matching query, in rowid order. */
static void check_rows(sqlite3 *db, const char *query, const char *want) {
  char got[256];

  fts_search(db, query, 0, got, sizeof got);
  assert_string_equal(got, want);
}

static void test_fts5_search(void **state) {
  sqlite3 *db = fts_open();

  (void)state;
  check_search(db, "老旧小区改造", "2 1");
  check_search(db, "老舊小區　改造", "2 1");
  check_search(db, "改造 居民", "2");
  check_search(db, "居民 改造", "2");
  check_search(db, "老旧小区", "2 1");
  check_search(db, "wifi", "3");
  check_search(db, "ＷＩＦＩ信號差", "3");
  check_search(db, "张三丰", "4");
  check_search(db, "張三豐", "4");
  check_search(db, "停车", "4");
  check_search(db, "居民", "5 2"); /* equal counts: shorter row first */
  check_search(db, "污水", "5");
  check_search(db, "丰", "4");
  check_search(db, "不存在的话题", "");
  check_search(db, "老旧 wifi", "");
  sqlite3_close(db);
}

/* One string column of the first row matching query. */
static void fts_aux(sqlite3 *db, const char *sql, const char *query, char *out,
                    size_t cap) {
  struct text_query q;
  sqlite3_stmt *st = NULL;

  assert_int_equal(text_query_build(query, strlen(query), &q), 0);
  assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
  sqlite3_bind_text(st, 1, q.fts5, -1, SQLITE_STATIC);
  assert_int_equal(sqlite3_step(st), SQLITE_ROW);
  snprintf(out, cap, "%s", (const char *)sqlite3_column_text(st, 0));
  sqlite3_finalize(st);
  text_query_free(&q);
}

static void check_highlight(sqlite3 *db, const char *query, int column,
                            const char *want) {
  char sql[200];
  char got[512];

  snprintf(sql, sizeof sql,
           "SELECT highlight(docs, %d, '[', ']') FROM docs "
           "WHERE docs MATCH ?1 ORDER BY rowid",
           column);
  fts_aux(db, sql, query, got, sizeof got);
  assert_string_equal(got, want);
}

/* FTS5's highlight() marks the characters at the matched positions, in the
   original text. A bigram is one token colocated with its first character,
   so that is the character marked; the search results' highlighting is
   search.c's own, over whole tokens (test_search pins it). */
static void test_fts5_highlight(void **state) {
  sqlite3 *db = fts_open();
  char got[512];

  (void)state;
  check_highlight(db, "老旧小区", 0, "關於[老][舊][小]區改造的建議");
  check_highlight(db, "老旧小区改造", 0, "關於[老][舊][小][區][改]造的建議");
  check_highlight(db, "wifi信号", 0, "[ＷｉＦｉ][信]号差");
  check_highlight(db, "ＷｉＦｉ", 1,
                  "社区活动中心[ＷｉＦｉ]信号差，影响老人使用。");
  check_highlight(db, "张三丰", 0, "[张][三]丰反映停车难");
  check_highlight(db, "丰", 0, "张三[丰]反映停车难");
  check_highlight(db, "小区改造", 0, "關於老舊[小][區][改]造的建議");
  fts_aux(db,
          "SELECT snippet(docs, 1, '[', ']', '…', 6) FROM docs "
          "WHERE docs MATCH ?1 ORDER BY rowid",
          "电梯", got, sizeof got);
  assert_non_null(strstr(got, "[電]梯"));
  assert_non_null(strstr(got, "…"));
  sqlite3_close(db);
}

/* Minimal reader of the text[] literals text_pg_document() writes. */
static size_t pg_parse(const char *lit, char tokens[][80], size_t max) {
  size_t n = 0;
  const char *p = lit;

  assert_int_equal(*p++, '{');
  while (*p == '"' && n < max) {
    size_t len = 0;
    p++;
    while (*p != '"') {
      if (*p == '\\') p++;
      assert_true(len < 79);
      tokens[n][len++] = *p++;
    }
    tokens[n++][len] = '\0';
    p++;
    if (*p == ',') p++;
  }
  assert_string_equal(p, "}");
  return n;
}

/* PostgreSQL's "@@" on array_to_tsvector(): every query token present. */
static int pg_matches(const struct text_query *q, char tokens[][80], size_t n) {
  size_t i, k;

  for (i = 0; i < q->ntokens; i++) {
    for (k = 0; k < n && strcmp(q->tokens[i], tokens[k]) != 0; k++) {
    }
    if (k == n) return 0;
  }
  return 1;
}

/* SQLite and PostgreSQL forms select the same rows. */
static void test_fts5_matches_postgres_form(void **state) {
  static const char *queries[] = {
      "老旧小区改造", "老旧小区",  "wifi",     "信号差",    "张三丰", "停车",
      "居民",         "改造 居民", "区改",     "社区",      "影响",   "小区",
      "老人使用",     "丰",        "加装电梯", "垃圾 分类", "不存在"};
  static char tokens[FTS_NROWS][2048][80];
  size_t ntok[FTS_NROWS];
  sqlite3 *db = fts_open();
  size_t r, k;
  size_t matched = 0;

  (void)state;
  for (r = 0; r < FTS_NROWS; r++) {
    char *a = NULL, *b = NULL;
    assert_int_equal(
        text_pg_document(fts_rows[r][0], strlen(fts_rows[r][0]), &a), 0);
    assert_int_equal(
        text_pg_document(fts_rows[r][1], strlen(fts_rows[r][1]), &b), 0);
    ntok[r] = pg_parse(a, tokens[r], 2048);
    ntok[r] += pg_parse(b, tokens[r] + ntok[r], 2048 - ntok[r]);
    free(a);
    free(b);
  }
  for (k = 0; k < sizeof queries / sizeof queries[0]; k++) {
    struct text_query q;
    char want[256] = "";
    char got[256];
    size_t len = 0;
    assert_int_equal(text_query_build(queries[k], strlen(queries[k]), &q), 0);
    for (r = 0; r < FTS_NROWS; r++) {
      if (!pg_matches(&q, tokens[r], ntok[r])) continue;
      len += (size_t)snprintf(want + len, sizeof want - len, "%s%zu",
                              len ? " " : "", r + 1);
      matched++;
    }
    text_query_free(&q);
    fts_search(db, queries[k], 0, got, sizeof got);
    assert_string_equal(got, want);
  }
  assert_true(matched >= 15); /* the comparison is not vacuous */
  sqlite3_close(db);
}

/* Hostile queries: never an SQL error, whatever the user typed. */
static void test_fts5_hostile_queries(void **state) {
  static const char *queries[] = {
      "\"",          "\"\"\"", "*",     "a*",  "NEAR(a b, 3)", "-a",
      "a OR b",      "a AND",  "NOT",   "(a",  "a)",           "title:a",
      "{title}:a",   "^a",     "a + b", "'a'", "a\\",          "\"a\"\"",
      "老旧\"小区*", "NEAR",   "OR OR", ":::", "a:b:c",        "\xef\xbc\x82",
  };
  sqlite3 *db = fts_open();
  size_t k;

  (void)state;
  for (k = 0; k < sizeof queries / sizeof queries[0]; k++) {
    struct text_query q;
    sqlite3_stmt *st = NULL;
    int rc = text_query_build(queries[k], strlen(queries[k]), &q);
    if (rc == TEXT_EEMPTY) continue;
    assert_int_equal(rc, 0);
    assert_int_equal(sqlite3_prepare_v2(db,
                                        "SELECT count(*) FROM docs "
                                        "WHERE docs MATCH ?1",
                                        -1, &st, NULL),
                     SQLITE_OK);
    sqlite3_bind_text(st, 1, q.fts5, -1, SQLITE_STATIC);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    sqlite3_finalize(st);
    text_query_free(&q);
  }
  sqlite3_close(db);
}

/* A row that is not UTF-8 is stored, indexed as nothing, and deletable. */
static void test_fts5_invalid_row(void **state) {
  sqlite3 *db = fts_open();

  (void)state;
  assert_int_equal(sqlite3_exec(db,
                                "INSERT INTO docs(rowid, title, body) VALUES "
                                "(99, CAST(x'ff80e4b8' AS TEXT), '停车')",
                                NULL, NULL, NULL),
                   SQLITE_OK);
  assert_int_equal(sqlite3_exec(db,
                                "INSERT INTO docs(docs) "
                                "VALUES ('integrity-check')",
                                NULL, NULL, NULL),
                   SQLITE_OK);
  check_rows(db, "停车", "4 99");
  assert_int_equal(
      sqlite3_exec(db, "DELETE FROM docs WHERE rowid = 99", NULL, NULL, NULL),
      SQLITE_OK);
  check_rows(db, "停车", "4");
  assert_int_equal(sqlite3_exec(db,
                                "INSERT INTO docs(docs) "
                                "VALUES ('integrity-check')",
                                NULL, NULL, NULL),
                   SQLITE_OK);
  sqlite3_close(db);
}

/* --------------------------------------------------------- near-duplicate */

static const char *dup_simplified =
    "关于老旧小区改造的建议：我们小区建于上世纪八十年代，楼道照明损坏，"
    "外墙脱落，雨天屋顶漏水，居民多次反映无人处理。希望政府尽快把我们"
    "小区列入老旧小区改造计划，加装电梯，整修道路，增加停车位。";
static const char *dup_traditional =
    "關於老舊小區改造的建議：我們小區建於上世紀八十年代，樓道照明損壞，"
    "外牆脫落，雨天屋頂漏水，居民多次反映無人處理。希望政府儘快把我們"
    "小區列入老舊小區改造計劃，加裝電梯，整修道路，增加停車位。";
static const char *dup_edited =
    "关于老旧小区改造的建议：本小区建于上世纪八十年代，楼道照明损坏，"
    "外墙脱落，雨天屋顶漏水，居民多次反映一直无人处理。希望政府尽快把"
    "我们小区列入老旧小区改造计划，加装电梯，整修道路。";
static const char *dup_unrelated =
    "菜市场周边污水横流，夏天气味很大，垃圾分类设施不足，"
    "建议环保部门检查排污管道并增设分类垃圾桶。";

static double check_pair(const char *a, const char *b, double *estimate) {
  struct text_minhash ma, mb;
  double exact = -1.0;

  assert_int_equal(text_minhash(a, strlen(a), &ma), 0);
  assert_int_equal(text_minhash(b, strlen(b), &mb), 0);
  assert_int_equal(text_jaccard(a, strlen(a), b, strlen(b), &exact), 0);
  *estimate = text_minhash_similarity(&ma, &mb);
  return exact;
}

static void test_minhash_similarity(void **state) {
  double est = 0.0;
  double exact;

  (void)state;
  exact = check_pair(dup_simplified, dup_simplified, &est);
  assert_true(exact == 1.0 && est == 1.0);
  exact = check_pair(dup_simplified, dup_traditional, &est);
  assert_true(exact >= 0.95);
  assert_true(est >= 0.9);
  exact = check_pair(dup_simplified, dup_edited, &est);
  assert_true(exact > 0.6 && exact < 0.95);
  assert_true(fabs(est - exact) < 0.15);
  exact = check_pair(dup_simplified, dup_unrelated, &est);
  assert_true(exact < 0.05);
  assert_true(est < 0.1);
  exact = check_pair("老旧小区 改造", "老旧小区改造", &est);
  assert_true(exact == 1.0 && est == 1.0);
  exact = check_pair("水", "水", &est);
  assert_true(exact == 1.0);
}

static int shares_key(const char *a, const char *b) {
  struct text_minhash ma, mb;
  int64_t ka[TEXT_LSH_BANDS], kb[TEXT_LSH_BANDS];
  int i;

  assert_int_equal(text_minhash(a, strlen(a), &ma), 0);
  assert_int_equal(text_minhash(b, strlen(b), &mb), 0);
  text_lsh_keys(&ma, ka);
  text_lsh_keys(&mb, kb);
  for (i = 0; i < TEXT_LSH_BANDS; i++) {
    assert_true(ka[i] >= 0);
    if (ka[i] == kb[i]) return 1;
  }
  return 0;
}

static void test_lsh(void **state) {
  double p;

  (void)state;
  assert_true(shares_key(dup_simplified, dup_traditional));
  assert_true(shares_key(dup_simplified, dup_edited));
  assert_false(shares_key(dup_simplified, dup_unrelated));
  /* the banding meets its target: J >= 0.8 found with probability 0.99 */
  assert_true(TEXT_LSH_BANDS * TEXT_LSH_ROWS <= TEXT_MINHASH_SIZE);
  p = 1.0 - pow(1.0 - pow(0.8, TEXT_LSH_ROWS), TEXT_LSH_BANDS);
  assert_true(p >= 0.99);
  p = 1.0 - pow(1.0 - pow(0.3, TEXT_LSH_ROWS), TEXT_LSH_BANDS);
  assert_true(p < 0.05);
}

static void test_minhash_misc(void **state) {
  struct text_minhash m, back;
  unsigned char blob[TEXT_MINHASH_BYTES];
  double j = 2.0;
  int64_t k1[TEXT_LSH_BANDS], k2[TEXT_LSH_BANDS];

  (void)state;
  assert_int_equal(text_minhash("老旧小区改造", strlen("老旧小区改造"), &m), 0);
  text_minhash_encode(&m, blob);
  assert_int_equal(blob[0], m.slot[0] & 0xFF);
  assert_int_equal(blob[3], m.slot[0] >> 24);
  memset(&back, 0, sizeof back);
  text_minhash_decode(blob, &back);
  assert_memory_equal(&m, &back, sizeof m);
  text_lsh_keys(&m, k1);
  text_lsh_keys(&back, k2);
  assert_memory_equal(k1, k2, sizeof k1);
  assert_true(k1[0] != k1[1]);
  assert_int_equal(text_minhash("，。", strlen("，。"), &m), TEXT_EEMPTY);
  assert_int_equal(text_minhash("\xff", 1, &m), TEXT_EUTF8);
  assert_int_equal(text_jaccard("", 0, "。", strlen("。"), &j), TEXT_EEMPTY);
  assert_int_equal(text_jaccard("", 0, "水", strlen("水"), &j), 0);
  assert_true(j == 0.0);
  assert_int_equal(text_jaccard("a", 1, "b", 1, NULL), TEXT_EINVAL);
}

/* Scope tokens: the format PostgreSQL's migration 0009 rebuilds in SQL. */
static void test_scope_tokens(void **state) {
  char out[TEXT_SCOPE_BYTES];
  (void)state;
  assert_int_equal(text_scope_document("topic", "/1/4/9/", "accepted", out,
                                       sizeof out), 0);
  assert_string_equal(out, "t746f706963 s6163636570746564 u1 u1x4 u1x4x9");
  assert_int_equal(text_scope_document("topic", "/", "", out, sizeof out), 0);
  assert_string_equal(out, "t746f706963 s");
  /* A malformed path: no unit token for the document ... */
  assert_int_equal(text_scope_document("topic", "/1//4/", "", out, sizeof out),
                   0);
  assert_string_equal(out, "t746f706963 s");
  /* ... and a filter with one is refused, not widened. */
  assert_int_equal(text_scope_filter(NULL, "/1/%/", NULL, out, sizeof out),
                   TEXT_EINVAL);
  assert_int_equal(text_scope_filter(NULL, "1/4/", NULL, out, sizeof out),
                   TEXT_EINVAL);
  assert_int_equal(text_scope_filter("topic", "/1/4", "已受理", out,
                                     sizeof out), 0);
  assert_string_equal(out, "t746f706963 se5b7b2e58f97e79086 u1x4");
  assert_int_equal(text_scope_filter(NULL, "/", "", out, sizeof out), 0);
  assert_string_equal(out, "");
  assert_int_equal(text_scope_filter("topic", "/1/", NULL, out, 8),
                   TEXT_ETOOBIG);
  /* Each token stays whole through the document tokenizer. */
  assert_int_equal(text_scope_document("public_opinion", "/12/345/", "x", out,
                                       sizeof out), 0);
  char *pg = NULL;
  assert_int_equal(text_pg_document(out, strlen(out), &pg), 0);
  assert_string_equal(pg, "{\"t7075626c69635f6f70696e696f6e\",\"s78\","
                          "\"u12\",\"u12x345\"}");
  free(pg);
}

static void test_error_keys(void **state) {
  int codes[] = {TEXT_OK,     TEXT_EINVAL, TEXT_EUTF8, TEXT_ETOOBIG,
                 TEXT_EEMPTY, TEXT_EINIT,  TEXT_EICU,  TEXT_ESTOP};
  size_t a, b;

  (void)state;
  assert_int_equal(text_init(), 0);
  for (a = 0; a < sizeof codes / sizeof codes[0]; a++) {
    assert_non_null(text_error_key(codes[a]));
    for (b = 0; b < a; b++) {
      assert_string_not_equal(text_error_key(codes[a]),
                              text_error_key(codes[b]));
    }
  }
  assert_string_equal(text_error_key(-999), "text.unknown_error");
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_normalize_traditional),
      cmocka_unit_test(test_normalize_spacing),
      cmocka_unit_test(test_normalize_fullwidth),
      cmocka_unit_test(test_normalize_punctuation),
      cmocka_unit_test(test_normalize_invalid_utf8),
      cmocka_unit_test(test_normalize_limits),
      cmocka_unit_test(test_normalize_threads),
      cmocka_unit_test(test_tokenize_document),
      cmocka_unit_test(test_tokenize_query),
      cmocka_unit_test(test_tokenize_words),
      cmocka_unit_test(test_tokenize_offsets),
      cmocka_unit_test(test_tokenize_100kb),
      cmocka_unit_test(test_tokenize_stop_and_args),
      cmocka_unit_test(test_query_basic),
      cmocka_unit_test(test_query_operators),
      cmocka_unit_test(test_query_errors),
      cmocka_unit_test(test_query_token_cap),
      cmocka_unit_test(test_query_quoting),
      cmocka_unit_test(test_pg_document),
      cmocka_unit_test(test_fts5_search),
      cmocka_unit_test(test_fts5_highlight),
      cmocka_unit_test(test_fts5_matches_postgres_form),
      cmocka_unit_test(test_fts5_hostile_queries),
      cmocka_unit_test(test_fts5_invalid_row),
      cmocka_unit_test(test_minhash_similarity),
      cmocka_unit_test(test_lsh),
      cmocka_unit_test(test_minhash_misc),
      cmocka_unit_test(test_error_keys),
      cmocka_unit_test(test_scope_tokens),
  };
  return cmocka_run_group_tests_name("text", tests, NULL, NULL);
}
