/*
** Building responses: JSON, text, headers and the one error body shape
** {"error":{"code":"...","message":"..."}}, in the caller's language.
*/
#include <string.h>

#include "http/http.h"

void http_set_header(struct http_response *res, const char *name,
                     const char *value) {
  for (int i = 0; i < res->nheaders; i++) {
    if (strcmp(res->headers[i].name, name) == 0) {
      res->headers[i].value = value;
      return;
    }
  }
  if (res->nheaders < HTTP_MAX_HEADERS) {
    res->headers[res->nheaders].name = name;
    res->headers[res->nheaders].value = value;
    res->nheaders++;
  }
}

void http_reply_text(struct http_response *res, int status,
                     const char *content_type, const char *text, size_t len) {
  res->status = status;
  res->content_type = content_type;
  buf_reset(&res->body);
  if (buf_append(&res->body, text, len) != 0) {
    res->status = 500;
    buf_reset(&res->body);
  }
}

static int dump_to_buf(const char *chunk, size_t size, void *data) {
  return buf_append(data, chunk, size);
}

void http_reply_json(struct http_response *res, int status, json_t *body) {
  res->status = status;
  res->content_type = "application/json; charset=utf-8";
  buf_reset(&res->body);
  if (json_dump_callback(body, dump_to_buf, &res->body,
                         JSON_COMPACT | JSON_REAL_PRECISION(15)) != 0) {
    res->status = 500;
    buf_reset(&res->body);
    buf_puts(&res->body,
             "{\"error\":{\"code\":\"internal\",\"message\":\"response\"}}");
  }
  json_decref(body);
}

void http_reply_error(struct http_request *req, struct http_response *res,
                      const struct err *e) {
  char message[512];
  err_message(e, req ? req->lang : LANG_ZH, message, sizeof message);
  json_t *body = json_pack("{s:{s:s,s:s}}", "error", "code", err_code(e),
                           "message", message);
  http_reply_json(res, err_status(e), body);
}
