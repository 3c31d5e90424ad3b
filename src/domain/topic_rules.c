/*
** Topics: the tables (states, reject reasons, sources, channels, and which
** change may start from which state) and the checks of what people type,
** with no database: the fuzz harness (tests/fuzz/fuzz_topic.c) runs them on
** arbitrary bytes. See topic.h.
*/
#include <string.h>

#include "domain/topic.h"
#include "util/utf8.h"

static const struct {
  unsigned state;
  const char *name;
} topic_states[TOPIC_STATE_NAMES] = {
    {TOPIC_DRAFT, "draft"},         {TOPIC_SUBMITTED, "submitted"},
    {TOPIC_REVIEWING, "reviewing"}, {TOPIC_ACCEPTED, "accepted"},
    {TOPIC_MERGED, "merged"},       {TOPIC_TRANSFERRED, "transferred"},
    {TOPIC_REJECTED, "rejected"},   {TOPIC_APPROVED, "approved"},
    {TOPIC_SCHEDULED, "scheduled"},
};

static const char *const reject_reasons[] = {
    "petition",  "litigation", "private_dispute", "outside_remit",
    "duplicate", "insufficient_info",
};
static const char *const sources[] = {
    "resident", "member", "party", "proposal", "opinion", "continuation",
};
static const char *const channels[] = {"portal", "qr", "workspace", "import"};

/* The changes of state: name (the history kind), the states each may start
   from, and where it leads (0: the state does not change). */
static const struct {
  const char *name;
  unsigned from;
  unsigned to;
} topic_changes[TOPIC_CHANGE_COUNT] = {
    [TOPIC_CHANGE_SUBMIT] = {"submit", TOPIC_DRAFT, TOPIC_SUBMITTED},
    [TOPIC_CHANGE_REVIEW] = {"review", TOPIC_SUBMITTED, TOPIC_REVIEWING},
    [TOPIC_CHANGE_ACCEPT] = {"accept", TOPIC_SCREENABLE_STATES,
                             TOPIC_ACCEPTED},
    [TOPIC_CHANGE_MERGE] = {"merge", TOPIC_SCREENABLE_STATES, TOPIC_MERGED},
    [TOPIC_CHANGE_TRANSFER] = {"transfer", TOPIC_SCREENABLE_STATES,
                               TOPIC_TRANSFERRED},
    [TOPIC_CHANGE_REJECT] = {"reject", TOPIC_SCREENABLE_STATES,
                             TOPIC_REJECTED},
    [TOPIC_CHANGE_REPLY] = {"reply", TOPIC_TRANSFERRED, 0},
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static int in_list(const char *name, const char *const *list, size_t n) {
  for (size_t i = 0; name && i < n; i++)
    if (strcmp(name, list[i]) == 0) return 1;
  return 0;
}

const char *topic_state_name(unsigned state) {
  for (int i = 0; i < TOPIC_STATE_NAMES; i++)
    if (topic_states[i].state == state) return topic_states[i].name;
  return "?";
}

unsigned topic_state_parse(const char *name) {
  for (int i = 0; name && i < TOPIC_STATE_NAMES; i++)
    if (strcmp(name, topic_states[i].name) == 0) return topic_states[i].state;
  return 0;
}

unsigned topic_state_at(int i) {
  return i >= 0 && i < TOPIC_STATE_NAMES ? topic_states[i].state : 0;
}

int topic_reject_reason_ok(const char *name) {
  return in_list(name, reject_reasons, COUNT(reject_reasons));
}

int topic_source_ok(const char *name) {
  return in_list(name, sources, COUNT(sources));
}

int topic_channel_ok(const char *name) {
  return in_list(name, channels, COUNT(channels));
}

const char *topic_change_name(enum topic_change ch) {
  return ch >= 0 && ch < TOPIC_CHANGE_COUNT ? topic_changes[ch].name : "?";
}

unsigned topic_change_from(enum topic_change ch) {
  return ch >= 0 && ch < TOPIC_CHANGE_COUNT ? topic_changes[ch].from : 0;
}

unsigned topic_change_to(enum topic_change ch) {
  return ch >= 0 && ch < TOPIC_CHANGE_COUNT ? topic_changes[ch].to : 0;
}

/* Count characters of valid UTF-8 text with no control characters but
   newlines (and tabs where multiline); -1 if the text is not acceptable. */
static long text_chars(const char *s, int multiline) {
  size_t len = strlen(s);
  long chars = 0;
  if (!utf8_valid(s, len)) return -1;
  for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
    if (*p == 0x7F || (*p < 0x20 && !(multiline && (*p == '\n' ||
                                                    *p == '\r' || *p == '\t'))))
      return -1;
    if ((*p & 0xC0) != 0x80) chars++;
  }
  return chars;
}

/* 1 if s holds nothing but spaces (ASCII or the ideographic space). */
static int text_blank(const char *s) {
  for (const char *p = s; *p; p++) {
    if (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t') continue;
    if (strncmp(p, "\xE3\x80\x80", 3) == 0) {
      p += 2;
      continue;
    }
    return 0;
  }
  return 1;
}

int topic_input_check(const struct topic_input *in, int required,
                      struct err *e) {
  long n;
  if (in->title || required) {
    n = in->title ? text_chars(in->title, 0) : 0;
    if (n < TOPIC_TITLE_MIN_CHARS || n > TOPIC_TITLE_MAX_CHARS ||
        text_blank(in->title))
      return err_set(e, ERR_TOPIC_TITLE, "%d", TOPIC_TITLE_MAX_CHARS);
  }
  if (in->body) {
    n = text_chars(in->body, 1);
    if (n < 0) return err_set(e, ERR_FIELD_INVALID, "body");
    if (n > TOPIC_BODY_MAX_CHARS)
      return err_set(e, ERR_TOPIC_BODY, "%d", TOPIC_BODY_MAX_CHARS);
  }
  if (in->place) {
    n = text_chars(in->place, 0);
    if (n < 0 || n > TOPIC_PLACE_MAX_CHARS)
      return err_set(e, ERR_FIELD_INVALID, "place");
  }
  if (in->affected > TOPIC_AFFECTED_MAX || (required && in->affected < 0))
    return err_set(e, ERR_FIELD_INVALID, "affected");
  if (!required) return 0;
  if (!topic_source_ok(in->source))
    return err_set(e, ERR_FIELD_INVALID, "source");
  if (!topic_channel_ok(in->channel))
    return err_set(e, ERR_FIELD_INVALID, "channel");
  if (in->on_behalf_name) {
    n = text_chars(in->on_behalf_name, 0);
    if (n < 1 || n > 40 || text_blank(in->on_behalf_name))
      return err_set(e, ERR_FIELD_INVALID, "on_behalf.name");
  }
  if (in->on_behalf_contact) {
    n = text_chars(in->on_behalf_contact, 0);
    if (n < 0 || n > 60)
      return err_set(e, ERR_FIELD_INVALID, "on_behalf.contact");
  }
  return 0;
}

int topic_states_parse_list(const char *list, unsigned *out) {
  const char *v = list;
  while (v && *v) {
    size_t n = strcspn(v, ",");
    char name[32];
    if (n == 0 || n >= sizeof name) return -1;
    memcpy(name, v, n);
    name[n] = '\0';
    unsigned s = topic_state_parse(name);
    if (s == 0) return -1;
    *out |= s;
    v += n;
    if (*v == ',') v++;
  }
  return 0;
}

int topic_change_check(const struct topic_change_req *r, struct err *e) {
  long n;
  if (r->change < 0 || r->change >= TOPIC_CHANGE_COUNT)
    return err_set(e, ERR_INTERNAL, NULL);
  if (r->reason) {
    n = text_chars(r->reason, 1);
    if (n < 0 || n > TOPIC_REASON_MAX_CHARS)
      return err_set(e, ERR_FIELD_INVALID, "reason");
  }
  switch (r->change) {
  case TOPIC_CHANGE_REJECT:
    if (r->reject_reason == NULL)
      return err_set(e, ERR_FIELD_REQUIRED, "reject_reason");
    if (!topic_reject_reason_ok(r->reject_reason))
      return err_set(e, ERR_TOPIC_REJECT_REASON, "%.40s", r->reject_reason);
    if (r->reason == NULL || text_blank(r->reason))
      return err_set(e, ERR_FIELD_REQUIRED, "reason");
    return 0;
  case TOPIC_CHANGE_MERGE:
    return r->into > 0 ? 0 : err_set(e, ERR_FIELD_REQUIRED, "into");
  case TOPIC_CHANGE_TRANSFER:
    return r->department_unit_id > 0
               ? 0
               : err_set(e, ERR_FIELD_REQUIRED, "department_unit_id");
  case TOPIC_CHANGE_REPLY:
    if (r->reply == NULL || text_blank(r->reply))
      return err_set(e, ERR_FIELD_REQUIRED, "reply");
    n = text_chars(r->reply, 1);
    if (n < 0 || n > TOPIC_REPLY_MAX_CHARS)
      return err_set(e, ERR_FIELD_INVALID, "reply");
    return 0;
  default: return 0;
  }
}

