/*
** libFuzzer harness: X-Forwarded-For behind a trusted proxy on arbitrary
** bytes. The answer is always the peer or a parsable IP address that the
** header holds, and fits its buffer.
*/
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "http/http.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char *xff = malloc(size + 1);
  memcpy(xff, data, size);
  xff[size] = '\0';
  char out[HTTP_ADDR_MAX];
  http_forwarded_client("127.0.0.1,::1,10.0.0.2", "127.0.0.1", xff, out);
  if (strlen(out) >= HTTP_ADDR_MAX) abort();
  if (strcmp(out, "127.0.0.1") != 0) {
    unsigned char bin[sizeof(struct in6_addr)];
    if (inet_pton(AF_INET, out, bin) != 1 && inet_pton(AF_INET6, out, bin) != 1)
      abort();
    if (strstr(xff, out) == NULL) abort();
  }
  free(xff);
  return 0;
}
