# The text engine (src/text/): normalisation, tokenizer, query building, the
# FTS5 tokenizer and near-duplicate detection. Included by the top-level
# Makefile, which compiles with -Isrc and links with
#   $(shell pkg-config --cflags --libs $(TEXT_PKGS)) $(TEXT_LIBS)
# The unit test also needs $(TEXT_TEST_PKGS); the fuzz harness is built with
# clang -fsanitize=fuzzer,address,undefined (libclang-rt-14-dev).

TEXT_SRC := \
  src/text/normalize.c \
  src/text/tokenize.c \
  src/text/query.c \
  src/text/fts5.c \
  src/text/minhash.c \
  src/text/scope.c

TEXT_HDR := src/text/text.h src/text/text_int.h

# pkg-config names needed to build and link the library.
TEXT_PKGS := opencc icu-uc icu-i18n sqlite3
TEXT_LIBS := -lpthread
TEXT_TEST_PKGS := cmocka

# Debian packages to build and run: the -dev packages pull in the runtime
# libraries; libopencc-data holds t2s.json and its dictionaries (opened at
# run time); libclang-rt-14-dev gives clang its fuzzer and sanitizer runtimes.
TEXT_DEBS := pkg-config libopencc-dev libopencc-data libicu-dev \
  libsqlite3-dev libcmocka-dev
TEXT_FUZZ_DEBS := clang libclang-rt-14-dev

TEXT_TEST_SRC := tests/unit/test_text.c
# Same rows in PostgreSQL as in SQLite; runs when XIESHANG_TEST_PG holds a
# libpq connection string, skips otherwise. Needs libpq (libpq-dev).
TEXT_PG_TEST_SRC := tests/unit/test_text_pg.c
TEXT_PG_TEST_PKGS := libpq cmocka
TEXT_FUZZ_SRC := tests/fuzz/fuzz_text.c
TEXT_FUZZ_CORPUS := tests/fuzz/corpus/text
