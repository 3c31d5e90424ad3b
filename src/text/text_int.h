/*
** Private interface between the files of src/text/. Not for other modules:
** everything here may change with the implementation.
**
** The central piece is the normalised text with its offset map. Normalising
** changes byte lengths (full-width Ａ is 3 bytes, a is 1; ㍿ becomes four
** characters), so each code point of the normalised text remembers the byte
** range of the original input it came from. The ranges never go backwards:
** when one original piece yields several code points, the first gets the
** whole range and the others an empty range at its end, so that tokens
** reported at successive positions never overlap (FTS5's highlight() relies
** on that).
*/
#ifndef XIESHANG_TEXT_TEXT_INT_H
#define XIESHANG_TEXT_TEXT_INT_H

#include <stddef.h>
#include <stdint.h>

#include <unicode/utypes.h>

struct text_norm {
  char *text;           /* normalised UTF-8, NUL-terminated */
  size_t len;           /* bytes in text */
  size_t ncp;           /* code points in text */
  UChar32 *cp;          /* the code points */
  uint32_t *byte;       /* byte offset in text of each code point, and of
                        ** the end at byte[ncp] */
  uint32_t *orig_start; /* original byte range of each code point */
  uint32_t *orig_end;
};

/*
** Normalise in[0 .. len) into *norm, refusing inputs above max bytes.
** Returns 0 or a TEXT_E* code; on error *norm is zeroed. Free with
** text_norm_free() in both cases.
*/
int text_norm_run(const char *in, size_t len, size_t max,
                  struct text_norm *norm);
void text_norm_free(struct text_norm *norm);

/* Whether normalisation is set up; 0 or TEXT_EINIT. */
int text_norm_ready(void);

/*
** Append token t (n bytes) to a string under construction as a quoted
** string: FTS5 style ("..." with " doubled), tsquery style ('...' with '
** and \ doubled) or PostgreSQL array element style ("..." with " and \
** escaped by a backslash). *buf is grown with xrealloc; *len and *cap track
** it; the result stays NUL-terminated.
*/
enum text_quote { TEXT_QUOTE_FTS5, TEXT_QUOTE_TSQUERY, TEXT_QUOTE_ARRAY };
void text_quote_append(char **buf, size_t *len, size_t *cap, const char *t,
                       size_t n, enum text_quote style);

#endif
