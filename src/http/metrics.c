/*
** Prometheus metrics: requests by route and status, a latency histogram per
** route, and open connections. Counters are atomics in fixed arrays sized by
** the routing table, so recording takes no lock.
*/
#include <stdatomic.h>
#include <stdio.h>

#include "http/http.h"
#include "util/mem.h"

static const int status_codes[] = {200, 201, 204, 206, 301, 302, 304, 400,
                                   401, 403, 404, 405, 409, 413, 414, 415,
                                   422, 429, 500, 503};
#define STATUS_SLOTS (sizeof status_codes / sizeof status_codes[0] + 1)

static const double bucket_bounds[] = {0.0005, 0.001, 0.0025, 0.005, 0.01,
                                       0.025,  0.05,  0.1,    0.25,  0.5,
                                       1.0,    2.5,   5.0};
#define BUCKETS (sizeof bucket_bounds / sizeof bucket_bounds[0])

struct route_metrics {
  atomic_ullong by_status[STATUS_SLOTS]; /* last slot: any other status */
  atomic_ullong buckets[BUCKETS];        /* not cumulative; summed on render */
  atomic_ullong count;
  atomic_ullong micros;
};

/* One slot per route, then one for front-end files and one for requests
   that matched no route (404, 405, malformed targets). */
static struct route_metrics *metrics;
#define SLOT_STATIC (http_route_count)
#define SLOT_UNMATCHED (http_route_count + 1)
#define SLOT_COUNT (http_route_count + 2)
static atomic_llong open_connections;

void http_metrics_init(void) {
  if (metrics == NULL)
    metrics = xcalloc(SLOT_COUNT, sizeof *metrics);
}

static size_t status_slot(int status) {
  for (size_t i = 0; i < STATUS_SLOTS - 1; i++)
    if (status_codes[i] == status) return i;
  return STATUS_SLOTS - 1;
}

void http_metrics_record(int route_index, int status, int64_t micros) {
  if (metrics == NULL) return;
  size_t r = route_index >= 0 ? (size_t)route_index
             : route_index == HTTP_ROUTE_STATIC ? SLOT_STATIC
                                                : SLOT_UNMATCHED;
  struct route_metrics *m = &metrics[r];
  atomic_fetch_add(&m->by_status[status_slot(status)], 1);
  double seconds = (double)micros / 1e6;
  for (size_t b = 0; b < BUCKETS; b++) {
    if (seconds <= bucket_bounds[b]) {
      atomic_fetch_add(&m->buckets[b], 1);
      break;
    }
  }
  atomic_fetch_add(&m->count, 1);
  atomic_fetch_add(&m->micros, (unsigned long long)(micros > 0 ? micros : 0));
}

void http_metrics_connection(int delta) {
  atomic_fetch_add(&open_connections, delta);
}

static const char *route_label(size_t r, char *method, size_t size) {
  if (r >= SLOT_STATIC) {
    snprintf(method, size, "*");
    return r == SLOT_STATIC ? "(static)" : "(unmatched)";
  }
  snprintf(method, size, "%s", http_method_name(http_routes[r].method));
  return http_routes[r].pattern;
}

void http_metrics_render(struct buf *out) {
  char method[16];
  buf_puts(out,
           "# HELP xieshang_http_requests_total HTTP requests by route and "
           "status.\n# TYPE xieshang_http_requests_total counter\n");
  for (size_t r = 0; metrics && r < SLOT_COUNT; r++) {
    const char *route = route_label(r, method, sizeof method);
    for (size_t s = 0; s < STATUS_SLOTS; s++) {
      unsigned long long n = atomic_load(&metrics[r].by_status[s]);
      if (n == 0) continue;
      char status[8];
      if (s < STATUS_SLOTS - 1) snprintf(status, sizeof status, "%d", status_codes[s]);
      else snprintf(status, sizeof status, "other");
      buf_printf(out,
                 "xieshang_http_requests_total{method=\"%s\",route=\"%s\","
                 "status=\"%s\"} %llu\n",
                 method, route, status, n);
    }
  }
  buf_puts(out,
           "# HELP xieshang_http_request_duration_seconds Time from request "
           "to response.\n"
           "# TYPE xieshang_http_request_duration_seconds histogram\n");
  for (size_t r = 0; metrics && r < SLOT_COUNT; r++) {
    unsigned long long count = atomic_load(&metrics[r].count);
    if (count == 0) continue;
    const char *route = route_label(r, method, sizeof method);
    unsigned long long cumulative = 0;
    for (size_t b = 0; b < BUCKETS; b++) {
      cumulative += atomic_load(&metrics[r].buckets[b]);
      buf_printf(out,
                 "xieshang_http_request_duration_seconds_bucket{method=\"%s\","
                 "route=\"%s\",le=\"%g\"} %llu\n",
                 method, route, bucket_bounds[b], cumulative);
    }
    buf_printf(out,
               "xieshang_http_request_duration_seconds_bucket{method=\"%s\","
               "route=\"%s\",le=\"+Inf\"} %llu\n"
               "xieshang_http_request_duration_seconds_sum{method=\"%s\","
               "route=\"%s\"} %.6f\n"
               "xieshang_http_request_duration_seconds_count{method=\"%s\","
               "route=\"%s\"} %llu\n",
               method, route, count, method, route,
               (double)atomic_load(&metrics[r].micros) / 1e6, method, route,
               count);
  }
  buf_printf(out,
             "# HELP xieshang_http_open_connections Connections open now.\n"
             "# TYPE xieshang_http_open_connections gauge\n"
             "xieshang_http_open_connections %lld\n",
             (long long)atomic_load(&open_connections));
}
