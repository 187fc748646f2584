#!/usr/bin/env bash
# make bench: time each benchmark case (bench/cases/*.sql) against the plain SQL
# a user would write, on generated orders, in one throwaway cluster.
#
#   SIZE=100k|1m|10m|<number>  orders to generate (default 1m; about 10 orders per customer)
#   BENCH="<pattern> ..."      only case files whose name contains one of them (default: all)
#   BENCH_RUNS=<n>             timed runs per query after one warm-up (default 5)
#   BENCH_INTERLEAVE=1         alternate ours and plain, one warm-up and one timed run
#                              each time (BENCH_RUNS times): fairer on a shared machine
#   LTV_DESTDIR, PGPORT        as for make test
#
# Prints one row per case: orders, median ms of ours and of the plain SQL, their
# ratio, peak memory of the leader backend, and whether the two results agree.
# A case whose results disagree makes the run exit non-zero.  Nothing here
# asserts a time.  Results are also written to bench/out/results-<size>.txt.
set -uo pipefail
cd "$(dirname "$0")/.."

. test/setup.sh
trap ltv_cleanup_private EXIT
ltv_setup_build && ltv_setup_install_private || exit 1
venv_opts+=(-o shared_buffers=64MB -o work_mem=256MB -o max_parallel_workers_per_gather=2 -o jit=off)

mkdir -p bench/out
cc -std=c99 -O2 -Wall -Wextra -Werror -Isrc/core -o bench/out/gen_orders bench/gen_orders.c src/core/period.c -lm || exit 1

export SIZE=${SIZE:-1m} BENCH=${BENCH:-} BENCH_RUNS=${BENCH_RUNS:-5} BENCH_INTERLEAVE=${BENCH_INTERLEAVE:-0}
pg_virtualenv "${venv_opts[@]}" bash bench/run-cases.sh
