/*
** Static files of the web front end, from the configured folder.
**
** A path names a file under the web root; a path with no file extension that
** names nothing is a front-end route and gets index.html (vue-router's
** history mode). Files under /assets/ carry a content hash in their names,
** so they are cached for a year; everything else is revalidated each time.
** Paths were already decoded and stripped of dot segments by the parser;
** realpath() confirms the file is inside the root all the same.
**
** With no web root configured, a binary built by `make dist` serves the
** copy of web/dist compiled into it (tools/embed.c, paths "web/dist/..."),
** by the same rules: one file is then a whole installation.
*/
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "http/http.h"
#include "util/embedded.h"

#define EMBEDDED_WEB "web/dist/"

static const struct {
  const char *ext;
  const char *type;
} content_types[] = {
    {".html", "text/html; charset=utf-8"},
    {".js", "text/javascript; charset=utf-8"},
    {".mjs", "text/javascript; charset=utf-8"},
    {".css", "text/css; charset=utf-8"},
    {".json", "application/json; charset=utf-8"},
    {".svg", "image/svg+xml"},
    {".png", "image/png"},
    {".jpg", "image/jpeg"},
    {".jpeg", "image/jpeg"},
    {".gif", "image/gif"},
    {".webp", "image/webp"},
    {".ico", "image/x-icon"},
    {".woff", "font/woff"},
    {".woff2", "font/woff2"},
    {".ttf", "font/ttf"},
    {".txt", "text/plain; charset=utf-8"},
    {".map", "application/json; charset=utf-8"},
    {".webmanifest", "application/manifest+json"},
    {".pdf", "application/pdf"},
};

static const char *content_type_for(const char *path) {
  const char *dot = strrchr(path, '.');
  const char *slash = strrchr(path, '/');
  if (dot == NULL || (slash && dot < slash)) return "application/octet-stream";
  for (size_t i = 0; i < sizeof content_types / sizeof content_types[0]; i++)
    if (strcmp(dot, content_types[i].ext) == 0) return content_types[i].type;
  return "application/octet-stream";
}

static int has_extension(const char *path) {
  const char *slash = strrchr(path, '/');
  const char *dot = strrchr(path, '.');
  return dot && (slash == NULL || dot > slash);
}

/* Open root/rel if it is a regular file inside root. Returns fd or -1. */
static int open_inside(struct http_request *req, const char *root,
                       const char *rel, struct stat *st) {
  char real_root[PATH_MAX];
  char real_file[PATH_MAX];
  if (realpath(root, real_root) == NULL) return -1;
  char *joined = arena_printf(req->arena, "%s/%s", real_root, rel);
  if (realpath(joined, real_file) == NULL) return -1;
  size_t root_len = strlen(real_root);
  if (strncmp(real_file, real_root, root_len) != 0 ||
      (real_file[root_len] != '/' && real_file[root_len] != '\0'))
    return -1;
  int fd = open(real_file, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return -1;
  if (fstat(fd, st) != 0 || !S_ISREG(st->st_mode)) {
    close(fd);
    return -1;
  }
  return fd;
}

int http_static_available(void) {
  return http_get_limits()->web_root != NULL ||
         embedded_find(EMBEDDED_WEB "index.html") != NULL;
}

/* The embedded copy of rel, or NULL. Look-up is by exact name, so no path
   can reach outside it. */
static const struct embedded_file *embedded_web(struct http_request *req,
                                                const char *rel) {
  return embedded_find(arena_printf(req->arena, EMBEDDED_WEB "%s", rel));
}

/* Fill res with rel from the web root or, without one, the embedded copy;
   a front-end route (no extension) falls back to index.html. Returns the
   name served (for its content type), or NULL. */
static const char *static_open(struct http_request *req,
                               struct http_response *res, const char *rel) {
  const char *root = http_get_limits()->web_root;
  int route = !has_extension(req->path);
  if (root == NULL) {
    const struct embedded_file *f = embedded_web(req, rel);
    if (f == NULL && route) {
      rel = "index.html";
      f = embedded_web(req, rel);
    }
    if (f == NULL) return NULL;
    res->fixed = f->data;
    res->fixed_size = f->size;
    return rel;
  }
  struct stat st;
  int fd = open_inside(req, root, rel, &st);
  if (fd < 0 && route) {
    rel = "index.html";
    fd = open_inside(req, root, rel, &st);
  }
  if (fd < 0) return NULL;
  res->fd = fd;
  res->fd_size = (uint64_t)st.st_size;
  return rel;
}

/* 1 if some segment of rel starts with a dot: build tools leave such
   files in the web root (.vite/manifest.json), and none is for browsers. */
static int hidden_path(const char *rel) {
  return rel[0] == '.' || strstr(rel, "/.") != NULL;
}

int http_static_serve(struct http_request *req, struct http_response *res) {
  const char *rel = req->path + 1;
  if (hidden_path(rel)) return -1;
  if (*rel == '\0') rel = "index.html";
  rel = static_open(req, res, rel);
  if (rel == NULL) return -1;
  res->status = 200;
  res->content_type = content_type_for(rel);
  if (strncmp(rel, "assets/", 7) == 0)
    http_set_header(res, "Cache-Control", "public, max-age=31536000, immutable");
  else
    http_set_header(res, "Cache-Control", "no-cache");
  http_set_header(res, "X-Content-Type-Options", "nosniff");
  return 0;
}
