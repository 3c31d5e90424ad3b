/*
** QR codes (libqrencode) drawn as SVG, for venue posters: residents scan
** one to open the venue's page and raise a topic there.
**
** The SVG is one path of dark modules on a white square with a quiet zone
** of QR_QUIET_ZONE modules on every side, scaled by viewBox, so it prints
** sharp at any size. The same text always gives the same bytes.
*/
#ifndef XIESHANG_REPORT_QR_H
#define XIESHANG_REPORT_QR_H

#include <stddef.h>

#include "util/buf.h"
#include "util/err.h"

#define QR_QUIET_ZONE 4
#define QR_TEXT_MAX 1024

struct qr_info {
  int version; /* 1..40 */
  int modules; /* modules per side, without the quiet zone */
};

/* Encode text (1..QR_TEXT_MAX bytes) at error-correction level M, the
   smallest version that holds it, and append the SVG to out. Fills *info
   (may be NULL). Returns 0, or -1 with ERR_QR_FAILED. */
int qr_svg(const char *text, struct buf *out, struct qr_info *info,
           struct err *e);

#endif
