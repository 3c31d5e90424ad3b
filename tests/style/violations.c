/*
** Known violations for tools/checksrc.pl's self-test (make check-style):
** each marked line must be reported, and nothing else. Never compiled.
*/
#include <stdio.h>
#include <string.h>

static int example(char *out, const char *in, FILE *f) {
  int c;
  sprintf(out, "%s", in);                 /* VIOLATION banned */
  strcpy(out, in);                        /* VIOLATION banned */
  if ((c = fgetc(f)) != EOF) return c;    /* VIOLATION assignment */
  while ((c = fgetc(f)) == ' ') continue; /* VIOLATION assignment */
  if (c == '=' || c >= 0) return atoi(in); /* VIOLATION banned */
  snprintf(out, 4, "%s", "sprintf(");     /* strings are not code */
  return 0;
}
