/*
** The text engine benchmark (make bench-text): how fast xieshang indexes,
** searches and finds near-duplicates as the index grows, and how good its
** near-duplicate look-up is against the exact answer.
**
** It generates a deterministic corpus (bench/corpus.c) and indexes it into
** a temporary SQLite file through search_index_put_batch(), in transactions
** of BENCH_BATCH documents, growing the same index to 10k, 100k and 1M
** documents (the largest size is BENCH_TEXT_MAX). At each size it times a
** fixed set of realistic queries and near-duplicate look-ups of fresh
** rewordings of indexed documents. Once the index holds the first
** BENCH_TEXT_SAMPLE documents, it runs the reference program ref_jaccard on
** the same documents (exact all-pairs Jaccard) and compares the LSH
** look-ups with it: recall, precision, and time.
**
** Everything printed is a measurement from this run, with the targets of
** issue 5 beside it; nothing here passes or fails. Settings (environment):
**   BENCH_TEXT_MAX      largest index size (default 1000000)
**   BENCH_TEXT_SAMPLE   documents in the quality sample (default 20000)
**   BENCH_TEXT_QUERIES  timed searches at each size (default 400)
**   BENCH_TEXT_LOOKUPS  timed near-duplicate look-ups per size (default 500)
**   BENCH_TEXT_LIMIT    seconds after which the index stops growing
**                       (default 1200): the figures are then measured at
**                       the size reached, and the output says so
**   BENCH_TEXT_BUDGET   seconds of timing, each of search and look-up, at
**                       each size (default 60): stop early when a size is
**                       slow, after at least two rounds of the query set
**   BENCH_TEXT_SEED     corpus seed (default 20261123)
**   BENCH_TEXT_KEEP     1 to keep the database file and print its path
**   BENCH_TEXT_DB       reuse (and grow) the index file an earlier run kept
**   BENCH_TEXT_PG       a libpq URL of an empty PostgreSQL database: measure
**                       that backend instead (tests/pg.sh starts a server)
** Usage: bench_text PATH-TO-ref_jaccard
*/
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "corpus.h"
#include "store/db.h"
#include "text/search.h"
#include "text/text.h"
#include "util/arena.h"

#define BENCH_BATCH 10000
#define BENCH_THRESHOLD 0.8
#define BENCH_SEARCH_LIMIT 20
#define BENCH_UNIT "/1/7/" /* one of the 30 units documents belong to */
#define BENCH_SIMILAR_LIMIT 100
#define BENCH_MS_SEARCH_TARGET 20.0
#define BENCH_MS_SIMILAR_TARGET 5.0
#define BENCH_RECALL_TARGET 0.95

struct bench {
  struct store *store;
  struct store_conn *conn;
  uint64_t seed;
  int64_t indexed;         /* documents 0 .. indexed-1 are in the index */
  int64_t reused;          /* of which this many were there at start */
  double build_seconds;    /* spent in all index builds so far */
  long queries, lookups;   /* at most this many timed at each size */
  double budget;           /* seconds of timing at each size, at most */
  double limit, deadline;  /* stop growing the index after limit seconds */
  char dir[256];
  char db_path[300];
};

/* Realistic queries: problem names, place + problem, Traditional and
   spaced forms, details people remember, and one that matches nothing. */
static const char *const bench_queries[] = {
    "老旧小区改造", "加装电梯",       "污水直排",       "停车难",
    "垃圾分类",     "学校学位",       "社区卫生服务站", "道路破损",
    "路灯不亮",     "集贸市场",       "老舊小區改造",   "幸福里小区 加装电梯",
    "和平社区 停车难", "电动车 充电桩", "消防通道",       "独居老人 养老服务",
    "政协委员",     "河道 垃圾",      "供水管网老化",   "wifi 信号"};
#define BENCH_NQUERIES (sizeof bench_queries / sizeof bench_queries[0])

/* Monotonic clock in seconds. */
static double bench_now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* CPU seconds this thread has used: unlike the wall clock, not inflated
   when other work on the machine takes the processors. */
static double bench_cpu(void) {
  struct timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Print the load average: other work on the machine skews every figure. */
static void bench_print_load(const char *when) {
  char line[128] = "?";
  FILE *f = fopen("/proc/loadavg", "r");
  if (f != NULL) {
    if (fgets(line, sizeof line, f) == NULL) line[0] = '\0';
    fclose(f);
  }
  line[strcspn(line, "\n")] = '\0';
  printf("load average %s: %s (%ld processors)\n", when, line,
         sysconf(_SC_NPROCESSORS_ONLN));
}

/* A positive integer from the environment, or def when unset or bad. */
static long bench_env(const char *name, long def) {
  const char *v = getenv(name);
  char *end = NULL;
  if (v == NULL || *v == '\0') return def;
  errno = 0;
  long n = strtol(v, &end, 10);
  if (errno != 0 || *end != '\0' || n <= 0) {
    fprintf(stderr, "bench_text: ignoring %s=%s\n", name, v);
    return def;
  }
  return n;
}

static int bench_double_cmp(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

/* The q-quantile (nearest rank) of n values, sorting them in place. */
static double bench_quantile(double *v, size_t n, double q) {
  if (n == 0) return 0.0;
  qsort(v, n, sizeof *v, bench_double_cmp);
  size_t rank = (size_t)ceil(q * (double)n);
  return v[rank > 0 ? rank - 1 : 0];
}

/* The search document for corpus document i (its doc_id is i + 1). */
static void bench_search_doc(int64_t i, const struct corpus_doc *d,
                             char *unit, size_t unit_size,
                             struct search_doc *out) {
  static const char *const states[] = {"submitted", "accepted", "rejected",
                                       "done"};
  snprintf(unit, unit_size, "/1/%d/", 2 + (int)(i % 30));
  out->type = i % 5 == 4 ? "proposal" : "topic";
  out->id = i + 1;
  out->unit_path = unit;
  out->state = states[i % 4];
  out->created_at = 1700000000000LL + i * 60000LL;
  out->title = d->title;
  out->body = d->body;
}

/* Index corpus documents b->indexed .. to-1, BENCH_BATCH per transaction,
   and print the rate. Returns 0 or -1. */
static int bench_grow(struct bench *b, int64_t to) {
  if (b->indexed >= to) return 0;
  struct corpus_doc *d = malloc(BENCH_BATCH * sizeof *d);
  struct search_doc *sd = malloc(BENCH_BATCH * sizeof *sd);
  char (*unit)[32] = malloc(BENCH_BATCH * sizeof *unit);
  struct err e = {0};
  int64_t from = b->indexed;
  if (d == NULL || sd == NULL || unit == NULL) abort();
  double start = bench_now(), mark = 0, start_cpu = bench_cpu();
  while (b->indexed < to) {
    int64_t end = b->indexed + BENCH_BATCH < to ? b->indexed + BENCH_BATCH : to;
    for (int64_t i = b->indexed; i < end; i++) {
      size_t k = (size_t)(i - b->indexed);
      corpus_doc_get(b->seed, i, &d[k]);
      bench_search_doc(i, &d[k], unit[k], sizeof unit[k], &sd[k]);
    }
    if (store_begin(b->conn, &e) != 0) goto fail;
    if (search_index_put_batch(b->conn, sd, (size_t)(end - b->indexed), &e) !=
        0) {
      store_rollback(b->conn);
      goto fail;
    }
    if (store_commit(b->conn, &e) != 0) goto fail;
    b->indexed = end;
    if (b->indexed % 100000 == 0)
      printf("  %lld documents indexed, %.0f documents/s over the last "
             "100000\n", (long long)b->indexed,
             100000.0 / (bench_now() - (mark > 0 ? mark : start)));
    if (b->indexed % 100000 == 0) mark = bench_now();
    if (b->indexed < to && bench_now() > b->deadline) {
      printf("  stopped at %lld documents: BENCH_TEXT_LIMIT (%.0f s) "
             "reached\n", (long long)b->indexed, b->limit);
      break;
    }
  }
  free(d);
  free(sd);
  free(unit);
  double seconds = bench_now() - start;
  b->build_seconds += seconds;
  printf("index build   %lld documents in %.1f s: %.0f documents/s "
         "(%.0f/s over all %lld added so far)\n",
         (long long)(b->indexed - from), seconds,
         (double)(b->indexed - from) / seconds,
         (double)(b->indexed - b->reused) / b->build_seconds,
         (long long)(b->indexed - b->reused));
  printf("              %.0f documents per processor-second (%.1f s of "
         "processor time)\n", (double)(b->indexed - from) /
         (bench_cpu() - start_cpu), bench_cpu() - start_cpu);
  return 0;
fail:
  fprintf(stderr, "bench_text: indexing failed: %s %s\n", err_code(&e),
          e.detail);
  free(d);
  free(sd);
  free(unit);
  return -1;
}

/* Print s padded with spaces to width columns (a CJK character is two). */
static void bench_print_padded(const char *s, int width) {
  int used = 0;
  for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
    if ((*p & 0xC0) == 0x80) continue;
    used += *p >= 0xE0 ? 2 : 1;
  }
  printf("%s%*s", s, width > used ? width - used : 0, "");
}

/* Time b->queries searches (the query set, round robin; fewer when
   b->budget runs out, but always the whole set at least twice) and print
   p50/p99 overall and per query. Returns 0 or -1. */
static int bench_search(struct bench *b, int64_t size, const char *unit) {
  double *all = malloc((size_t)b->queries * sizeof *all);
  double *cpu = malloc((size_t)b->queries * sizeof *cpu);
  double per[BENCH_NQUERIES][64];
  size_t nper[BENCH_NQUERIES] = {0};
  int64_t total[BENCH_NQUERIES] = {0};
  int exact[BENCH_NQUERIES] = {0};
  struct search_filter f = {NULL, unit, NULL, 0, 0, BENCH_SEARCH_LIMIT, 0};
  struct err e = {0};
  long done = 0;
  if (unit) printf("  the same queries within unit %s (1 of 30):\n", unit);
  double begin = bench_now();
  if (all == NULL || cpu == NULL) abort();
  for (long k = 0; k < b->queries; k++, done++) {
    size_t q = (size_t)k % BENCH_NQUERIES;
    if (k >= 2 * (long)BENCH_NQUERIES && bench_now() - begin > b->budget) break;
    struct search_result r;
    struct arena *a = arena_new();
    double start = bench_now(), start_cpu = bench_cpu();
    int rc = search_query(b->conn, a, bench_queries[q], &f, &r, &e);
    all[k] = (bench_now() - start) * 1000.0;
    cpu[k] = (bench_cpu() - start_cpu) * 1000.0;
    arena_free(a);
    if (rc != 0) {
      fprintf(stderr, "bench_text: search %s: %s\n", bench_queries[q],
              err_code(&e));
      free(all);
      free(cpu);
      return -1;
    }
    total[q] = r.total;
    exact[q] = r.total_exact;
    if (nper[q] < 64) per[q][nper[q]++] = all[k];
  }
  double p50 = bench_quantile(all, (size_t)done, 0.50);
  double p99 = bench_quantile(all, (size_t)done, 0.99);
  printf("search        %ld queries: p50 %.2f ms, p99 %.2f ms, max %.2f ms"
         "   [target at 1M: p99 < %.0f ms]\n",
         done, p50, p99, all[done - 1], BENCH_MS_SEARCH_TARGET);
  printf("  cpu time    p50 %.2f ms, p99 %.2f ms (this thread's processor "
         "time: %s)\n",
         bench_quantile(cpu, (size_t)done, 0.50),
         bench_quantile(cpu, (size_t)done, 0.99),
         store_backend(b->store) == STORE_POSTGRES
             ? "the client's share only, not the server's"
             : "what the wall clock shows on an idle machine");
  printf("  per query (median ms / matching documents):\n");
  for (size_t q = 0; q < BENCH_NQUERIES; q++) {
    printf("    ");
    bench_print_padded(bench_queries[q], 22);
    printf(" %8.2f ms %9lld%s (%.1f%%%s)\n",
           bench_quantile(per[q], nper[q], 0.5), (long long)total[q],
           exact[q] ? "" : "+", 100.0 * (double)total[q] / (double)size,
           exact[q] ? "" : " or more");
  }
  free(all);
  free(cpu);
  return 0;
}

/* Time b->lookups near-duplicate look-ups of fresh rewordings of indexed
   documents (fewer, but at least 50, when b->budget runs out); print
   p50/p99 and how often the original came back. */
static int bench_similar(struct bench *b) {
  double *all = malloc((size_t)b->lookups * sizeof *all);
  double *cpu = malloc((size_t)b->lookups * sizeof *cpu);
  long found = 0, results = 0;
  struct corpus_doc d;
  struct err e = {0};
  long done = 0;
  double begin = bench_now();
  if (all == NULL || cpu == NULL) abort();
  for (long k = 0; k < b->lookups; k++, done++) {
    if (k >= 50 && bench_now() - begin > b->budget) break;
    uint64_t pick = (uint64_t)k * 0x9e3779b97f4a7c15ULL ^ b->seed;
    int64_t i = (int64_t)((pick >> 11) % (uint64_t)b->indexed);
    corpus_doc_get(b->seed, i, &d);
    corpus_doc_reword(&d, pick);
    char text[CORPUS_TITLE_BYTES + CORPUS_BODY_BYTES + 2];
    snprintf(text, sizeof text, "%s\n%s", d.title, d.body);
    struct search_similar *out;
    size_t n;
    struct arena *a = arena_new();
    double start = bench_now(), start_cpu = bench_cpu();
    int rc = search_similar(b->conn, a, text, NULL, NULL, BENCH_THRESHOLD,
                            BENCH_SIMILAR_LIMIT, &out, &n, &e);
    all[k] = (bench_now() - start) * 1000.0;
    cpu[k] = (bench_cpu() - start_cpu) * 1000.0;
    for (size_t r = 0; rc == 0 && r < n; r++)
      if (out[r].doc_id == i + 1) found++;
    results += (long)n;
    arena_free(a);
    if (rc != 0) {
      fprintf(stderr, "bench_text: similar: %s\n", err_code(&e));
      free(all);
      free(cpu);
      return -1;
    }
  }
  double p50 = bench_quantile(all, (size_t)done, 0.50);
  double p99 = bench_quantile(all, (size_t)done, 0.99);
  printf("near-dup      %ld look-ups: p50 %.2f ms, p99 %.2f ms, max %.2f ms"
         "   [target at 1M: p99 < %.0f ms]\n",
         done, p50, p99, all[done - 1], BENCH_MS_SIMILAR_TARGET);
  printf("  cpu time    p50 %.2f ms, p99 %.2f ms\n",
         bench_quantile(cpu, (size_t)done, 0.50),
         bench_quantile(cpu, (size_t)done, 0.99));
  printf("  reworded original found (estimate >= %.1f) in %.1f%% of look-ups, "
         "%.1f results each on average\n",
         BENCH_THRESHOLD, 100.0 * (double)found / (double)done,
         (double)results / (double)done);
  free(all);
  free(cpu);
  return 0;
}

/* Exact pairs (a < b) from the reference, as a sorted array of a * n + b. */
struct bench_truth {
  uint64_t *key;
  unsigned char *seen; /* bit 1: found looking up a; bit 2: looking up b */
  size_t count;
  double seconds;      /* the reference's all-pairs time */
  long long compared;
};

static int bench_u64_cmp(const void *x, const void *y) {
  uint64_t a = *(const uint64_t *)x, b = *(const uint64_t *)y;
  return a < b ? -1 : a > b;
}

/* Write the sample, run the reference on it and read its pairs. */
static int bench_reference(struct bench *b, const char *ref, long n,
                           struct bench_truth *t) {
  char path[320], cmd[800], line[256];
  struct corpus_doc d;
  size_t cap = 1024;
  snprintf(path, sizeof path, "%s/sample.txt", b->dir);
  FILE *f = fopen(path, "w");
  if (f == NULL) return -1;
  for (long i = 0; i < n; i++) {
    corpus_doc_get(b->seed, i, &d);
    fprintf(f, "%s\t%s\n", d.title, d.body);
  }
  if (fclose(f) != 0) return -1;
  snprintf(cmd, sizeof cmd, "'%s' '%s' %.2f", ref, path, BENCH_THRESHOLD);
  FILE *p = popen(cmd, "r");
  if (p == NULL) return -1;
  t->key = malloc(cap * sizeof *t->key);
  if (t->key == NULL) abort();
  while (fgets(line, sizeof line, p) != NULL) {
    unsigned long x, y;
    double jac;
    if (sscanf(line, "pair %lu %lu %lf", &x, &y, &jac) == 3) {
      if (t->count == cap) {
        cap *= 2;
        t->key = realloc(t->key, cap * sizeof *t->key);
        if (t->key == NULL) abort();
      }
      t->key[t->count++] = (uint64_t)x * (uint64_t)n + y;
    } else if (sscanf(line, "seconds %lf", &jac) == 1) {
      t->seconds = jac;
    } else if (sscanf(line, "compared %lld", &t->compared) != 1) {
      fprintf(stderr, "bench_text: reference said: %s", line);
    }
  }
  int status = pclose(p);
  unlink(path);
  qsort(t->key, t->count, sizeof *t->key, bench_u64_cmp);
  t->seen = calloc(t->count + 1, 1);
  if (t->seen == NULL) abort();
  return status == 0 ? 0 : -1;
}

/* Check a few of the reference's pairs against text_jaccard(). */
static void bench_reference_check(struct bench *b, long n,
                                  const struct bench_truth *t) {
  struct corpus_doc x, y;
  char tx[CORPUS_TITLE_BYTES + CORPUS_BODY_BYTES + 2];
  char ty[CORPUS_TITLE_BYTES + CORPUS_BODY_BYTES + 2];
  size_t checked = 0, agree = 0;
  for (size_t k = 0; k < t->count; k += 1 + t->count / 50, checked++) {
    double jac = 0.0;
    corpus_doc_get(b->seed, (int64_t)(t->key[k] / (uint64_t)n), &x);
    corpus_doc_get(b->seed, (int64_t)(t->key[k] % (uint64_t)n), &y);
    snprintf(tx, sizeof tx, "%s\n%s", x.title, x.body);
    snprintf(ty, sizeof ty, "%s\n%s", y.title, y.body);
    if (text_jaccard(tx, strlen(tx), ty, strlen(ty), &jac) == 0 &&
        jac >= BENCH_THRESHOLD)
      agree++;
  }
  printf("  reference cross-checked with text_jaccard() on %zu pairs: "
         "%zu agree\n", checked, agree);
}

/* What the LSH look-ups of the quality sample found. */
struct bench_quality {
  long returned;      /* results other than the document itself */
  long true_hits;     /* results that are exact pairs */
  double fp_jaccard;  /* sum of the exact Jaccard of the other results */
  double seconds;     /* in search_similar() */
  double worst_ms;
  long planted[CORPUS_KINDS], planted_found[CORPUS_KINDS];
  long planted_exact[CORPUS_KINDS];
};

/* Is (x, y) an exact pair? Returns its index in t->key, or -1. */
static long bench_truth_find(const struct bench_truth *t, long n, int64_t x,
                             int64_t y) {
  uint64_t key = x < y ? (uint64_t)x * (uint64_t)n + (uint64_t)y
                       : (uint64_t)y * (uint64_t)n + (uint64_t)x;
  const uint64_t *hit = bsearch(&key, t->key, t->count, sizeof key,
                                bench_u64_cmp);
  return hit ? (long)(hit - t->key) : -1;
}

/* Look every sample document up and score the results against t. */
static int bench_quality_lookups(struct bench *b, long n,
                                 struct bench_truth *t,
                                 struct bench_quality *q) {
  char text[CORPUS_TITLE_BYTES + CORPUS_BODY_BYTES + 2];
  char other[CORPUS_TITLE_BYTES + CORPUS_BODY_BYTES + 2];
  struct corpus_doc d, o;
  struct err e = {0};
  for (long i = 0; i < n; i++) {
    struct search_similar *out;
    size_t count;
    int origin_found = 0;
    struct arena *a = arena_new();
    corpus_doc_get(b->seed, i, &d);
    snprintf(text, sizeof text, "%s\n%s", d.title, d.body);
    double start = bench_now();
    int rc = search_similar(b->conn, a, text, NULL, NULL, BENCH_THRESHOLD,
                            BENCH_SIMILAR_LIMIT, &out, &count, &e);
    double took = bench_now() - start;
    q->seconds += took;
    if (took * 1000.0 > q->worst_ms) q->worst_ms = took * 1000.0;
    for (size_t r = 0; rc == 0 && r < count; r++) {
      int64_t j = out[r].doc_id - 1;
      if (j == i) continue;
      if (j == d.origin) origin_found = 1;
      q->returned++;
      long k = bench_truth_find(t, n, i, j);
      if (k >= 0) {
        q->true_hits++;
        t->seen[k] |= i < j ? 1 : 2;
        continue;
      }
      double jac = 0.0;
      corpus_doc_get(b->seed, j, &o);
      snprintf(other, sizeof other, "%s\n%s", o.title, o.body);
      if (text_jaccard(text, strlen(text), other, strlen(other), &jac) == 0)
        q->fp_jaccard += jac;
    }
    arena_free(a);
    if (rc != 0) {
      fprintf(stderr, "bench_text: similar: %s\n", err_code(&e));
      return -1;
    }
    q->planted[d.kind]++;
    q->planted_found[d.kind] += origin_found;
    if (d.origin >= 0 && bench_truth_find(t, n, i, d.origin) >= 0)
      q->planted_exact[d.kind]++;
  }
  return 0;
}

/* Near-duplicate quality on the first n documents (all of the index now):
   LSH look-ups against the reference's exact all-pairs Jaccard. */
static int bench_quality(struct bench *b, const char *ref, long n) {
  struct bench_truth t = {0};
  struct bench_quality q = {0};
  int rc = -1;
  printf("\n== near-duplicate quality: %ld-document sample, Jaccard >= %.1f "
         "==\n", n, BENCH_THRESHOLD);
  if (bench_grow(b, n) != 0) goto done;
  if (bench_reference(b, ref, n, &t) != 0) {
    fprintf(stderr, "bench_text: the reference program %s failed\n", ref);
    goto done;
  }
  bench_reference_check(b, n, &t);
  if (bench_quality_lookups(b, n, &t, &q) != 0) goto done;
  long pairs_seen = 0;
  for (size_t k = 0; k < t.count; k++) pairs_seen += t.seen[k] != 0;
  long fp = q.returned - q.true_hits;
  double recall = t.count ? (double)q.true_hits / (2.0 * (double)t.count) : 1;
  printf("exact pairs   %zu (reference, all pairs)\n", t.count);
  printf("recall        %.4f of look-ups return each exact partner "
         "(%.4f of pairs found from either side)   [target >= %.2f]\n",
         recall, t.count ? (double)pairs_seen / (double)t.count : 1.0,
         BENCH_RECALL_TARGET);
  printf("precision     %.4f (%ld of %ld results with estimate >= %.1f; "
         "the other %ld have mean exact Jaccard %.3f)\n",
         q.returned ? (double)q.true_hits / (double)q.returned : 1.0,
         q.true_hits, q.returned, BENCH_THRESHOLD, fp,
         fp ? q.fp_jaccard / (double)fp : 0.0);
  printf("planted       kind: documents, original returned, exact J >= %.1f\n",
         BENCH_THRESHOLD);
  for (int k = 1; k < CORPUS_KINDS; k++)
    printf("    %-22s %6ld %6ld %6ld\n", corpus_kind_name((enum corpus_kind)k),
           q.planted[k], q.planted_found[k], q.planted_exact[k]);
  printf("time          reference all-pairs %.2f s (%lld pairs merged after "
         "the size filter) = %.3f ms/document\n",
         t.seconds, t.compared, 1000.0 * t.seconds / (double)n);
  printf("              LSH look-ups %.2f s = %.3f ms/document (worst %.2f "
         "ms); index build of the sample %.2f s\n",
         q.seconds, 1000.0 * q.seconds / (double)n, q.worst_ms,
         b->build_seconds);
  printf("              ratio: reference / LSH look-ups %.1fx; "
         "reference / (LSH build + look-ups) %.1fx\n",
         t.seconds / q.seconds, t.seconds / (q.seconds + b->build_seconds));
  rc = 0;
done:
  free(t.key);
  free(t.seen);
  return rc;
}

/* Open the index: the PostgreSQL database BENCH_TEXT_PG, the SQLite file
   BENCH_TEXT_DB (an index an earlier run kept, to grow further or measure
   again), or a fresh one in a new temporary folder. Sets b->indexed to the
   documents already there. */
static int bench_open(struct bench *b) {
  const char *tmp = getenv("TMPDIR");
  const char *reuse = getenv("BENCH_TEXT_DB");
  const char *pg = getenv("BENCH_TEXT_PG");
  struct err e = {0};
  char url[320];
  if (pg && *pg) {
    snprintf(b->dir, sizeof b->dir, "%s/xieshang-bench-XXXXXX",
             tmp && *tmp ? tmp : "/tmp");
    if (mkdtemp(b->dir) == NULL) {
      perror("bench_text: mkdtemp");
      return -1;
    }
    snprintf(url, sizeof url, "%s", pg);
  } else if (reuse && *reuse) {
    snprintf(b->db_path, sizeof b->db_path, "%s", reuse);
  } else {
    snprintf(b->dir, sizeof b->dir, "%s/xieshang-bench-XXXXXX",
             tmp && *tmp ? tmp : "/tmp");
    if (mkdtemp(b->dir) == NULL) {
      perror("bench_text: mkdtemp");
      return -1;
    }
    snprintf(b->db_path, sizeof b->db_path, "%s/bench.db", b->dir);
  }
  if (!(pg && *pg)) snprintf(url, sizeof url, "sqlite:%s", b->db_path);
  if (store_open(&b->store, url, 1, &e) != 0 ||
      store_migrate(b->store, NULL, &e) != 0)
    goto fail;
  if (pg && *pg)
    snprintf(b->db_path, sizeof b->db_path, "%s",
             store_display_url(b->store));
  b->conn = store_acquire(b->store);
  struct store_stmt *st = store_prepare(b->conn, Q_SEARCH_DOC_COUNT, &e);
  if (st == NULL) goto fail;
  if (store_step(st, &e) == STORE_ROW) b->indexed = store_col_int(st, 0);
  b->reused = b->indexed;
  store_finish(st);
  return 0;
fail:
  fprintf(stderr, "bench_text: %s: %s %s\n", url, err_code(&e), e.detail);
  return -1;
}

/* Close the index and remove its folder unless BENCH_TEXT_KEEP is set. */
static void bench_close(struct bench *b) {
  static const char *const files[] = {"bench.db", "bench.db-wal",
                                      "bench.db-shm", "sample.txt"};
  char path[320];
  if (b->conn) store_release(b->conn);
  if (b->store) store_close(b->store);
  if (bench_env("BENCH_TEXT_KEEP", 0) == 1 || b->dir[0] == '\0') {
    printf("\nindex kept in %s\n", b->db_path);
    return;
  }
  for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
    snprintf(path, sizeof path, "%s/%s", b->dir, files[i]);
    unlink(path);
  }
  rmdir(b->dir);
}

int main(int argc, char **argv) {
  struct bench b = {0};
  long sizes[] = {10000, 100000, 1000000};
  long max = bench_env("BENCH_TEXT_MAX", 1000000);
  long sample = bench_env("BENCH_TEXT_SAMPLE", 20000);
  int rc = 1, quality_done = 0;
  double start = bench_now();
  setvbuf(stdout, NULL, _IOLBF, 0); /* show progress when piped to a file */
  if (argc != 2) {
    fprintf(stderr, "usage: bench_text PATH-TO-ref_jaccard\n");
    return 64;
  }
  b.seed = (uint64_t)bench_env("BENCH_TEXT_SEED", 20261123);
  b.queries = bench_env("BENCH_TEXT_QUERIES", 400);
  b.lookups = bench_env("BENCH_TEXT_LOOKUPS", 500);
  b.budget = (double)bench_env("BENCH_TEXT_BUDGET", 60);
  b.limit = (double)bench_env("BENCH_TEXT_LIMIT", 1200);
  b.deadline = start + b.limit;
  if (text_init() != 0 || corpus_init() != 0) {
    fprintf(stderr, "bench_text: OpenCC or ICU data missing\n");
    return 69;
  }
  if (bench_open(&b) != 0) goto done;
  printf("xieshang text benchmark: %s %s, database %s, seed %llu, "
         "up to %ld documents, transactions of %d\n",
         store_backend(b.store) == STORE_POSTGRES ? "PostgreSQL" : "SQLite",
         store_backend(b.store) == STORE_POSTGRES ? "" : store_sqlite_version(),
         b.db_path, (unsigned long long)b.seed, max,
         BENCH_BATCH);
  bench_print_load("at start");
  if (b.indexed > 0)
    printf("reusing %s: %lld documents already indexed\n", b.db_path,
           (long long)b.indexed);
  for (size_t s = 0; s < sizeof sizes / sizeof sizes[0]; s++) {
    long size = sizes[s] < max ? sizes[s] : max;
    if (size < b.indexed && size < max) continue; /* a reused index */
    if (size < b.indexed) size = (long)b.indexed;
    if (!quality_done && sample <= size && b.indexed <= sample) {
      if (bench_quality(&b, argv[1], sample) != 0) goto done;
      quality_done = 1;
    }
    printf("\n== %ld documents ==\n", size);
    if (bench_grow(&b, size) != 0) goto done;
    if (b.indexed < size) {
      printf("\n== %lld documents: the largest size reached, NOT %ld ==\n",
             (long long)b.indexed, size);
      size = (long)b.indexed;
    }
    if (bench_search(&b, size, NULL) != 0 ||
        bench_search(&b, size, BENCH_UNIT) != 0 || bench_similar(&b) != 0)
      goto done;
    if (size == max || size < sizes[s]) break;
  }
  if (!quality_done)
    printf("\n(no quality figures: they need a fresh index growing past "
           "BENCH_TEXT_SAMPLE=%ld documents)\n", sample);
  printf("\nfinished in %.0f s; ", bench_now() - start);
  bench_print_load("at the end");
  rc = 0;
done:
  bench_close(&b);
  corpus_done();
  return rc;
}
