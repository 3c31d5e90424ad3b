/*
** Venues on SQLite and PostgreSQL: where a venue may belong, its 六有
** checklist, retiring, the roll-out check on a small county; attachments
** stored and read back byte for byte; the content sniffer; QR codes as SVG.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "domain/attachment.h"
#include "domain/unit.h"
#include "domain/venue.h"
#include "report/qr.h"
#include "store/db.h"
#include "testdb.h"
#include "util/filetype.h"

struct fixture {
  enum store_backend backend;
  struct store *store;
  struct store_conn *conn;
  char *url;
  struct unit province, county, seat, town, village;
};

static void make_unit(struct fixture *f, const struct unit *parent,
                      enum unit_kind kind, const char *name, struct unit *out) {
  struct err e = {0};
  assert_int_equal(
      unit_create(f->conn, parent ? parent->id : 0, kind, name, out, &e), 0);
}

static int setup(void **state, enum store_backend b) {
  struct fixture *f = calloc(1, sizeof *f);
  struct unit city;
  f->backend = b;
  f->store = testdb_open_migrated(b, &f->url);
  f->conn = store_acquire(f->store);
  make_unit(f, NULL, UNIT_PROVINCE, "省", &f->province);
  make_unit(f, &f->province, UNIT_CITY, "市", &city);
  make_unit(f, &city, UNIT_COUNTY, "县", &f->county);
  make_unit(f, &f->county, UNIT_TOWNSHIP, "城关街道", &f->seat);
  make_unit(f, &f->county, UNIT_TOWNSHIP, "山镇", &f->town);
  make_unit(f, &f->seat, UNIT_VILLAGE, "府前社区", &f->village);
  *state = f;
  return 0;
}

static int setup_sqlite(void **state) { return setup(state, STORE_SQLITE); }
static int setup_postgres(void **state) { return setup(state, STORE_POSTGRES); }

static int teardown(void **state) {
  struct fixture *f = *state;
  store_release(f->conn);
  store_close(f->store);
  testdb_drop(f->backend, f->url);
  free(f);
  return 0;
}

static int64_t add_venue(struct fixture *f, int64_t unit_id, const char *name,
                         int pilot) {
  struct err e = {0};
  struct venue_input in = {unit_id, name, "有事来协商", "某路1号", 0,
                           {{"", ""}}, pilot};
  int64_t id = 0;
  assert_int_equal(venue_create(f->conn, &in, &id, &e), 0);
  return id;
}

/* Bytes that start like the named kind. */
static const unsigned char png_bytes[] = {0x89, 'P', 'N', 'G', '\r', '\n',
                                          0x1A, '\n', 0,    0,   0,    13};
static const unsigned char jpeg_bytes[] = {0xFF, 0xD8, 0xFF, 0xE0, 0, 16};

static void sniffing_reads_magic_bytes(void **state) {
  struct err e = {0};
  (void)state;
  assert_int_equal(filetype_sniff(png_bytes, sizeof png_bytes), FILETYPE_PNG);
  assert_int_equal(filetype_sniff(jpeg_bytes, sizeof jpeg_bytes),
                   FILETYPE_JPEG);
  assert_int_equal(filetype_sniff("%PDF-1.7\n", 9), FILETYPE_PDF);
  assert_int_equal(filetype_sniff("RIFF\0\0\0\0WEBPVP8 ", 16), FILETYPE_WEBP);
  assert_int_equal(filetype_sniff("RIFF\0\0\0\0WAVE", 12), FILETYPE_UNKNOWN);
  assert_int_equal(filetype_sniff("<svg>", 5), FILETYPE_UNKNOWN);
  assert_int_equal(filetype_sniff(png_bytes, 4), FILETYPE_UNKNOWN);
  assert_int_equal(filetype_sniff(NULL, 0), FILETYPE_UNKNOWN);

  assert_int_equal(filetype_check_upload(png_bytes, sizeof png_bytes,
                                         "image/png", "门牌.PNG", &e),
                   FILETYPE_PNG);
  assert_int_equal(filetype_check_upload(jpeg_bytes, sizeof jpeg_bytes,
                                         "image/jpeg; x=1", "a.jpeg", &e),
                   FILETYPE_JPEG);
  /* The content is a PNG but the sender says JPEG. */
  assert_int_equal(filetype_check_upload(png_bytes, sizeof png_bytes,
                                         "image/jpeg", "a.jpg", &e),
                   -1);
  assert_int_equal(e.kind, ERR_ATTACHMENT_TYPE);
  /* An HTML page called a PNG. */
  assert_int_equal(filetype_check_upload("<html>", 6, "image/png", "a.png",
                                         &e),
                   -1);
  assert_int_equal(e.kind, ERR_ATTACHMENT_TYPE);
  /* The right type with the wrong extension, or a path in the name. */
  assert_int_equal(filetype_check_upload(png_bytes, sizeof png_bytes,
                                         "image/png", "a.pdf", &e),
                   -1);
  assert_int_equal(e.kind, ERR_ATTACHMENT_NAME);
  assert_int_equal(filetype_check_upload(png_bytes, sizeof png_bytes,
                                         "image/png", "../a.png", &e),
                   -1);
  assert_int_equal(e.kind, ERR_ATTACHMENT_NAME);
  assert_int_equal(filetype_name_check("", &e), -1);
  assert_int_equal(filetype_name_check("a\nb.png", &e), -1);
}

/* Count occurrences of needle in hay. */
static int count(const char *hay, const char *needle) {
  int n = 0;
  for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle)) n++;
  return n;
}

static void qr_codes_are_sized_quiet_and_deterministic(void **state) {
  struct err e = {0};
  struct qr_info a, b;
  struct buf one, two, other, big;
  (void)state;
  buf_init(&one, 1 << 20);
  buf_init(&two, 1 << 20);
  buf_init(&other, 1 << 20);
  buf_init(&big, 1 << 20);
  assert_int_equal(qr_svg("https://x.example/venues/1", &one, &a, &e), 0);
  assert_int_equal(qr_svg("https://x.example/venues/1", &two, &b, &e), 0);
  /* 26 bytes at level M fit version 2: 25 modules a side. */
  assert_int_equal(a.version, 2);
  assert_int_equal(a.modules, 17 + 4 * a.version);
  assert_string_equal(buf_str(&one), buf_str(&two));
  /* The view box adds a quiet zone of 4 modules on each side, and the
     first dark run (the finder pattern) starts inside it. */
  char viewbox[64];
  snprintf(viewbox, sizeof viewbox, "viewBox=\"0 0 %d %d\"",
           a.modules + 2 * QR_QUIET_ZONE, a.modules + 2 * QR_QUIET_ZONE);
  assert_non_null(strstr(buf_str(&one), viewbox));
  assert_non_null(strstr(buf_str(&one), "d=\"M4 4h7v1h-7z"));
  /* Well formed: one svg element, closed, one path. */
  assert_int_equal(strncmp(buf_str(&one), "<svg xmlns=", 11), 0);
  assert_non_null(strstr(buf_str(&one), "</svg>\n"));
  assert_int_equal(count(buf_str(&one), "<svg"), 1);
  assert_int_equal(count(buf_str(&one), "<path"), 1);
  assert_int_equal(count(buf_str(&one), "\""), 2 * 10);
  assert_int_equal(qr_svg("https://x.example/venues/2", &other, NULL, &e), 0);
  assert_string_not_equal(buf_str(&one), buf_str(&other));
  /* A longer text needs a larger version. */
  char url[300];
  memset(url, 'a', sizeof url - 1);
  url[sizeof url - 1] = '\0';
  assert_int_equal(qr_svg(url, &big, &b, &e), 0);
  assert_true(b.version > a.version);
  assert_int_equal(qr_svg("", &big, NULL, &e), -1);
  assert_int_equal(e.kind, ERR_QR_FAILED);
  buf_free(&one);
  buf_free(&two);
  buf_free(&other);
  buf_free(&big);
}

static void items_and_unit_kinds(void **state) {
  (void)state;
  assert_int_equal(venue_item_parse("premises"), VENUE_ITEM_PREMISES);
  assert_int_equal(venue_item_parse("nonsense"), -1);
  assert_string_equal(venue_item_label(VENUE_ITEM_SIGNAGE), "有标识");
  for (int i = 0; i < VENUE_ITEM_COUNT; i++)
    assert_int_equal(venue_item_parse(venue_item_name((enum venue_item)i)), i);
  assert_false(venue_unit_kind_ok(UNIT_PROVINCE));
  assert_false(venue_unit_kind_ok(UNIT_CITY));
  assert_false(venue_unit_kind_ok(UNIT_COUNTY));
  assert_true(venue_unit_kind_ok(UNIT_TOWNSHIP));
  assert_true(venue_unit_kind_ok(UNIT_VILLAGE));
  assert_true(venue_unit_kind_ok(UNIT_ENTERPRISE));
}

static void venues_keep_rules_checklist_and_history(void **state) {
  struct fixture *f = *state;
  struct err e = {0};
  struct venue v;
  struct venue_input in = {f->county.id, "县议事室", "有事来协商", "县府路",
                           0, {{"", ""}}, 0};
  int64_t id;
  assert_int_equal(venue_create(f->conn, &in, &id, &e), -1);
  assert_int_equal(e.kind, ERR_VENUE_UNIT_KIND);
  in.unit_id = f->village.id;
  in.name = "   ";
  assert_int_equal(venue_create(f->conn, &in, &id, &e), -1);
  assert_int_equal(e.kind, ERR_FIELD_REQUIRED);
  in.name = "府前社区协商议事室";
  assert_int_equal(venue_contact_set(&in.contacts[0], "张三", "138 1234 5678",
                                     &e),
                   0);
  assert_string_equal(in.contacts[0].phone, "13812345678");
  assert_int_equal(venue_contact_set(&in.contacts[1], "李四", "12345", &e),
                   -1);
  assert_int_equal(e.kind, ERR_PHONE_INVALID);
  in.ncontacts = 1;
  assert_int_equal(venue_create(f->conn, &in, &id, &e), 0);
  assert_int_equal(venue_check_set(f->conn, id, VENUE_ITEM_PREMISES, 1,
                                   "两间会议室", 0, &e),
                   0);
  assert_int_equal(venue_check_set(f->conn, id, VENUE_ITEM_RULES, 1, NULL, 0,
                                   &e),
                   0);
  assert_int_equal(venue_check_set(f->conn, id, VENUE_ITEM_RULES, 0, "修订中",
                                   0, &e),
                   0);
  assert_int_equal(venue_get(f->conn, id, &v, &e), 0);
  assert_int_equal(v.items_met, 1);
  assert_true(v.checks[VENUE_ITEM_PREMISES].met);
  assert_string_equal(v.checks[VENUE_ITEM_PREMISES].note, "两间会议室");
  assert_false(v.checks[VENUE_ITEM_RULES].met);
  assert_string_equal(v.checks[VENUE_ITEM_RULES].note, "修订中");
  assert_int_equal(v.ncontacts, 1);
  assert_string_equal(v.contacts[0].name, "张三");
  /* An update keeps what it does not name. */
  struct venue_input up = {0, NULL, NULL, "新址", -1, {{"", ""}}, 1};
  assert_int_equal(venue_update(f->conn, id, &up, &e), 0);
  assert_int_equal(venue_get(f->conn, id, &v, &e), 0);
  assert_string_equal(v.address, "新址");
  assert_string_equal(v.name, "府前社区协商议事室");
  assert_true(v.is_pilot);
  assert_int_equal(v.ncontacts, 1);
  /* Retired: kept, and no longer changed. */
  assert_int_equal(venue_retire(f->conn, id, &e), 0);
  assert_int_equal(venue_get(f->conn, id, &v, &e), 0);
  assert_true(v.retired_at > 0);
  assert_int_equal(venue_update(f->conn, id, &up, &e), -1);
  assert_int_equal(e.kind, ERR_VENUE_RETIRED);
  assert_int_equal(venue_check_set(f->conn, id, VENUE_ITEM_SIGNAGE, 1, NULL,
                                   0, &e),
                   -1);
  assert_int_equal(e.kind, ERR_VENUE_RETIRED);
  assert_int_equal(venue_get(f->conn, 99999, &v, &e), -1);
  assert_int_equal(e.kind, ERR_VENUE_NOT_FOUND);
}

static void collect(const struct rollout_county *r, void *ctx) {
  memcpy(ctx, r, sizeof *r);
}

static void rollout_needs_two_pilots_one_at_the_seat(void **state) {
  struct fixture *f = *state;
  struct err e = {0};
  struct rollout_county r;
  add_venue(f, f->town.id, "山镇议事室", 1);
  assert_int_equal(venue_rollout(f->conn, f->county.id, collect, &r, &e), 0);
  assert_false(r.pass);
  assert_true(r.reasons & (1u << ROLLOUT_FEW_PILOTS));
  assert_true(r.reasons & (1u << ROLLOUT_NO_SEAT));
  assert_int_equal(unit_set_seat(f->conn, f->seat.id, 1, &e), 0);
  add_venue(f, f->village.id, "府前社区议事室", 0);
  assert_int_equal(venue_rollout(f->conn, f->county.id, collect, &r, &e), 0);
  assert_int_equal(r.venues, 2);
  assert_int_equal(r.pilots, 1);
  assert_true(r.reasons & (1u << ROLLOUT_NO_SEAT_PILOT));
  assert_false(r.reasons & (1u << ROLLOUT_NO_SEAT));
  /* A pilot in a community of the seat street counts as in the street. */
  add_venue(f, f->village.id, "府前社区试点", 1);
  assert_int_equal(venue_rollout(f->conn, f->province.id, collect, &r, &e), 0);
  assert_true(r.pass);
  assert_int_equal(r.reasons, 0);
  assert_int_equal(r.seat_pilots, 1);
  assert_int_equal(r.compliant, 0);
  /* Below a county there is nothing to check; only townships are seats. */
  assert_int_equal(venue_rollout(f->conn, f->town.id, collect, &r, &e), -1);
  assert_int_equal(e.kind, ERR_FIELD_INVALID);
  assert_int_equal(unit_set_seat(f->conn, f->village.id, 1, &e), -1);
  assert_int_equal(e.kind, ERR_UNIT_KIND);
}

static void attachments_round_trip(void **state) {
  struct fixture *f = *state;
  struct err e = {0};
  struct attachment a, b;
  struct buf out;
  unsigned char pdf[3000];
  memcpy(pdf, "%PDF-1.4\n", 9);
  for (size_t i = 9; i < sizeof pdf; i++) pdf[i] = (unsigned char)(i * 7);
  int64_t venue = add_venue(f, f->town.id, "山镇议事室", 0);
  struct attachment_new n = {"venue", venue, "rules", "制度.pdf",
                             "application/pdf", pdf, sizeof pdf, 0};
  assert_int_equal(attachment_add(f->conn, &n, &a, &e), 0);
  assert_string_equal(a.content_type, "application/pdf");
  assert_int_equal(a.size, sizeof pdf);
  assert_int_equal(strlen(a.sha256), 64);
  buf_init(&out, ATTACHMENT_MAX_BYTES);
  assert_int_equal(attachment_read(f->conn, a.id, &out, &e), 0);
  assert_int_equal(out.len, sizeof pdf);
  assert_memory_equal(out.data, pdf, sizeof pdf);
  buf_free(&out);
  n.content_type = "image/png";
  assert_int_equal(attachment_add(f->conn, &n, &b, &e), -1);
  assert_int_equal(e.kind, ERR_ATTACHMENT_TYPE);
  n.size = 0;
  assert_int_equal(attachment_add(f->conn, &n, &b, &e), -1);
  assert_int_equal(e.kind, ERR_ATTACHMENT_EMPTY);
  n.size = ATTACHMENT_MAX_BYTES + 1;
  assert_int_equal(attachment_add(f->conn, &n, &b, &e), -1);
  assert_int_equal(e.kind, ERR_ATTACHMENT_TOO_LARGE);
  assert_int_equal(attachment_remove(f->conn, a.id, &e), 0);
  assert_int_equal(attachment_get(f->conn, a.id, &b, &e), 0);
  assert_true(b.deleted_at > 0);
  assert_int_equal(attachment_remove(f->conn, a.id, &e), -1);
  assert_int_equal(e.kind, ERR_ATTACHMENT_NOT_FOUND);
}

#define VENUE_TESTS(setup_fn)                                               \
  {                                                                         \
    cmocka_unit_test_setup_teardown(venues_keep_rules_checklist_and_history,\
                                    setup_fn, teardown),                    \
    cmocka_unit_test_setup_teardown(                                        \
        rollout_needs_two_pilots_one_at_the_seat, setup_fn, teardown),      \
    cmocka_unit_test_setup_teardown(attachments_round_trip, setup_fn,       \
                                    teardown),                              \
  }

int main(void) {
  int failures = 0;
  const struct CMUnitTest pure[] = {
      cmocka_unit_test(sniffing_reads_magic_bytes),
      cmocka_unit_test(qr_codes_are_sized_quiet_and_deterministic),
      cmocka_unit_test(items_and_unit_kinds),
  };
  failures += cmocka_run_group_tests_name("venue/pure", pure, NULL, NULL);
  const struct CMUnitTest sqlite_tests[] = VENUE_TESTS(setup_sqlite);
  failures += cmocka_run_group_tests_name("venue/sqlite", sqlite_tests, NULL,
                                          NULL);
  if (testdb_available(STORE_POSTGRES)) {
    const struct CMUnitTest pg_tests[] = VENUE_TESTS(setup_postgres);
    failures += cmocka_run_group_tests_name("venue/postgres", pg_tests, NULL,
                                            NULL);
  }
  return failures;
}
