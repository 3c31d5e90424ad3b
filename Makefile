# xieshang: build, run and test. See README.md.
#
#   make            build ./xieshang
#   make all        build ./xieshang and the web front end (web/dist)
#   make web/dist   build the web front end only (npm ci when needed)
#   make run        install what is missing, build, load demo data, serve
#   make dist       build/dist/xieshang: one file with web/dist inside,
#                   served when no --web-root is given
#   make test       install what the tests need, build, run every test on
#                   SQLite and PostgreSQL, and short fuzz runs
#   make sanitize   the whole suite under AddressSanitizer + UBSan
#   make fuzz       longer fuzz runs (FUZZ_SECONDS each, default 60)
#   make check-style  the source checker and cppcheck
#   make bench      the benchmarks, by hand (make bench-text: text engine)

BUILD    ?= build
CC       ?= cc
include src/text/text.mk

PKGS     := libmicrohttpd jansson sqlite3 libpq libsodium libqrencode $(TEXT_PKGS)
OPT      ?= -O2
CFLAGS_BASE := -std=c11 -D_GNU_SOURCE -g $(OPT) -Wall -Wextra -Werror \
  -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wno-missing-field-initializers \
  -fno-strict-aliasing -Isrc -I$(BUILD)/gen
SAN_FLAGS ?=
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null)
CFLAGS  = $(CFLAGS_BASE) $(SAN_FLAGS) $(PKG_CFLAGS) $(EXTRA_CFLAGS)
# libcsv (member import) has no pkg-config file.
LDLIBS  = $(PKG_LIBS) -lcsv -lpthread -lm
LDFLAGS += $(SAN_FLAGS)

LIB_SRC  := $(filter-out src/main.c,$(wildcard src/*.c src/*/*.c))
LIB_OBJ  := $(LIB_SRC:%.c=$(BUILD)/%.o) $(BUILD)/gen/embedded.o
EMBED    := $(sort $(wildcard src/store/migrations/*/*.sql)) docs/openapi.json \
            src/domain/common_passwords.txt
UNIT_SRC := $(wildcard tests/unit/test_*.c)
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
UNIT_HELPERS := tests/unit/testdb.c

.PHONY: all run test sanitize fuzz deps-build deps-test check-style clean \
        unit api web bench bench-text dist

# Plain `make` builds the C program only, so C work needs no Node.js.
.DEFAULT_GOAL := xieshang

all: xieshang web/dist

xieshang: $(BUILD)/xieshang
	@if [ "$(BUILD)" = build ]; then cp $(BUILD)/xieshang xieshang; fi

$(BUILD)/xieshang: $(BUILD)/src/main.o $(BUILD)/libxieshang.a
	@echo "  LINK  $@"
	@$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/libxieshang.a: $(LIB_OBJ)
	@rm -f $@
	@ar rcs $@ $^

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC    $<"
	@$(CC) $(CFLAGS) -MMD -MP -c -o $@ $<

$(BUILD)/tools/embed: tools/embed.c
	@mkdir -p $(dir $@)
	@$(CC) -std=c11 -O1 -Wall -Wextra -Werror -o $@ $<

$(BUILD)/gen/embedded.c: $(BUILD)/tools/embed $(EMBED)
	@mkdir -p $(dir $@)
	@$(BUILD)/tools/embed $@ "" $(EMBED)

$(BUILD)/gen/embedded.o: $(BUILD)/gen/embedded.c
	@$(CC) $(CFLAGS) -c -o $@ $<

# Generated headers must exist before any source is compiled.
$(LIB_OBJ) $(BUILD)/src/main.o: | $(BUILD)/gen/embedded.c

# Unit tests (cmocka)
$(BUILD)/tests/%: tests/unit/%.c $(UNIT_HELPERS) $(BUILD)/libxieshang.a
	@mkdir -p $(dir $@)
	@echo "  TEST  $@"
	@$(CC) $(CFLAGS) -Itests/unit -o $@ $< $(UNIT_HELPERS) $(BUILD)/libxieshang.a \
	  $(LDFLAGS) $(LDLIBS) -lcmocka

unit: $(UNIT_BIN)

# The web front end (web/, see README.md): `npm ci` only when node_modules
# is missing or older than package-lock.json; `npm run build` (Vite, then
# the portal's size check) only when a source file changed.
WEB_SRC := $(shell find web/src web/public web/scripts -type f 2>/dev/null) \
           web/index.html web/vite.config.js web/package.json

web/node_modules/.package-lock.json: web/package-lock.json
	@echo "  NPM   ci (web)"
	@cd web && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

web/dist/index.html: web/node_modules/.package-lock.json $(WEB_SRC)
	@echo "  WEB   build"
	@cd web && npm run --silent build

web/dist: web/dist/index.html

web: web/dist

# One file that is a whole installation: the program with web/dist compiled
# in (served when no --web-root is given). Only the table of embedded files
# differs from $(BUILD)/xieshang: the linker takes its embedded_files from
# $(BUILD)/dist/embedded.o and so never pulls the archive's copy. The
# second make reads web/dist's file list after the front end is built.
DIST_WEB := $(shell find web/dist -type f -not -path "*/.vite/*" 2>/dev/null | LC_ALL=C sort)

dist: all
	@$(MAKE) --no-print-directory $(BUILD)/dist/xieshang

$(BUILD)/dist/embedded.c: $(BUILD)/tools/embed $(EMBED) $(DIST_WEB) Makefile
	@mkdir -p $(dir $@)
	@echo "  EMBED $@ ($(words $(DIST_WEB)) web files)"
	@$(BUILD)/tools/embed $@ "" $(EMBED) $(DIST_WEB)

$(BUILD)/dist/embedded.o: $(BUILD)/dist/embedded.c
	@$(CC) $(CFLAGS) -c -o $@ $<

$(BUILD)/dist/xieshang: $(BUILD)/src/main.o $(BUILD)/dist/embedded.o \
    $(BUILD)/libxieshang.a
	@echo "  LINK  $@"
	@$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

# Debian packages: installed only when missing (apt-get as root, sudo
# otherwise). See tools/deps.sh for the lists.
deps-build:
	@sh tools/deps.sh build

deps-test:
	@sh tools/deps.sh test

run: deps-build
	@$(MAKE) --no-print-directory all
	@mkdir -p data
	./xieshang demo --db sqlite:data/xieshang.db
	./xieshang serve --db sqlite:data/xieshang.db --listen 127.0.0.1:8080 \
	  --web-root web/dist

# The benchmarks are compiled (not run) by make test, so they cannot rot.
test: deps-test
	@$(MAKE) --no-print-directory all dist unit $(BENCH_TEXT_BIN)
	@sh tests/run.sh $(BUILD)
	@$(MAKE) --no-print-directory fuzz FUZZ_SECONDS=$${FUZZ_SECONDS:-10}
	@$(MAKE) --no-print-directory check-style
	@echo "screenshots of the key pages: $(CURDIR)/tests/out/screenshots/"

sanitize: deps-test
	@$(MAKE) --no-print-directory BUILD=build/asan OPT=-O1 \
	  SAN_FLAGS="-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer" \
	  build/asan/xieshang unit
	@$(MAKE) --no-print-directory web/dist
	@ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
	  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  sh tests/run.sh build/asan

# Fuzzing (libFuzzer, clang). Each harness runs FUZZ_SECONDS on a copy of
# its seed corpus in tests/fuzz/corpus/NAME.
FUZZ_SRC   := $(wildcard tests/fuzz/fuzz_*.c)
FUZZ_BIN   := $(FUZZ_SRC:tests/fuzz/%.c=build/fuzz/%)
FUZZ_LIB   := src/http/parse.c src/util/arena.c src/util/mem.c src/util/utf8.c \
              src/util/err.c src/util/json.c src/util/buf.c src/util/filetype.c
FUZZ_SECONDS ?= 60
FUZZ_CC    = clang -std=c11 -D_GNU_SOURCE -g -O1 -Isrc \
  -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all

build/fuzz/fuzz_text: tests/fuzz/fuzz_text.c $(TEXT_SRC) src/util/mem.c
	@mkdir -p $(dir $@)
	@echo "  FUZZ  $@"
	@$(FUZZ_CC) $(shell pkg-config --cflags $(TEXT_PKGS)) -o $@ $^ \
	  $(shell pkg-config --libs $(TEXT_PKGS)) $(TEXT_LIBS) -lstdc++

build/fuzz/fuzz_import: tests/fuzz/fuzz_import.c src/util/csv.c $(FUZZ_LIB)
	@mkdir -p $(dir $@)
	@echo "  FUZZ  $@"
	@$(FUZZ_CC) $(shell pkg-config --cflags jansson) -o $@ $^ \
	  $(shell pkg-config --libs jansson) -lcsv

build/fuzz/fuzz_topic: tests/fuzz/fuzz_topic.c src/domain/topic_rules.c \
                       $(FUZZ_LIB)
	@mkdir -p $(dir $@)
	@echo "  FUZZ  $@"
	@$(FUZZ_CC) $(shell pkg-config --cflags jansson) -o $@ $^ \
	  $(shell pkg-config --libs jansson)

build/fuzz/%: tests/fuzz/%.c $(FUZZ_LIB)
	@mkdir -p $(dir $@)
	@echo "  FUZZ  $@"
	@$(FUZZ_CC) $(shell pkg-config --cflags jansson) -o $@ $^ \
	  $(shell pkg-config --libs jansson)

fuzz: $(FUZZ_BIN)
	@for f in $(FUZZ_BIN); do \
	  name=$$(basename $$f); out=$$(mktemp -d); \
	  echo "fuzz: $$name for $(FUZZ_SECONDS)s"; \
	  $$f -max_total_time=$(FUZZ_SECONDS) -print_final_stats=0 \
	    $$out tests/fuzz/corpus/$${name#fuzz_} 2>$$out.log || \
	    { tail -50 $$out.log; exit 1; }; \
	  grep -E "^#[0-9]+.*DONE" $$out.log | tail -1; rm -rf $$out $$out.log; \
	done

# Benchmarks: run by hand, never part of make test. See README.md.
BENCH_TEXT_BIN := $(BUILD)/bench/bench_text $(BUILD)/bench/ref_jaccard

$(BUILD)/bench/bench_text: bench/bench_text.c bench/corpus.c bench/corpus.h \
    $(BUILD)/libxieshang.a
	@mkdir -p $(dir $@)
	@echo "  BENCH $@"
	@$(CC) $(CFLAGS) -Ibench -o $@ bench/bench_text.c bench/corpus.c \
	  $(BUILD)/libxieshang.a $(LDFLAGS) $(LDLIBS)

$(BUILD)/bench/ref_jaccard: bench/ref_jaccard.c $(BUILD)/libxieshang.a
	@mkdir -p $(dir $@)
	@echo "  BENCH $@"
	@$(CC) $(CFLAGS) -o $@ $< $(BUILD)/libxieshang.a $(LDFLAGS) $(LDLIBS)

bench-text: $(BENCH_TEXT_BIN)
	@$(BUILD)/bench/bench_text $(BUILD)/bench/ref_jaccard

bench: bench-text

check-style:
	@expected=$$(grep -c VIOLATION tests/style/violations.c); \
	  found=$$(perl tools/checksrc.pl tests/style/violations.c 2>&1 | wc -l); \
	  [ "$$found" -eq "$$expected" ] || { echo "checksrc self-test: $$found reports, want $$expected"; \
	  perl tools/checksrc.pl tests/style/violations.c; exit 1; }
	@perl tools/checksrc.pl $(wildcard src/*.c src/*/*.c src/*/*.h tools/*.c \
	  bench/*.c bench/*.h)
	@cppcheck --quiet --error-exitcode=1 --enable=warning,portability \
	  --std=c11 --inline-suppr -Isrc -Ibench -I$(BUILD)/gen \
	  $(wildcard src/*.c src/*/*.c bench/*.c)

clean:
	rm -rf build xieshang web/dist

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
