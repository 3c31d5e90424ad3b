/*
** The topic benchmark's load client and checker (make bench,
** bench/topics.sh). Plain blocking sockets, HTTP/1.1 keep-alive.
**
**   load_topics supports HOST:PORT TOKENS TARGETS SECONDS CLIENTS ACKS
**     CLIENTS threads, each with its own connection, POST supports for
**     SECONDS: every request a pair (resident, topic) never tried before,
**     from the API tokens in file TOKENS and the topic ids in TARGETS.
**     Prints "acked=N rate=R/s conflicts=N failed=N" and writes each
**     acknowledged (2xx) pair to ACKS as "TOKEN-INDEX TOPIC-ID".
**   load_topics verify DB-URL TOKENS ACKS
**     Checks that every pair in ACKS is a support in the database, and that
**     every topic's support count equals its support rows. Prints
**     "acked=N present=N missing=N counts_off=N"; exit 1 if any is missing.
**   load_topics idle HOST:PORT CONNECTIONS SECONDS PATH
**     Opens CONNECTIONS keep-alive connections with a GET /healthz on each,
**     then a trickle (one GET PATH every 5 ms on the next connection) for
**     SECONDS while all stay open, then checks each still answers. Prints
**     "open=N still_open=N requests=N failed=N".
**   load_topics warm HOST:PORT TOKENS CLIENTS
**     One authenticated GET per token, as a resident who has used the site
**     before: a token's first use of the minute records when it was used,
**     a write that is not the support being measured.
*/
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "domain/account.h"
#include "domain/token.h"
#include "store/db.h"
#include "util/mem.h"
#include "util/timeutil.h"

#define LOAD_RESPONSE_MAX 65536
#define LOAD_MAX_CLIENTS 1024
#define LOAD_TIMEOUT_SECONDS 10

static struct sockaddr_in server_addr;

static int parse_hostport(const char *text) {
  char host[64];
  const char *colon = strrchr(text, ':');
  if (colon == NULL || (size_t)(colon - text) >= sizeof host) return -1;
  memcpy(host, text, (size_t)(colon - text));
  host[colon - text] = '\0';
  server_addr.sin_family = AF_INET;
  server_addr.sin_port = htons((uint16_t)strtol(colon + 1, NULL, 10));
  return inet_pton(AF_INET, host, &server_addr.sin_addr) == 1 ? 0 : -1;
}

static int connect_server(void) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return -1;
  int one = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  /* A server that stops answering fails the request, not the run. */
  struct timeval wait = {LOAD_TIMEOUT_SECONDS, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &wait, sizeof wait);
  if (connect(fd, (struct sockaddr *)&server_addr, sizeof server_addr) != 0) {
    close(fd);
    return -1;
  }
  return fd;
}

static int send_all(int fd, const char *data, size_t len) {
  while (len > 0) {
    ssize_t n = send(fd, data, len, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return -1;
    data += n;
    len -= (size_t)n;
  }
  return 0;
}

/* Read one response; return its status, or -1 if the connection failed. */
static int read_response(int fd, char *buf) {
  size_t have = 0;
  char *end = NULL;
  while (end == NULL) {
    if (have >= LOAD_RESPONSE_MAX - 1) return -1;
    ssize_t n = recv(fd, buf + have, LOAD_RESPONSE_MAX - 1 - have, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return -1;
    have += (size_t)n;
    buf[have] = '\0';
    end = strstr(buf, "\r\n\r\n");
  }
  int status = 0;
  if (sscanf(buf, "HTTP/1.%*d %d", &status) != 1) return -1;
  size_t length = 0;
  const char *cl = strcasestr(buf, "\r\nContent-Length:");
  if (cl && cl < end) length = strtoul(cl + 17, NULL, 10);
  size_t body_have = have - (size_t)(end + 4 - buf);
  while (body_have < length) {
    char sink[16384];
    size_t want = length - body_have;
    ssize_t n = recv(fd, sink, want < sizeof sink ? want : sizeof sink, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return -1;
    body_have += (size_t)n;
  }
  return status;
}

/* Lines of a file, as an array of strings. */
static char **read_lines(const char *path, int *count) {
  FILE *f = fopen(path, "r");
  if (f == NULL) {
    perror(path);
    return NULL;
  }
  int cap = 1024, n = 0;
  char **lines = xmalloc(sizeof *lines * (size_t)cap);
  char line[256];
  while (fgets(line, sizeof line, f)) {
    line[strcspn(line, "\r\n")] = '\0';
    if (line[0] == '\0') continue;
    if (n == cap) {
      cap *= 2;
      lines = xrealloc(lines, sizeof *lines * (size_t)cap);
    }
    lines[n++] = xstrdup(line);
  }
  fclose(f);
  *count = n;
  return lines;
}

struct support_load {
  char **tokens;
  int ntokens;
  char **targets;
  int ntargets;
  int clients;
  int64_t until_us;
};

struct support_client {
  struct support_load *load;
  int index;
  pthread_t thread;
  int64_t *acked_token;  /* token index of each acknowledged support */
  int64_t *acked_topic;
  int64_t acked, conflicts, failed, cap;
};

/* Client k's pairs: its tokens are k, k + clients, ...; it goes through the
   topics, each with every one of its tokens, so no pair repeats. */
static void *support_client_run(void *arg) {
  struct support_client *cl = arg;
  struct support_load *l = cl->load;
  int mine = (l->ntokens - cl->index + l->clients - 1) / l->clients;
  int64_t total = (int64_t)mine * l->ntargets;
  char request[512];
  char *buf = malloc(LOAD_RESPONSE_MAX);
  int fd = -1;
  for (int64_t n = 0; n < total && time_mono_us() < l->until_us; n++) {
    int token = cl->index + (int)(n % mine) * l->clients;
    const char *topic = l->targets[n / mine];
    int len = snprintf(request, sizeof request,
                       "POST /api/v1/topics/%s/support HTTP/1.1\r\n"
                       "Host: bench\r\nAuthorization: Bearer %s\r\n"
                       "Content-Length: 0\r\n\r\n",
                       topic, l->tokens[token]);
    if (fd < 0) fd = connect_server();
    int status = -1;
    if (fd >= 0 && send_all(fd, request, (size_t)len) == 0)
      status = read_response(fd, buf);
    if (status < 0) {
      if (fd >= 0) close(fd);
      fd = -1;
      cl->failed++;
      continue;
    }
    if (status >= 200 && status < 300) {
      if (cl->acked == cl->cap) {
        cl->cap = cl->cap ? cl->cap * 2 : 4096;
        cl->acked_token = realloc(cl->acked_token, sizeof(int64_t) * cl->cap);
        cl->acked_topic = realloc(cl->acked_topic, sizeof(int64_t) * cl->cap);
        if (cl->acked_token == NULL || cl->acked_topic == NULL) abort();
      }
      cl->acked_token[cl->acked] = token;
      cl->acked_topic[cl->acked] = atoll(topic);
      cl->acked++;
    } else if (status == 409) {
      cl->conflicts++;
    } else {
      if (cl->failed == 0)
        fprintf(stderr, "load_topics: support answered %d: %.200s\n", status,
                buf);
      cl->failed++;
    }
  }
  if (fd >= 0) close(fd);
  free(buf);
  return NULL;
}

static int run_supports(char **argv) {
  struct support_load l = {0};
  if (parse_hostport(argv[2]) != 0) return 64;
  l.tokens = read_lines(argv[3], &l.ntokens);
  l.targets = read_lines(argv[4], &l.ntargets);
  double seconds = atof(argv[5]);
  l.clients = (int)strtol(argv[6], NULL, 10);
  if (!l.tokens || !l.targets || l.clients < 1 ||
      l.clients > LOAD_MAX_CLIENTS || l.clients > l.ntokens)
    return 64;
  FILE *acks = fopen(argv[7], "w");
  if (acks == NULL) {
    perror(argv[7]);
    return 73;
  }
  struct support_client *cls = calloc((size_t)l.clients, sizeof *cls);
  int64_t start = time_mono_us();
  l.until_us = start + (int64_t)(seconds * 1e6);
  for (int i = 0; i < l.clients; i++) {
    cls[i].load = &l;
    cls[i].index = i;
    pthread_create(&cls[i].thread, NULL, support_client_run, &cls[i]);
  }
  int64_t acked = 0, conflicts = 0, failed = 0;
  for (int i = 0; i < l.clients; i++) {
    pthread_join(cls[i].thread, NULL);
    for (int64_t k = 0; k < cls[i].acked; k++)
      fprintf(acks, "%lld %lld\n", (long long)cls[i].acked_token[k],
              (long long)cls[i].acked_topic[k]);
    acked += cls[i].acked;
    conflicts += cls[i].conflicts;
    failed += cls[i].failed;
    free(cls[i].acked_token);
    free(cls[i].acked_topic);
  }
  double elapsed = (double)(time_mono_us() - start) / 1e6;
  if (fclose(acks) != 0) return 74;
  printf("acked=%lld rate=%.0f conflicts=%lld failed=%lld seconds=%.1f\n",
         (long long)acked, (double)acked / elapsed, (long long)conflicts,
         (long long)failed, elapsed);
  free(cls);
  return 0;
}

static int run_verify(char **argv) {
  int ntokens = 0;
  char **tokens = read_lines(argv[3], &ntokens);
  if (tokens == NULL || account_init() != 0) return 66;
  FILE *acks = fopen(argv[4], "r");
  if (acks == NULL) {
    perror(argv[4]);
    return 66;
  }
  struct store *s;
  struct err e = {0};
  if (store_open(&s, argv[2], 1, &e) != 0) {
    fprintf(stderr, "load_topics: %s\n", e.detail);
    fclose(acks);
    return 69;
  }
  struct store_conn *c = store_acquire(s);
  int64_t *users = calloc((size_t)ntokens, sizeof *users);
  long long token, topic;
  int64_t acked = 0, present = 0, off = -1;
  while (fscanf(acks, "%lld %lld", &token, &topic) == 2) {
    acked++;
    if (token < 0 || token >= ntokens) continue;
    if (users[token] == 0) {
      struct session session;
      if (token_authenticate(c, tokens[token], &session, &e) == 1)
        users[token] = session.user_id;
    }
    struct store_stmt *st = store_prepare(c, Q_BENCH_SUPPORT_HELD, &e);
    int64_t held = 0;
    if (st) {
      store_bind_int(st, 1, topic);
      store_bind_int(st, 2, users[token]);
      store_step_int(st, &held, &e);
    }
    present += held == 1;
  }
  struct store_stmt *st = store_prepare(c, Q_BENCH_SUPPORT_COUNT_OFF, &e);
  if (st) store_step_int(st, &off, &e);
  store_release(c);
  store_close(s);
  fclose(acks);
  printf("acked=%lld present=%lld missing=%lld counts_off=%lld\n",
         (long long)acked, (long long)present, (long long)(acked - present),
         (long long)off);
  free(users);
  return acked == present && off == 0 ? 0 : 1;
}

struct warm_client {
  char **tokens;
  int ntokens, clients, index;
  int64_t failed;
  pthread_t thread;
};

static void *warm_client_run(void *arg) {
  struct warm_client *w = arg;
  char request[512];
  char *buf = xmalloc(LOAD_RESPONSE_MAX);
  int fd = -1;
  for (int t = w->index; t < w->ntokens; t += w->clients) {
    int len = snprintf(request, sizeof request,
                       "GET /api/v1/notifications?limit=1 HTTP/1.1\r\n"
                       "Host: bench\r\nAuthorization: Bearer %s\r\n\r\n",
                       w->tokens[t]);
    if (fd < 0) fd = connect_server();
    if (fd < 0 || send_all(fd, request, (size_t)len) != 0 ||
        read_response(fd, buf) != 200) {
      w->failed++;
      if (fd >= 0) close(fd);
      fd = -1;
    }
  }
  if (fd >= 0) close(fd);
  free(buf);
  return NULL;
}

static int run_warm(char **argv) {
  int ntokens = 0;
  if (parse_hostport(argv[2]) != 0) return 64;
  char **tokens = read_lines(argv[3], &ntokens);
  int clients = (int)strtol(argv[4], NULL, 10);
  if (tokens == NULL || clients < 1 || clients > LOAD_MAX_CLIENTS) return 64;
  struct warm_client *w = xcalloc((size_t)clients, sizeof *w);
  for (int i = 0; i < clients; i++) {
    w[i] = (struct warm_client){tokens, ntokens, clients, i, 0, 0};
    pthread_create(&w[i].thread, NULL, warm_client_run, &w[i]);
  }
  int64_t failed = 0;
  for (int i = 0; i < clients; i++) {
    pthread_join(w[i].thread, NULL);
    failed += w[i].failed;
  }
  printf("warmed=%d failed=%lld\n", ntokens, (long long)failed);
  free(w);
  return failed == 0 ? 0 : 1;
}

static int run_idle(char **argv) {
  if (parse_hostport(argv[2]) != 0) return 64;
  int n = (int)strtol(argv[3], NULL, 10);
  double seconds = atof(argv[4]);
  const char *path = argv[5];
  if (n < 1) return 64;
  int *fds = calloc((size_t)n, sizeof *fds);
  char *buf = malloc(LOAD_RESPONSE_MAX);
  char request[512];
  int len = snprintf(request, sizeof request,
                     "GET %s HTTP/1.1\r\nHost: bench\r\n\r\n", path);
  const char probe[] = "GET /healthz HTTP/1.1\r\nHost: bench\r\n\r\n";
  int64_t requests = 0, failed = 0;
  int open = 0;
  for (int i = 0; i < n; i++) {
    fds[i] = connect_server();
    if (fds[i] >= 0 && send_all(fds[i], probe, sizeof probe - 1) == 0 &&
        read_response(fds[i], buf) == 200) {
      open++;
      requests++;
    } else {
      failed++;
    }
  }
  int64_t until = time_mono_us() + (int64_t)(seconds * 1e6);
  for (int i = 0; time_mono_us() < until; i = (i + 1) % n) {
    if (fds[i] < 0) continue;
    if (send_all(fds[i], request, (size_t)len) == 0 &&
        read_response(fds[i], buf) == 200)
      requests++;
    else
      failed++;
    usleep(5000);
  }
  int still = 0;
  for (int i = 0; i < n; i++) {
    if (fds[i] < 0) continue;
    /* An open connection the server has not closed: a request succeeds. */
    if (send_all(fds[i], probe, sizeof probe - 1) == 0 &&
        read_response(fds[i], buf) == 200)
      still++;
    close(fds[i]);
  }
  printf("open=%d still_open=%d requests=%lld failed=%lld\n", open, still,
         (long long)requests, (long long)failed);
  free(fds);
  free(buf);
  return 0;
}

int main(int argc, char **argv) {
  if (argc == 8 && strcmp(argv[1], "supports") == 0) return run_supports(argv);
  if (argc == 5 && strcmp(argv[1], "verify") == 0) return run_verify(argv);
  if (argc == 6 && strcmp(argv[1], "idle") == 0) return run_idle(argv);
  if (argc == 5 && strcmp(argv[1], "warm") == 0) return run_warm(argv);
  fprintf(stderr,
          "usage: load_topics supports HOST:PORT TOKENS TARGETS SECONDS "
          "CLIENTS ACKS\n"
          "       load_topics verify DB-URL TOKENS ACKS\n"
          "       load_topics idle HOST:PORT CONNECTIONS SECONDS PATH\n"
          "       load_topics warm HOST:PORT TOKENS CLIENTS\n");
  return 64;
}
