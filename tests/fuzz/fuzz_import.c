/*
** libFuzzer harness: the member import's file reader on arbitrary bytes:
** encoding detection and conversion (UTF-8, byte-order mark, GB18030), then
** CSV parsing. Whatever it accepts must be valid UTF-8 within the limits.
*/
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/csv.h"
#include "util/utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  struct arena *a = arena_new();
  struct err e = {0};
  char *text;
  size_t len;
  struct csv_table t;
  if (csv_text_decode(a, (const char *)data, size, &text, &len, &e) == 0) {
    if (!utf8_valid(text, len) || strlen(text) != len) abort();
    if (csv_table_read(a, text, len, 50, &t, &e) == 0) {
      if (t.nrows > 50) abort();
      for (size_t r = 0; r < t.nrows; r++) {
        if (t.rows[r].nfields > CSV_MAX_COLUMNS || t.rows[r].line < 1) abort();
        for (int f = 0; f < t.rows[r].nfields; f++)
          if (!utf8_valid(t.rows[r].fields[f], strlen(t.rows[r].fields[f])))
            abort();
      }
    } else if (e.kind != ERR_IMPORT_CSV && e.kind != ERR_IMPORT_TOO_MANY_ROWS) {
      abort();
    }
  } else if (e.kind != ERR_IMPORT_ENCODING) {
    abort();
  }
  arena_free(a);
  return 0;
}
