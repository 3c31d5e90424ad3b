/*
** Figures 统计 over HTTP: the topics of a unit and period (figures.read),
** counted by the database (domain/figures.c).
*/
#include "api/api_internal.h"
#include "api/unit_scope.h"
#include "domain/figures.h"

void api_figures_topics(struct http_request *req, struct http_response *res) {
  struct app *app = req->app;
  struct err e = {0};
  struct unit u;
  int64_t from, to;
  json_t *j = NULL;
  api_roles(req); /* loaded before a connection is held */
  struct store_conn *c = store_acquire(app->store);
  if (api_unit_scope(req, c, ACTION_FIGURES_READ, &u, &from, &to, &e) == 0)
    j = figures_topics(c, u.id, u.path, from, to, &e);
  store_release(c);
  if (j == NULL) {
    http_reply_error(req, res, &e);
    return;
  }
  json_object_set_new(j, "unit_id", u.id ? json_integer(u.id) : json_null());
  json_object_set_new(j, "unit_name", json_string(u.name));
  json_object_set_new(j, "from", json_integer(from));
  json_object_set_new(j, "to",
                      to == INT64_MAX ? json_null() : json_integer(to));
  http_reply_json(res, 200, j);
}
