# ltv: customer lifetime value, retention, churn and RFM scores inside PostgreSQL.
#
#   make demo    the main job on real data, in a throwaway cluster
#   make test    dependencies, build, C unit tests, install, pg_regress (serial and parallel)
#   make test-matrix  the regression suite on PostgreSQL 15 to 19 (servers built from ../shared/pg-src)
#   make test-citus   every aggregate on a Citus cluster (Citus built from ../shared/citus)
#   make unit    only the C unit tests of src/core (no PostgreSQL needed)
#   make fuzz    the libFuzzer targets of test/fuzz/ (FUZZ_RUNS executions each; clang)
#   make valgrind  the regression suite with the server under Valgrind (fails on errors in ltv code)
#   make bench   benchmarks against the plain SQL a user would write
#
# The usual PGXS targets work too: make, make install, make installcheck.

EXTENSION   = ltv
EXTVERSION  = 1.1
MODULE_big  = ltv
OBJS        = $(patsubst %.c,%.o,$(sort $(wildcard src/*.c src/core/*.c)))
# The install script is assembled from one fragment per family (src/sql/NN_*.sql),
# each upgrade script from the fragments of its directory (src/sql/A--B/NN_*.sql).
# The released 1.0 install script is not installed: it has the search_path flaw
# that 1.1 fixes (a trusted extension must not offer it to CREATE EXTENSION);
# it is kept in test/upgrade/ for the upgrade test, which installs it privately.
UPGRADES    = 1.0--1.1
DATA_built  = ltv--$(EXTVERSION).sql $(patsubst %,ltv--%.sql,$(UPGRADES))
REGRESS     = $(sort $(basename $(notdir $(wildcard sql/*.sql))))
EXTRA_CLEAN = $(OBJS:.o=.d) test/unit/bin test/fuzz/bin results regression.diffs regression.out regression.*.diffs

PG_CONFIG  ?= pg_config
PG_CPPFLAGS = -I$(srcdir)/src
PG_CFLAGS   = -Wall -Wextra -Werror -Wno-unused-parameter -Wno-missing-field-initializers -MMD -MP

.DEFAULT_GOAL := all

PGXS := $(shell $(PG_CONFIG) --pgxs 2>/dev/null)
ifneq ($(wildcard $(PGXS)),)
include $(PGXS)
else
all install installcheck:
	@echo "ltv: the PostgreSQL server headers (PGXS) are missing." >&2
	@echo "ltv: run 'make test' or 'make demo' (they install postgresql-server-dev-NN when run as root)," >&2
	@echo "ltv: or install that package yourself, or set PG_CONFIG to the pg_config of a server build." >&2
	@exit 1
endif

# Rebuild an object when a header it includes changes (-MMD writes the lists).
-include $(OBJS:.o=.d)

ltv--$(EXTVERSION).sql: $(sort $(wildcard src/sql/*.sql))
	cat $^ > $@

.SECONDEXPANSION:
$(patsubst %,ltv--%.sql,$(UPGRADES)): ltv--%.sql: $$(sort $$(wildcard src/sql/%/*.sql))
	cat $^ > $@

# C unit tests of src/core: one program per test/unit/test_*.c, linked with all of src/core.
CORE_SRCS   = $(sort $(wildcard src/core/*.c))
CORE_HDRS   = $(wildcard src/core/*.h)
UNIT_SRCS   = $(sort $(wildcard test/unit/test_*.c))
UNIT_BINS   = $(patsubst test/unit/%.c,test/unit/bin/%,$(UNIT_SRCS))
UNIT_CC    ?= cc
UNIT_CFLAGS ?= -std=c99 -O1 -g -Wall -Wextra -Werror -Wdeclaration-after-statement \
	-fsanitize=address,undefined -fno-sanitize-recover=all

test/unit/bin/%: test/unit/%.c $(CORE_SRCS) $(CORE_HDRS) test/unit/unit.h
	@mkdir -p $(@D)
	$(UNIT_CC) $(UNIT_CFLAGS) -Isrc/core -Itest/unit -o $@ $< $(CORE_SRCS) -lm

.PHONY: unit fuzz valgrind test test-matrix test-citus demo bench deps dist
unit: $(UNIT_BINS)
	@bash test/run-unit.sh $(UNIT_BINS)

fuzz:
	@bash test/fuzz/run.sh

valgrind:
	@bash test/valgrind/run.sh

deps:
	@bash test/ensure-deps.sh

test:
	@bash test/run-tests.sh

demo:
	@bash demo/run-demo.sh

bench:
	@bash bench/run-bench.sh

test-matrix:
	@bash test/run-matrix.sh

test-citus:
	@bash test/run-citus.sh

# make dist: the PGXN distribution ltv-X.Y.Z.zip (X.Y.Z is META.json's version)
# from git archive of HEAD, plus the built install and upgrade scripts so
# that META.json's provides.ltv.file is in it; files marked export-ignore in
# .gitattributes (CI configuration) are left out.
DISTVERSION = $(shell sed -n 's/^   "version": "\(.*\)",$$/\1/p' META.json)
DISTNAME    = $(EXTENSION)-$(DISTVERSION)
dist: $(DATA_built)
	git archive --format zip --prefix=$(DISTNAME)/ $(addprefix --add-file=,$(DATA_built)) -o $(DISTNAME).zip HEAD
	@echo "$(DISTNAME).zip"
