/*
** Sessions: log in, who am I, log out.
*/
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "api/api_internal.h"
#include "domain/account.h"
#include "util/json.h"

json_t *api_session_json(const struct session *s) {
  return json_pack("{s:{s:I,s:s,s:s,s:b},s:s,s:I}", "user", "id",
                   (json_int_t)s->user_id, "name", s->name, "phone", s->phone,
                   "is_admin", s->is_admin, "csrf_token", s->csrf,
                   "expires_at", (json_int_t)s->expires_at);
}

/* Secure cookies when the request came over TLS (directly or through a
   proxy that says so). */
static int request_is_tls(struct http_request *req) {
  const char *proto = http_header(req, "X-Forwarded-Proto");
  return proto && strcasecmp(proto, "https") == 0;
}

static void set_session_cookie(struct http_request *req,
                               struct http_response *res, const char *token,
                               long max_age) {
  http_set_header(
      res, "Set-Cookie",
      arena_printf(req->arena, "%s=%s; Path=/; Max-Age=%ld; HttpOnly; "
                               "SameSite=Lax%s",
                   SESSION_COOKIE, token, max_age,
                   request_is_tls(req) ? "; Secure" : ""));
}

void api_session_login(struct http_request *req, struct http_response *res) {
  struct app *app = req->app;
  struct err e = {0};
  const char *phone, *password;
  if (json_get_string(req->json, "phone", 1, &phone, &e) != 0 ||
      json_get_string(req->json, "password", 1, &password, &e) != 0) {
    http_reply_error(req, res, &e);
    return;
  }
  struct session s;
  char token[SESSION_TOKEN_CHARS + 1];
  struct store_conn *c = store_acquire(app->store);
  int rc = session_login(c, phone, password, req->client_addr, &s, token, &e);
  store_release(c);
  if (rc != 0) {
    http_reply_error(req, res, &e);
    return;
  }
  set_session_cookie(req, res, token, SESSION_LIFETIME_MS / 1000);
  http_reply_json(res, 201, api_session_json(&s));
}

void api_session_get(struct http_request *req, struct http_response *res) {
  json_t *body = api_session_json(api_principal(req));
  json_object_set_new(body, "roles", api_roles_json(api_roles(req)));
  http_reply_json(res, 200, body);
}

void api_session_logout(struct http_request *req, struct http_response *res) {
  struct app *app = req->app;
  struct err e = {0};
  struct store_conn *c = store_acquire(app->store);
  int rc = session_logout(c, api_principal(req)->id, &e);
  store_release(c);
  if (rc != 0) {
    http_reply_error(req, res, &e);
    return;
  }
  set_session_cookie(req, res, "", 0);
  res->status = 204;
}
