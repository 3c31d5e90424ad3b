/*
** libFuzzer harness: the checks of what people type into a topic (title,
** body, place, the name of someone it is recorded for, a rejection's reason
** and a department's reply) and the list of state names of a query string,
** on arbitrary bytes. The input is split at NUL bytes into those fields. A
** title accepted must be 2 to 60 characters of valid UTF-8; states parsed
** must be named states only.
*/
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "domain/topic.h"
#include "util/utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The next NUL-terminated field of a copy of the input, or NULL. */
static char *next_field(char **p, char *end) {
  if (*p >= end) return NULL;
  char *field = *p;
  *p += strlen(field) + 1;
  return field;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char *copy = malloc(size + 1);
  if (copy == NULL) return 0;
  memcpy(copy, data, size);
  copy[size] = '\0';
  char *p = copy, *end = copy + size;
  struct topic_input in = {0};
  struct err e = {0};
  in.title = next_field(&p, end);
  in.body = next_field(&p, end);
  in.place = next_field(&p, end);
  in.on_behalf_name = next_field(&p, end);
  in.source = "resident";
  in.channel = "portal";
  if (in.title && topic_input_check(&in, 1, &e) == 0) {
    size_t chars = 0;
    for (const unsigned char *s = (const unsigned char *)in.title; *s; s++)
      chars += (*s & 0xC0) != 0x80;
    if (!utf8_valid(in.title, strlen(in.title)) || chars < 2 || chars > 60)
      abort();
  }
  struct topic_change_req r = {TOPIC_CHANGE_REJECT};
  r.reject_reason = "petition";
  r.reason = in.body;
  (void)topic_change_check(&r, &e);
  r.change = TOPIC_CHANGE_REPLY;
  r.reply = in.place;
  (void)topic_change_check(&r, &e);
  unsigned states = 0, named = 0;
  for (int i = 0; i < TOPIC_STATE_NAMES; i++) named |= topic_state_at(i);
  if (topic_states_parse_list(copy, &states) == 0 && (states & ~named) != 0)
    abort();
  free(copy);
  return 0;
}
