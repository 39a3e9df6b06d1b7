# kommunrapport -- Swedish municipal budget follow-up inside PostgreSQL.
#
#   make demo    install what is missing, build, install, and show the seed reports
#   make test    install what is missing, build, install, and run every test
#   make test-long  the long reliability runs (hours), figures in test/RELIABILITY.md
#
# Plain PGXS targets (all, install, installcheck, clean) work as usual.

EXTENSION  = kommunrapport
EXTVERSION = 0.2.0
PREVIOUS   = 0.1.0
MODULE_big = kommunrapport
CORE_SRCS  = $(sort $(wildcard src/*_core.c))
OBJS       = $(patsubst %.c,%.o,$(sort $(wildcard src/*.c)))

# The current version's install script is assembled from the ordered pieces
# in sql/install/ (one per concept), and its upgrade script from the pieces in
# sql/upgrade/<previous>--<current>/.  Released scripts (sql/kommunrapport--*.sql
# under version control) are shipped as they are and never edited again.
DATA_built = sql/$(EXTENSION)--$(EXTVERSION).sql sql/$(EXTENSION)--$(PREVIOUS)--$(EXTVERSION).sql
DATA       = $(filter-out $(DATA_built),$(wildcard sql/$(EXTENSION)--*.sql))

# pg_regress tests, run in this order (never in parallel); their inputs and
# expected output are test/regress/sql/<test>.sql and test/regress/expected/<test>.out.
REGRESS    = belopp period
REGRESS_OPTS = --inputdir=test/regress

PG_CFLAGS  = -Wextra -Wno-unused-parameter -Wno-missing-field-initializers

PG_CONFIG ?= $(firstword $(wildcard /usr/lib/postgresql/15/bin/pg_config) pg_config)
PGXS      := $(shell $(PG_CONFIG) --pgxs 2>/dev/null)

# The pure-C cores cannot include PostgreSQL's pg_config.h; they learn whether
# the server was built with a 128-bit integer type from this flag (src/tal_core.h).
PG_INT128 := $(shell grep -qs '^\#define PG_INT128_TYPE' "$$($(PG_CONFIG) --includedir-server 2>/dev/null)/pg_config.h" && echo -DHAVE_INT128)
PG_CPPFLAGS = $(PG_INT128)

ifeq ($(PGXS),)
# Before `make deps` has installed PostgreSQL only the set-up targets work.
.DEFAULT_GOAL := help
help:
	@echo "PostgreSQL 15 is not installed yet: run 'make demo' or 'make test' (they install it)."
else
include $(PGXS)
endif

EXTRA_CLEAN = results regression.diffs regression.out test/c/bin test/fuzz/bin

sql/$(EXTENSION)--$(EXTVERSION).sql: $(sort $(wildcard sql/install/*.sql))
	cat $^ > $@

# (sql/upgrade/samla.awk copies the definitions an upgrade piece names with
# "--@ skapa" or "--@ ersatt" from the install pieces, so that they exist once)
sql/$(EXTENSION)--$(PREVIOUS)--$(EXTVERSION).sql: $(sort $(wildcard sql/upgrade/$(PREVIOUS)--$(EXTVERSION)/*.sql)) sql/upgrade/samla.awk $(sort $(wildcard sql/install/*.sql))
	awk -v install=sql/install -f sql/upgrade/samla.awk $(sort $(wildcard sql/upgrade/$(PREVIOUS)--$(EXTVERSION)/*.sql)) > $@.tmp
	mv $@.tmp $@

# ---------------------------------------------------------------------------
# Pure-C unit tests and fuzz targets: every test/c/test_*.c and
# test/fuzz/fuzz_*.c is linked with every src/*_core.c.

CC_TEST      ?= $(firstword $(wildcard /usr/bin/clang-14) cc)
TEST_CFLAGS  = -std=c11 -g -O1 -Wall -Wextra -Werror -Isrc -Itest/c $(PG_INT128)
UNIT_BINS    = $(patsubst test/c/%.c,test/c/bin/%,$(sort $(wildcard test/c/test_*.c)))
FUZZ_BINS    = $(patsubst test/fuzz/%.c,test/fuzz/bin/%,$(sort $(wildcard test/fuzz/fuzz_*.c)))

test/c/bin/%: test/c/%.c $(CORE_SRCS) $(wildcard src/*_core.h) test/c/tap.h
	@mkdir -p $(@D)
	$(CC_TEST) $(TEST_CFLAGS) -fsanitize=address,undefined -fno-sanitize-recover=all -o $@ $< $(CORE_SRCS)

test/fuzz/bin/%: test/fuzz/%.c $(CORE_SRCS) $(wildcard src/*_core.h) $(wildcard test/fuzz/*.h)
	@mkdir -p $(@D)
	$(CC_TEST) $(TEST_CFLAGS) -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all -o $@ $< $(CORE_SRCS)

unit-build: $(UNIT_BINS)
fuzz-build: $(FUZZ_BINS)

# ---------------------------------------------------------------------------
# The two commands of the README.

SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

deps:
	./test/deps.sh

test: deps
	$(MAKE) all unit-build fuzz-build
	$(SUDO) $(MAKE) install
	./test/run-all.sh

demo: deps
	$(MAKE) all
	$(SUDO) $(MAKE) install
	./test/demo.sh

# The long reliability runs (SQLsmith for 30 minutes, every fuzz target for
# 10 M executions, ...); they write their figures to test/RELIABILITY.md.
test-long: deps
	$(MAKE) all unit-build fuzz-build
	$(SUDO) $(MAKE) install
	./test/reliability/long.sh

.PHONY: deps test test-long demo unit-build fuzz-build help

# ---------------------------------------------------------------------------
# kommunrapport on Citus 13.2.2 (a coordinator and two workers) against a plain
# server: CITUS_SRC=<Citus git repository or 13.2.2 source tree> make test-citus.
# Without a Citus source it prints "1..0 # SKIP skipped: no Citus source at ..."
# and succeeds.  See README.md, "Scale-out".

test-citus: deps
	$(MAKE) all
	$(SUDO) $(MAKE) install
	./test/citus/run.sh

.PHONY: test-citus
