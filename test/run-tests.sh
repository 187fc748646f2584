#!/usr/bin/env bash
# make test: install missing build dependencies, build, run the C unit tests
# and the test of the dependency check, install into a private directory, then
# run pg_regress in a throwaway cluster (pg_virtualenv) twice: once as is and
# once with every query forced parallel.  Ends with one line
# "N passed, N failed" and exits non-zero on any failure.
# LTV_DESTDIR and PGPORT: see test/setup.sh.
set -uo pipefail
cd "$(dirname "$0")/.."

passed=0
failed=0

finish() {
	echo "$passed passed, $failed failed"
	[ "$failed" -eq 0 ]
	exit
}

step_failed() {
	echo "ltv: $1 failed" >&2
	failed=$((failed + 1))
	finish
}

. test/setup.sh
ltv_setup_build || step_failed "installing dependencies or the build"

# run_counted NAME COMMAND...: runs a test program that ends with the line
# "NAME: N passed, N failed" and adds its counts (a missing line is a failure)
run_counted() {
	local name=$1 out line
	shift
	out=$("$@" 2>&1)
	echo "$out"
	line=$(grep -E "^$name: [0-9]+ passed, [0-9]+ failed\$" <<<"$out" | tail -1)
	if [ -n "$line" ]; then
		passed=$((passed + $(sed -E 's/.*: ([0-9]+) passed.*/\1/' <<<"$line")))
		failed=$((failed + $(sed -E 's/.* ([0-9]+) failed$/\1/' <<<"$line")))
	else
		failed=$((failed + 1))
		echo "ltv: the $name tests did not build or run" >&2
	fi
}

run_counted unit make -s unit
run_counted ensure-deps bash test/test-ensure-deps.sh

trap ltv_cleanup_private EXIT
ltv_setup_install_private || step_failed "make install"

if [ "$major" -ge 16 ]; then
	force_parallel=debug_parallel_query
else
	force_parallel=force_parallel_mode
fi

# pg_regress prints "test name ... ok" up to 15 and TAP ("ok 1 - name") from 16 on
count_results() {
	local log=$1
	run_passed=$(grep -cE '\.\.\. ok|^ok [0-9]+ ' "$log")
	run_failed=$(grep -cE '\.\.\. FAILED|\.\.\. failed|^not ok [0-9]+ ' "$log")
}

run_regress() {
	local name=$1
	shift
	local log
	log=$(mktemp)
	echo "== pg_regress ($name)"
	pg_virtualenv "${venv_opts[@]}" "$@" make -s installcheck >"$log" 2>&1
	local rc=$?
	cat "$log"
	count_results "$log"
	if [ "$rc" -ne 0 ] && [ "$run_failed" -eq 0 ]; then
		run_failed=1
		echo "ltv: pg_regress ($name) exited with $rc" >&2
	fi
	if [ -f regression.diffs ]; then
		mv regression.diffs "regression.$name.diffs"
		echo "== differences ($name), also in regression.$name.diffs:"
		head -n 400 "regression.$name.diffs"
	fi
	passed=$((passed + run_passed))
	failed=$((failed + run_failed))
	rm -f "$log"
}

rm -f regression.*.diffs
run_regress serial
run_regress parallel -o "$force_parallel=regress" -o parallel_setup_cost=0 -o parallel_tuple_cost=0 \
	-o min_parallel_table_scan_size=0 -o max_parallel_workers_per_gather=2

finish
