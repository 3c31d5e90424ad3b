/*
** CSV decoding and parsing. See csv.h.
*/
#include "util/csv.h"

#include <csv.h>
#include <errno.h>
#include <iconv.h>
#include <string.h>

#include "util/utf8.h"

int csv_text_decode(struct arena *a, const char *data, size_t len, char **out,
                    size_t *out_len, struct err *e) {
  static const char bom[] = "\xEF\xBB\xBF";
  if (len >= 3 && memcmp(data, bom, 3) == 0) {
    data += 3;
    len -= 3;
  }
  if (memchr(data, '\0', len) != NULL)
    return err_set(e, ERR_IMPORT_ENCODING, NULL);
  if (utf8_valid(data, len)) {
    *out = arena_strndup(a, data, len);
    *out_len = len;
    return 0;
  }
  /* GB18030 takes at most 4 bytes for what UTF-8 writes in 4, and 2 for 3. */
  size_t room = 2 * len + 4;
  char *buf = arena_alloc(a, room);
  iconv_t cd = iconv_open("UTF-8", "GB18030");
  if (cd == (iconv_t)-1) return err_set(e, ERR_IMPORT_ENCODING, NULL);
  char *in = (char *)data, *to = buf;
  size_t in_left = len, out_left = room - 1;
  size_t n = iconv(cd, &in, &in_left, &to, &out_left);
  iconv_close(cd);
  if (n == (size_t)-1 || in_left != 0)
    return err_set(e, ERR_IMPORT_ENCODING, NULL);
  *to = '\0';
  *out_len = (size_t)(to - buf);
  /* A byte-order mark written in GB18030 becomes U+FEFF. */
  if (*out_len >= 3 && memcmp(buf, bom, 3) == 0) {
    buf += 3;
    *out_len -= 3;
  }
  if (memchr(buf, '\0', *out_len) != NULL || !utf8_valid(buf, *out_len))
    return err_set(e, ERR_IMPORT_ENCODING, NULL);
  *out = buf;
  return 0;
}

/* The parser's state, shared by libcsv's two callbacks. */
struct csv_state {
  struct arena *arena;
  struct csv_table *table;
  size_t cap; /* rows allocated */
  size_t max_rows;
  const char *fields[CSV_MAX_COLUMNS];
  int nfields;
  int line;      /* line the current row starts on */
  int next_line; /* counted from the newlines consumed */
  int failed;    /* 1: too many rows; 2: malformed */
};

/* Copy s with spaces (and full-width spaces) trimmed from both ends. */
static const char *field_trimmed(struct arena *a, const char *s, size_t len) {
  while (len > 0 && (s[0] == ' ' || s[0] == '\t')) {
    s++;
    len--;
  }
  while (len >= 3 && memcmp(s, "\xE3\x80\x80", 3) == 0) {
    s += 3;
    len -= 3;
  }
  while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t')) len--;
  while (len >= 3 && memcmp(s + len - 3, "\xE3\x80\x80", 3) == 0) len -= 3;
  return arena_strndup(a, s, len);
}

static void csv_on_field(void *s, size_t len, void *data) {
  struct csv_state *st = data;
  if (st->failed) return;
  if (st->nfields >= CSV_MAX_COLUMNS || len > CSV_MAX_FIELD_BYTES) {
    st->failed = 2;
    return;
  }
  st->fields[st->nfields++] =
      field_trimmed(st->arena, s ? (const char *)s : "", s ? len : 0);
}

static void csv_on_row(int c, void *data) {
  struct csv_state *st = data;
  (void)c;
  int n = st->nfields, empty = 1;
  st->nfields = 0;
  if (st->failed) return;
  for (int i = 0; i < n && empty; i++)
    if (st->fields[i][0] != '\0') empty = 0;
  int line = st->line;
  st->line = st->next_line;
  if (empty) return;
  struct csv_table *t = st->table;
  if (t->nrows >= st->max_rows) {
    st->failed = 1;
    return;
  }
  if (t->nrows == st->cap) {
    size_t cap = st->cap ? 2 * st->cap : 64;
    struct csv_row *rows = arena_alloc(st->arena, cap * sizeof *rows);
    if (t->nrows) memcpy(rows, t->rows, t->nrows * sizeof *rows);
    t->rows = rows;
    st->cap = cap;
  }
  struct csv_row *r = &t->rows[t->nrows++];
  r->line = line;
  r->nfields = n;
  r->fields = arena_alloc(st->arena, (size_t)(n ? n : 1) * sizeof *r->fields);
  memcpy(r->fields, st->fields, (size_t)n * sizeof *r->fields);
}

/* Feed text to libcsv line by line, so that rows know their line. */
static int csv_feed(struct csv_parser *p, struct csv_state *st,
                    const char *text, size_t len) {
  size_t at = 0;
  while (at < len && !st->failed) {
    const char *nl = memchr(text + at, '\n', len - at);
    size_t n = nl ? (size_t)(nl - (text + at)) + 1 : len - at;
    /* A row that has not begun yet begins on this line (libcsv skips blank
       lines without a callback; pstate 0 is its ROW_NOT_BEGUN). */
    st->next_line++;
    if (p->pstate == 0) st->line = st->next_line - 1;
    if (csv_parse(p, text + at, n, csv_on_field, csv_on_row, st) != n)
      return -1;
    at += n;
  }
  return 0;
}

int csv_table_read(struct arena *a, const char *text, size_t len,
                   size_t max_rows, struct csv_table *t, struct err *e) {
  struct csv_parser p;
  struct csv_state st = {0};
  memset(t, 0, sizeof *t);
  st.arena = a;
  st.table = t;
  st.max_rows = max_rows;
  st.line = 1;
  st.next_line = 1;
  if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0)
    return err_set(e, ERR_INTERNAL, "csv_init");
  int rc = csv_feed(&p, &st, text, len);
  if (rc == 0 && !st.failed && csv_fini(&p, csv_on_field, csv_on_row, &st) != 0)
    rc = -1;
  csv_free(&p);
  if (st.failed == 1)
    return err_set(e, ERR_IMPORT_TOO_MANY_ROWS, "%zu", max_rows - 1);
  if (rc != 0 || st.failed) return err_set(e, ERR_IMPORT_CSV, "%d", st.line);
  return 0;
}
