/*
** CSV files from spreadsheets, as offices save them: the encoding detected
** and converted to UTF-8 (UTF-8 with or without a byte-order mark, or
** GB18030, which Excel writes on Chinese Windows), then parsed by libcsv
** (RFC 4180 quoting, strict) into a table of trimmed fields in an arena.
**
** These functions read outside bytes: every size is capped, and anything
** malformed is an error a person can read, never a crash.
*/
#ifndef XIESHANG_UTIL_CSV_H
#define XIESHANG_UTIL_CSV_H

#include <stddef.h>

#include "util/arena.h"
#include "util/err.h"

#define CSV_MAX_COLUMNS 64
#define CSV_MAX_FIELD_BYTES 1024

/* One row: its fields (UTF-8, trimmed of spaces, NUL-terminated) and the
   line it starts on (1 for the first line of the file). */
struct csv_row {
  int line;
  int nfields;
  const char **fields;
};

struct csv_table {
  struct csv_row *rows; /* the header row first, when there is one */
  size_t nrows;
};

/* Convert data to NUL-terminated UTF-8 in the arena: a leading byte-order
   mark is dropped; bytes that are not valid UTF-8 are read as GB18030.
   Fails with ERR_IMPORT_ENCODING when they are not GB18030 either, or hold
   a NUL byte. Returns 0 and sets *out and *out_len, or -1. */
int csv_text_decode(struct arena *a, const char *data, size_t len, char **out,
                    size_t *out_len, struct err *e);

/* Parse UTF-8 text into rows in the arena. Rows whose fields are all empty
   are dropped. At most max_rows rows (header included) are accepted:
   ERR_IMPORT_TOO_MANY_ROWS (detail: max_rows - 1, the data rows) beyond;
   ERR_IMPORT_CSV (detail: the line) for an unclosed quote, a stray quote,
   too many columns or too long a field. Returns 0 or -1. */
int csv_table_read(struct arena *a, const char *text, size_t len,
                   size_t max_rows, struct csv_table *t, struct err *e);

#endif
