/*
** Attachments and QR codes over HTTP: an attachment's bytes with the
** headers that make a browser treat them safely (the stored, sniffed type;
** nosniff, set for every response by the server; Content-Disposition inline
** for images and attachment for PDF, with an RFC 5987 filename* for Chinese
** names), the evidence of one checklist item, and a venue's QR code as SVG,
** encoding the address of the venue's public page.
*/
#include <stdio.h>
#include <string.h>

#include "api/venue_json.h"
#include "report/qr.h"
#include "util/filetype.h"

json_t *attachment_json(const struct attachment *a) {
  char url[64];
  snprintf(url, sizeof url, "/api/v1/attachments/%lld", (long long)a->id);
  return json_pack("{s:I,s:s,s:s,s:s,s:I,s:s,s:I,s:s}", "id", (json_int_t)a->id,
                   "item", a->slot, "filename", a->filename, "content_type",
                   a->content_type, "size", (json_int_t)a->size, "sha256",
                   a->sha256, "created_at", (json_int_t)a->created_at, "url",
                   url);
}

/* Content-Disposition: an ASCII fallback name (anything else becomes _)
   and the UTF-8 name percent-encoded (RFC 5987 / RFC 6266). */
static const char *content_disposition(struct arena *arena, int inline_,
                                       const char *filename) {
  struct buf b;
  buf_init(&b, 4096);
  buf_puts(&b, inline_ ? "inline; filename=\"" : "attachment; filename=\"");
  for (const unsigned char *p = (const unsigned char *)filename; *p; p++)
    buf_putc(&b, *p >= 0x20 && *p < 0x7F && *p != '"' && *p != '\\' ? (char)*p
                                                                    : '_');
  buf_puts(&b, "\"; filename*=UTF-8''");
  for (const unsigned char *p = (const unsigned char *)filename; *p; p++) {
    if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
        (*p >= '0' && *p <= '9') || strchr("!#$&+-.^_`|~", *p))
      buf_putc(&b, (char)*p);
    else
      buf_printf(&b, "%%%02X", *p);
  }
  const char *out = arena_strdup(arena, buf_str(&b));
  buf_free(&b);
  return out;
}

/* Attachments are public when their owner is: venue evidence is; a
   topic's files are shown to whoever may read the topic. */
static int attachment_visible(struct http_request *req, struct store_conn *c,
                              const struct attachment *a) {
  if (a->deleted_at) return 0;
  if (strcmp(a->owner_type, "topic") == 0)
    return api_topic_attachment_readable(req, c, a->owner_id);
  return strcmp(a->owner_type, "venue") == 0;
}

void api_attachment_get(struct http_request *req, struct http_response *res) {
  struct app *app = req->app;
  struct err e = {0};
  struct attachment a;
  struct buf data;
  int64_t id;
  if (api_path_id(req, 0, &id, &e) != 0) {
    http_reply_error(req, res, &e);
    return;
  }
  buf_init(&data, ATTACHMENT_MAX_BYTES);
  api_roles(req); /* resolve the session before borrowing a connection */
  struct store_conn *c = store_acquire(app->store);
  int rc = attachment_get(c, id, &a, &e);
  if (rc == 0 && !attachment_visible(req, c, &a))
    rc = err_set(&e, ERR_ATTACHMENT_NOT_FOUND, "%lld", (long long)id);
  if (rc == 0) rc = attachment_read(c, id, &data, &e);
  store_release(c);
  if (rc != 0) {
    buf_free(&data);
    http_reply_error(req, res, &e);
    return;
  }
  enum filetype t = filetype_sniff(data.data, data.len);
  http_reply_text(res, 200, arena_strdup(req->arena, a.content_type),
                  data.data ? data.data : "", data.len);
  buf_free(&data);
  http_set_header(
      res, "Content-Disposition",
      content_disposition(req->arena, filetype_is_image(t), a.filename));
  /* A topic's files may be private: no shared cache keeps them. */
  http_set_header(res, "Cache-Control",
                  strcmp(a.owner_type, "topic") == 0 ? "private, max-age=3600"
                                                     : "public, max-age=3600");
  http_set_header(res, "ETag", arena_printf(req->arena, "\"%s\"", a.sha256));
  http_set_header(res, "Content-Security-Policy", "default-src 'none'");
}

struct evidence_ctx {
  const char *slot;
  json_t *items;
};

static void evidence_add(const struct attachment *a, void *ctx) {
  struct evidence_ctx *x = ctx;
  if (strcmp(a->slot, x->slot) == 0)
    json_array_append_new(x->items, attachment_json(a));
}

void api_venue_evidence_list(struct http_request *req,
                             struct http_response *res) {
  struct app *app = req->app;
  struct err e = {0};
  struct venue v;
  int64_t id;
  int item = venue_item_parse(req->params[1]);
  if (api_path_id(req, 0, &id, &e) != 0 ||
      (item < 0 &&
       err_set(&e, ERR_CHECKLIST_ITEM, "%.40s", req->params[1]) != 0)) {
    http_reply_error(req, res, &e);
    return;
  }
  struct evidence_ctx x = {venue_item_name((enum venue_item)item),
                           json_array()};
  struct store_conn *c = store_acquire(app->store);
  int rc = venue_get(c, id, &v, &e);
  if (rc == 0) rc = attachment_list(c, "venue", id, evidence_add, &x, &e);
  store_release(c);
  if (rc != 0) {
    json_decref(x.items);
    http_reply_error(req, res, &e);
    return;
  }
  http_reply_json(res, 200, json_pack("{s:o}", "items", x.items));
}

/* 1 if a Host header is a plain host name or address with a port. */
static int host_ok(const char *host) {
  size_t n = host ? strlen(host) : 0;
  if (n == 0 || n > 255) return 0;
  for (const char *p = host; *p; p++)
    if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
          (*p >= '0' && *p <= '9') || strchr(".-:[]", *p)))
      return 0;
  return 1;
}

/* The address of a venue's public page: the configured public URL, or the
   scheme and Host the request came with. */
static const char *venue_public_url(struct http_request *req, int64_t id,
                                    struct err *e) {
  struct app *app = req->app;
  if (app->public_url && app->public_url[0]) {
    size_t n = strlen(app->public_url);
    while (n > 0 && app->public_url[n - 1] == '/') n--;
    return arena_printf(req->arena, "%.*s/venues/%lld", (int)n, app->public_url,
                        (long long)id);
  }
  const char *host = http_header(req, "Host");
  const char *proto = http_header(req, "X-Forwarded-Proto");
  if (!host_ok(host)) {
    err_set(e, ERR_BAD_REQUEST, "Host");
    return NULL;
  }
  return arena_printf(req->arena, "%s://%s/venues/%lld",
                      proto && strcmp(proto, "https") == 0 ? "https" : "http",
                      host, (long long)id);
}

void api_venue_qr(struct http_request *req, struct http_response *res) {
  struct app *app = req->app;
  struct err e = {0};
  struct venue v;
  int64_t id;
  if (api_path_id(req, 0, &id, &e) != 0) {
    http_reply_error(req, res, &e);
    return;
  }
  struct store_conn *c = store_acquire(app->store);
  int rc = venue_get(c, id, &v, &e);
  store_release(c);
  const char *url = rc == 0 ? venue_public_url(req, id, &e) : NULL;
  struct buf svg;
  buf_init(&svg, 1 << 20);
  if (url == NULL || qr_svg(url, &svg, NULL, &e) != 0) {
    buf_free(&svg);
    http_reply_error(req, res, &e);
    return;
  }
  http_reply_text(res, 200, "image/svg+xml", svg.data, svg.len);
  buf_free(&svg);
  http_set_header(res, "Cache-Control", "public, max-age=300");
  http_set_header(res, "X-Venue-Url", url);
}
