/*
** Member import: POST /api/v1/members/import?unit=<id>&dry_run=1|0 with a
** CSV file as the body. The unit is where the CPPCC committee sits; the
** caller needs member.import there. A malformed file is a 400 and nothing
** is imported; if any row has an error the answer is 422 with the report of
** every row and nothing is imported; otherwise every row is imported in one
** transaction (or, with dry_run=1, only reported), with one audit row.
*/
#include <stdio.h>
#include <string.h>

#include "api/api_internal.h"
#include "domain/member_import.h"
#include "domain/org.h"

struct import_work {
  struct http_request *req;
  int64_t unit_id;
  int dry_run;
  struct import_plan *plan;
  struct body committee;
};

/* The audit summary: counts only, no names or phone numbers. */
static json_t *import_summary(const struct import_work *w) {
  return json_pack("{s:I,s:s,s:I,s:I,s:I}", "committee_id",
                   (json_int_t)w->committee.id, "committee", w->committee.name,
                   "rows", (json_int_t)w->plan->nrows, "created",
                   (json_int_t)w->plan->created, "updated",
                   (json_int_t)w->plan->updated);
}

/* Check, import (unless a dry run) and audit inside the transaction. A
   plan with errors stops here with ERR_IMPORT_ROWS, so that nothing is
   kept. */
static int import_work_run(struct store_conn *c, void *ctx, struct err *e) {
  struct import_work *w = ctx;
  const struct role_grant *via;
  struct unit at;
  struct import_body *bodies;
  size_t nbodies;
  if (unit_get(c, w->unit_id, &at, e) != 0 ||
      api_permit(w->req, ACTION_MEMBER_IMPORT, at.path, PERMISSION_STATE_NONE,
                 &via, e) != 0 ||
      body_committee_at(c, at.id, &w->committee, e) != 0 ||
      import_bodies_load(c, w->req->arena, w->committee.id, &bodies, &nbodies,
                         e) != 0)
    return -1;
  import_check(w->plan, w->committee.id, bodies, nbodies);
  if (import_apply(c, w->plan, w->committee.unit_id,
                   !w->dry_run && w->plan->errors == 0,
                   api_principal(w->req)->user_id, e) != 0)
    return -1;
  if (w->plan->errors)
    return err_set(e, ERR_IMPORT_ROWS, "%zu", w->plan->errors);
  if (w->dry_run) return 0;
  json_t *after = import_summary(w);
  int rc = api_audit(w->req, c, via, ACTION_MEMBER_IMPORT, at.id,
                     "member_import", w->committee.id, NULL, after, e);
  json_decref(after);
  return rc;
}

/* The report of every row, in the caller's language. */
static json_t *import_report(struct http_request *req,
                             const struct import_work *w) {
  const struct import_plan *p = w->plan;
  json_t *rows = json_array(), *unknown = json_array();
  for (size_t i = 0; i < p->nrows; i++) {
    const struct import_row *r = &p->rows[i];
    json_t *j = json_pack(
        "{s:i,s:s,s:s,s:s,s:s,s:s,s:s}", "row", r->line, "status",
        import_status_name(r->status), "name", r->field[IMPORT_COL_NAME],
        "phone", r->field[IMPORT_COL_PHONE], "sector",
        r->field[IMPORT_COL_SECTOR], "special_committee",
        r->field[IMPORT_COL_SPECIAL], "group", r->field[IMPORT_COL_GROUP]);
    if (r->status == IMPORT_ERROR) {
      char msg[512];
      err_message(&r->error, req->lang, msg, sizeof msg);
      json_object_set_new(
          j, "error",
          json_pack("{s:s,s:s}", "code", err_code(&r->error), "message", msg));
    }
    json_array_append_new(rows, j);
  }
  for (size_t i = 0; i < p->nunknown; i++)
    json_array_append_new(unknown, json_string(p->unknown[i]));
  json_t *committee = w->committee.id ? json_pack("{s:I,s:s}", "id",
                                                  (json_int_t)w->committee.id,
                                                  "name", w->committee.name)
                                      : json_null();
  return json_pack("{s:b,s:o,s:I,s:I,s:I,s:I,s:o,s:o}", "dry_run", w->dry_run,
                   "committee", committee, "total", (json_int_t)p->nrows, "new",
                   (json_int_t)p->created, "existing", (json_int_t)p->updated,
                   "errors", (json_int_t)p->errors, "unknown_columns", unknown,
                   "rows", rows);
}

void api_members_import(struct http_request *req, struct http_response *res) {
  struct app *app = req->app;
  struct err e = {0};
  struct import_plan plan;
  struct import_work w = {0};
  w.req = req;
  w.plan = &plan;
  if (api_query_int(req, "unit", 0, 1, INT64_MAX, &w.unit_id, &e) != 0 ||
      api_query_flag(req, "dry_run", &w.dry_run, &e) != 0) {
    http_reply_error(req, res, &e);
    return;
  }
  if (w.unit_id == 0) {
    err_set(&e, ERR_FIELD_REQUIRED, "unit");
    http_reply_error(req, res, &e);
    return;
  }
  if (import_read(req->arena, req->body.data ? req->body.data : "",
                  req->body.len, &plan, &e) != 0) {
    http_reply_error(req, res, &e);
    return;
  }
  if (store_transact(app->store, import_work_run, &w, &e) != 0 &&
      e.kind != ERR_IMPORT_ROWS) {
    http_reply_error(req, res, &e);
    return;
  }
  json_t *body = json_pack("{s:o}", "report", import_report(req, &w));
  if (e.kind == ERR_IMPORT_ROWS) {
    char msg[512];
    err_message(&e, req->lang, msg, sizeof msg);
    json_object_set_new(
        body, "error",
        json_pack("{s:s,s:s}", "code", err_code(&e), "message", msg));
    http_reply_json(res, 422, body);
    return;
  }
  http_reply_json(res, w.dry_run ? 200 : 201, body);
}
