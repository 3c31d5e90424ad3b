/*
** The topic benchmark's data generator (make bench, bench/topics.sh).
**
** Builds a province-sized data set straight through the store, in large
** transactions: one province, its cities, COUNTIES counties with
** BENCH_TOWNSHIPS townships each, TOPICS topics spread over the townships,
** SUPPORTS supports 附议 from distinct residents (a few topics get many,
** most get few, as on a real portal), and TOKENS more residents with API
** tokens, who have supported nothing yet: the load client's supporters.
**
** Usage: gen_topics DB-URL COUNTIES TOPICS SUPPORTS TOKENS OUT-PREFIX
** Writes OUT-PREFIX.tokens (one API token a line), OUT-PREFIX.targets (ids
** of topics open to support, one a line) and OUT-PREFIX.info (shell
** assignments: COUNTY_ID, the first county, whose subtree the list
** benchmark asks for, and the counts made). Deterministic but for the
** tokens, which are random secrets.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/account.h"
#include "domain/permission.h"
#include "domain/token.h"
#include "domain/unit.h"
#include "store/db.h"
#include "util/mem.h"
#include "util/timeutil.h"

#define BENCH_TOWNSHIPS 12
#define BENCH_CITIES 14
#define BENCH_BATCH 20000
#define BENCH_DAY_MS 86400000LL
#define BENCH_TARGETS_MAX 4000

struct gen {
  struct store *store;
  int counties;
  int64_t topics;
  int64_t supports;
  int tokens;
  int64_t supporters;      /* residents who gave the generated supports */
  int64_t first_user;      /* id of the first of them */
  int64_t province_id;
  int64_t county_id;       /* the first county */
  int64_t *townships;      /* ids, counties * BENCH_TOWNSHIPS */
  int64_t *counts;         /* supports per topic, by topic index */
  uint64_t rng;
  int64_t now;
};

static uint64_t gen_next(struct gen *g) {
  /* xorshift64*: enough for spreading rows about. */
  g->rng ^= g->rng >> 12;
  g->rng ^= g->rng << 25;
  g->rng ^= g->rng >> 27;
  return g->rng * 2685821657736338717ULL;
}

static double gen_uniform(struct gen *g) {
  return (double)(gen_next(g) >> 11) / 9007199254740992.0;
}

static int gen_fail(const char *what, const struct err *e) {
  fprintf(stderr, "gen_topics: %s: %s\n", what, e->detail);
  return -1;
}

/* Units: province, cities, counties (spread over the cities), townships. */
static int gen_units_in(struct store_conn *c, void *ctx, struct err *e) {
  struct gen *g = ctx;
  struct unit u;
  int64_t cities[BENCH_CITIES];
  char name[64];
  if (unit_create(c, 0, UNIT_PROVINCE, "基准省", &u, e) != 0) return -1;
  g->province_id = u.id;
  int ncities = g->counties < BENCH_CITIES ? g->counties : BENCH_CITIES;
  for (int i = 0; i < ncities; i++) {
    snprintf(name, sizeof name, "基准市%d", i + 1);
    if (unit_create(c, g->province_id, UNIT_CITY, name, &u, e) != 0)
      return -1;
    cities[i] = u.id;
  }
  for (int k = 0; k < g->counties; k++) {
    snprintf(name, sizeof name, "基准县%d", k + 1);
    if (unit_create(c, cities[k % ncities], UNIT_COUNTY, name, &u, e) != 0)
      return -1;
    int64_t county = u.id;
    if (k == 0) g->county_id = county;
    for (int t = 0; t < BENCH_TOWNSHIPS; t++) {
      snprintf(name, sizeof name, "基准县%d第%d镇", k + 1, t + 1);
      if (unit_create(c, county, UNIT_TOWNSHIP, name, &u, e) != 0) return -1;
      g->townships[k * BENCH_TOWNSHIPS + t] = u.id;
    }
  }
  return 0;
}

/* Residents first_index .. first_index + n - 1, by phone number. */
struct user_batch {
  struct gen *g;
  int64_t first_index;
  int64_t n;
  int64_t *first_id;
};

static int gen_users_in(struct store_conn *c, void *ctx, struct err *e) {
  struct user_batch *b = ctx;
  char phone[16], name[32];
  for (int64_t i = 0; i < b->n; i++) {
    int64_t index = b->first_index + i;
    snprintf(phone, sizeof phone, "199%08lld", (long long)index);
    snprintf(name, sizeof name, "居民%lld", (long long)index);
    /* "!" is no password hash: these accounts cannot log in. */
    struct store_stmt *st = store_prepare(c, Q_USER_INSERT, e);
    if (st == NULL) return -1;
    store_bind_text(st, 1, phone);
    store_bind_text(st, 2, name);
    store_bind_text(st, 3, "!");
    store_bind_int(st, 4, 0);
    store_bind_int(st, 5, b->g->now);
    int64_t id;
    if (store_step_int(st, &id, e) != 0) return -1;
    if (i == 0 && b->first_id) *b->first_id = id;
  }
  return 0;
}

static const char *const titles[] = {
    "小区停车位不足，夜间车辆乱停", "老旧小区加装电梯费用如何分摊",
    "村口道路破损雨天积水", "菜市场周边占道经营影响通行",
    "社区养老服务站开放时间太短", "河道垃圾清理不及时",
    "学校门口上下学时段交通拥堵", "农村生活污水管网未接通",
    "公交线路调整后老人出行不便", "垃圾分类投放点设置不合理",
    "小区物业收费标准不透明", "乡村文化礼堂使用率不高",
};

/* The state of topic i: mostly public, some waiting, a few rejected. */
static const char *gen_state(int64_t i) {
  int r = (int)(i % 100);
  if (r < 80) return "accepted";
  if (r < 88) return "approved";
  if (r < 92) return "scheduled";
  if (r < 97) return "submitted";
  return "rejected";
}

struct topic_batch {
  struct gen *g;
  int64_t first;  /* topic index */
  int64_t n;
  int64_t *ids;   /* by topic index */
};

static int gen_topics_in(struct store_conn *c, void *ctx, struct err *e) {
  struct topic_batch *b = ctx;
  struct gen *g = b->g;
  int64_t townships = (int64_t)g->counties * BENCH_TOWNSHIPS;
  char title[96], body[256];
  for (int64_t k = 0; k < b->n; k++) {
    int64_t i = b->first + k;
    const char *base = titles[i % (int64_t)(sizeof titles / sizeof *titles)];
    snprintf(title, sizeof title, "%s（%lld）", base, (long long)i);
    snprintf(body, sizeof body,
             "%s。附近居民多次反映，希望有关部门尽快研究解决。编号%lld。",
             base, (long long)i);
    int64_t created = g->now - (int64_t)(gen_uniform(g) * 365) * BENCH_DAY_MS;
    struct store_stmt *st = store_prepare(c, Q_BENCH_TOPIC_INSERT, e);
    if (st == NULL) return -1;
    store_bind_int(st, 1, g->townships[i % townships]);
    store_bind_text(st, 2, title);
    store_bind_text(st, 3, body);
    store_bind_text(st, 4, "村委会东侧");
    store_bind_int(st, 5, 10 + (int64_t)(gen_uniform(g) * 2000));
    store_bind_text(st, 6, i % 5 == 0 ? "member" : "resident");
    store_bind_int(st, 7, g->first_user + (int64_t)(i % g->supporters));
    store_bind_text(st, 8, gen_state(i));
    store_bind_int(st, 9, g->counts[i]);
    store_bind_int(st, 10, created);
    store_bind_int(st, 11, created + BENCH_DAY_MS);
    if (store_step_int(st, &b->ids[i], e) != 0) return -1;
  }
  return 0;
}

/* Supports of topics first .. first + n - 1: topic i's counts[i] supporters
   are distinct residents, a stride apart from a place of its own. */
static int gen_supports_in(struct store_conn *c, void *ctx, struct err *e) {
  struct topic_batch *b = ctx;
  struct gen *g = b->g;
  for (int64_t k = 0; k < b->n; k++) {
    int64_t i = b->first + k;
    int64_t start = (i * 7919) % g->supporters;
    for (int64_t j = 0; j < g->counts[i]; j++) {
      int64_t user = g->first_user + (start + j) % g->supporters;
      if (store_exec(c, Q_BENCH_SUPPORT_INSERT, e, "III", b->ids[i], user,
                     g->now - BENCH_DAY_MS) < 0)
        return -1;
    }
  }
  return 0;
}

/* Supports per topic: a long tail (most topics few, a few many), each at
   most the number of residents, adding up to g->supports. */
static void gen_counts(struct gen *g) {
  int64_t left = g->supports;
  for (int64_t i = 0; i < g->topics; i++) g->counts[i] = 0;
  while (left > 0) {
    double u = gen_uniform(g);
    int64_t i = (int64_t)(u * u * u * (double)g->topics);
    if (i >= g->topics) i = g->topics - 1;
    /* scatter the popular ones over the units, not the first township */
    i = (i * 104729) % g->topics;
    if (g->counts[i] < g->supporters) {
      g->counts[i]++;
      left--;
    }
  }
}

struct token_work {
  struct gen *g;
  FILE *out;
};

/* The load client's supporters: residents of the province with a token. */
static int gen_tokens_in(struct store_conn *c, void *ctx, struct err *e) {
  struct token_work *w = ctx;
  struct gen *g = w->g;
  int64_t first = 0;
  struct user_batch users = {g, g->supporters, g->tokens, &first};
  if (gen_users_in(c, &users, e) != 0) return -1;
  for (int i = 0; i < g->tokens; i++) {
    char token[TOKEN_CHARS + 1], prefix[TOKEN_PREFIX_CHARS + 1];
    int64_t id;
    if (store_exec(c, Q_ROLE_INSERT, e, "IsInI", first + i, "resident",
                   g->province_id, g->now) < 0 ||
        token_create(c, first + i, "bench", 0, &id, token, prefix, e) != 0)
      return -1;
    fprintf(w->out, "%s\n", token);
  }
  return 0;
}

static FILE *open_out(const char *prefix, const char *suffix) {
  char path[4096];
  snprintf(path, sizeof path, "%s.%s", prefix, suffix);
  FILE *f = fopen(path, "w");
  if (f == NULL) perror(path);
  return f;
}

static int gen_run(struct gen *g, const char *prefix) {
  struct err e = {0};
  int64_t start = time_mono_us();
  if (store_transact(g->store, gen_units_in, g, &e) != 0)
    return gen_fail("units", &e);
  for (int64_t first = 0; first < g->supporters; first += BENCH_BATCH) {
    int64_t n = g->supporters - first;
    struct user_batch b = {g, first, n < BENCH_BATCH ? n : BENCH_BATCH,
                           first == 0 ? &g->first_user : NULL};
    if (store_transact(g->store, gen_users_in, &b, &e) != 0)
      return gen_fail("residents", &e);
  }
  gen_counts(g);
  int64_t *ids = xcalloc((size_t)g->topics, sizeof *ids);
  for (int64_t first = 0; first < g->topics; first += BENCH_BATCH) {
    int64_t n = g->topics - first;
    struct topic_batch b = {g, first, n < BENCH_BATCH ? n : BENCH_BATCH, ids};
    if (store_transact(g->store, gen_topics_in, &b, &e) != 0)
      return gen_fail("topics", &e);
  }
  /* Supports in batches of about BENCH_BATCH * 5 rows. */
  for (int64_t first = 0; first < g->topics;) {
    int64_t n = 0, rows = 0;
    while (first + n < g->topics && rows < BENCH_BATCH * 5)
      rows += g->counts[first + n++];
    struct topic_batch b = {g, first, n, ids};
    if (store_transact(g->store, gen_supports_in, &b, &e) != 0)
      return gen_fail("supports", &e);
    first += n;
  }
  FILE *tokens = open_out(prefix, "tokens");
  FILE *targets = open_out(prefix, "targets");
  FILE *info = open_out(prefix, "info");
  if (tokens == NULL || targets == NULL || info == NULL) return -1;
  struct token_work w = {g, tokens};
  if (store_transact(g->store, gen_tokens_in, &w, &e) != 0)
    return gen_fail("tokens", &e);
  int ntargets = 0;
  for (int64_t i = 0; i < g->topics && ntargets < BENCH_TARGETS_MAX; i++) {
    const char *state = gen_state(i);
    if (strcmp(state, "accepted") == 0 || strcmp(state, "submitted") == 0) {
      fprintf(targets, "%lld\n", (long long)ids[i]);
      ntargets++;
    }
  }
  fprintf(info,
          "COUNTY_ID=%lld\nPROVINCE_ID=%lld\nGEN_TOPICS=%lld\n"
          "GEN_SUPPORTS=%lld\nGEN_RESIDENTS=%lld\nGEN_COUNTIES=%d\n"
          "GEN_SECONDS=%.1f\n",
          (long long)g->county_id, (long long)g->province_id,
          (long long)g->topics, (long long)g->supports,
          (long long)(g->supporters + g->tokens), g->counties,
          (double)(time_mono_us() - start) / 1e6);
  free(ids);
  int bad = fclose(tokens) | fclose(targets) | fclose(info);
  return bad ? -1 : 0;
}

int main(int argc, char **argv) {
  if (argc != 7) {
    fprintf(stderr, "usage: gen_topics DB-URL COUNTIES TOPICS SUPPORTS "
                    "TOKENS OUT-PREFIX\n");
    return 64;
  }
  struct gen g = {0};
  g.counties = (int)strtol(argv[2], NULL, 10);
  g.topics = atoll(argv[3]);
  g.supports = atoll(argv[4]);
  g.tokens = (int)strtol(argv[5], NULL, 10);
  if (g.counties < 1 || g.topics < 1 || g.supports < 0 || g.tokens < 0) {
    fprintf(stderr, "gen_topics: counts must be positive\n");
    return 64;
  }
  /* Enough residents that the most supported topic has room. */
  g.supporters = g.supports / 20 + 1000;
  g.rng = 20261123;
  g.now = time_now_ms();
  if (account_init() != 0) return 70;
  struct err e = {0};
  if (store_open(&g.store, argv[1], 1, &e) != 0 ||
      store_migrate(g.store, NULL, &e) != 0) {
    fprintf(stderr, "gen_topics: %s\n", e.detail);
    store_close(g.store);
    return 69;
  }
  g.townships = xcalloc((size_t)g.counties * BENCH_TOWNSHIPS, sizeof(int64_t));
  g.counts = xcalloc((size_t)g.topics, sizeof(int64_t));
  int rc = gen_run(&g, argv[6]);
  store_close(g.store);
  free(g.townships);
  free(g.counts);
  return rc == 0 ? 0 : 1;
}
