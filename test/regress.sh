# Sourced by test/run-tests.sh and test/run-matrix.sh: running pg_regress and
# counting its results into $passed and $failed.
#
#   ltv_regress NAME DIR COMMAND...   runs COMMAND (a pg_regress run such as
#       "make -s installcheck") in DIR, prints its log, adds its counts, and
#       keeps DIR/regression.diffs as ./regression.NAME.diffs
#   ltv_parallel_settings MAJOR       the settings that force every query
#       parallel (force_parallel_mode up to 15, debug_parallel_query from 16)

# pg_regress prints "test name ... ok" up to 15 and TAP ("ok 1 - name") from 16 on
ltv_count_results() {
	local log=$1
	run_passed=$(grep -cE '\.\.\. ok|^ok [0-9]+ ' "$log")
	run_failed=$(grep -cE '\.\.\. FAILED|\.\.\. failed|^not ok [0-9]+ ' "$log")
}

ltv_parallel_settings() {
	local force=force_parallel_mode
	[ "$1" -ge 16 ] && force=debug_parallel_query
	echo "$force=regress parallel_setup_cost=0 parallel_tuple_cost=0 min_parallel_table_scan_size=0 max_parallel_workers_per_gather=2"
}

# LTV_REGRESS="name ..." runs only those tests (make test LTV_REGRESS=upgrade)
ltv_regress() {
	local name=$1 dir=$2 log rc here
	shift 2
	if [ -n "${LTV_REGRESS:-}" ]; then
		set -- "$@" REGRESS="$LTV_REGRESS"
	fi
	here=$(pwd)
	log=$(mktemp)
	echo "== pg_regress ($name)"
	(cd "$dir" && rm -f regression.diffs && "$@") >"$log" 2>&1
	rc=$?
	cat "$log"
	ltv_count_results "$log"
	if [ "$rc" -ne 0 ] && [ "$run_failed" -eq 0 ]; then
		run_failed=1
		echo "ltv: pg_regress ($name) exited with $rc" >&2
	fi
	if [ "$run_passed" -eq 0 ] && [ "$run_failed" -eq 0 ]; then
		run_failed=1
		echo "ltv: pg_regress ($name) ran no test" >&2
	fi
	if [ -f "$dir/regression.diffs" ]; then
		mv "$dir/regression.diffs" "$here/regression.$name.diffs"
		echo "== differences ($name), also in regression.$name.diffs:"
		head -n 400 "$here/regression.$name.diffs"
	fi
	passed=$((passed + run_passed))
	failed=$((failed + run_failed))
	rm -f "$log"
}
