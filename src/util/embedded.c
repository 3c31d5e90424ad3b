/*
** Look-up in the table of embedded files. See embedded.h.
*/
#include "util/embedded.h"

#include <string.h>

const struct embedded_file *embedded_find(const char *path) {
  size_t lo = 0;
  size_t hi = embedded_file_count;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    int cmp = strcmp(embedded_files[mid].path, path);
    if (cmp == 0) return &embedded_files[mid];
    if (cmp < 0)
      lo = mid + 1;
    else
      hi = mid;
  }
  return NULL;
}
