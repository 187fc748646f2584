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
. test/regress.sh
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
# libFuzzer targets of every core stored type, a short run (test/fuzz/run.sh)
run_counted fuzz bash test/fuzz/run.sh
run_counted ensure-deps bash test/test-ensure-deps.sh
run_counted dist bash test/test-dist.sh

trap ltv_cleanup_private EXIT
ltv_setup_install_private || step_failed "make install"

rm -f regression.*.diffs
ltv_regress serial . pg_virtualenv "${venv_opts[@]}" make -s installcheck
parallel_opts=()
for setting in $(ltv_parallel_settings "$major"); do parallel_opts+=(-o "$setting"); done
ltv_regress parallel . pg_virtualenv "${venv_opts[@]}" "${parallel_opts[@]}" make -s installcheck
# pg_dump / pg_restore of every stored type's edge values (same server version)
run_counted dump-restore pg_virtualenv "${venv_opts[@]}" bash test/test-dump-restore.sh
# the CDNOW master materialized view with an unguarded ltv_predict, refreshed by pg_cron
# (postgresql-NN-cron comes from test/ensure-deps.sh)
run_counted cron pg_virtualenv "${venv_opts[@]}" -o shared_preload_libraries=pg_cron \
	-o cron.database_name=postgres -o cron.use_background_workers=on bash test/test-cron.sh
# every example of README.md, in a cluster of its own (test/readme/check_readme.py)
run_counted readme pg_virtualenv "${venv_opts[@]}" python3 test/readme/check_readme.py README.md

finish
