/*
** QR codes as SVG. See qr.h.
*/
#include "report/qr.h"

#include <errno.h>
#include <qrencode.h>
#include <string.h>

/* Append the dark modules of row y as horizontal runs to the path. */
static int qr_row(const QRcode *q, int y, struct buf *out) {
  const unsigned char *row = q->data + (size_t)y * (size_t)q->width;
  for (int x = 0; x < q->width;) {
    if (!(row[x] & 1)) {
      x++;
      continue;
    }
    int start = x;
    while (x < q->width && (row[x] & 1)) x++;
    if (buf_printf(out, "M%d %dh%dv1h-%dz", start + QR_QUIET_ZONE,
                   y + QR_QUIET_ZONE, x - start, x - start) != 0)
      return -1;
  }
  return 0;
}

int qr_svg(const char *text, struct buf *out, struct qr_info *info,
           struct err *e) {
  size_t len = text ? strlen(text) : 0;
  if (len == 0 || len > QR_TEXT_MAX) return err_set(e, ERR_QR_FAILED, "length");
  errno = 0;
  QRcode *q = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
  if (q == NULL) return err_set(e, ERR_QR_FAILED, "encode");
  int side = q->width + 2 * QR_QUIET_ZONE;
  int rc = buf_printf(out,
                      "<svg xmlns=\"http://www.w3.org/2000/svg\" "
                      "viewBox=\"0 0 %d %d\" shape-rendering=\"crispEdges\" "
                      "role=\"img\" aria-label=\"QR\">"
                      "<rect width=\"%d\" height=\"%d\" fill=\"#fff\"/>"
                      "<path fill=\"#000\" d=\"",
                      side, side, side, side);
  for (int y = 0; rc == 0 && y < q->width; y++) rc = qr_row(q, y, out);
  if (rc == 0) rc = buf_puts(out, "\"/></svg>\n");
  if (info) {
    info->version = q->version;
    info->modules = q->width;
  }
  QRcode_free(q);
  if (rc != 0) return err_set(e, ERR_QR_FAILED, "size");
  return 0;
}
