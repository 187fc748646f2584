#!/usr/bin/env bash
# make valgrind: the regression suite against a server run under Valgrind's
# memcheck (every backend: --trace-children), with PostgreSQL's suppressions
# (test/valgrind/valgrind.supp).  Fails on any Valgrind error whose stack has
# an ltv frame (a function of ltv.so); errors elsewhere in the server are
# listed, not counted.  pg_regress's own results are printed but not judged:
# under Valgrind the timing checks of sql/safety_timeout.sql and plans
# differ.  LTV_REGRESS="name ..." runs only those tests.  Heavy (the suite runs
# 20 to 50 times slower): run it under the heavy lock,
#   flock /work/heavy.lock nice make valgrind
# Ends with the line "valgrind: N passed, N failed" (one check per test run
# with no ltv error).
set -uo pipefail
cd "$(dirname "$0")/../.."
. test/setup.sh
. test/cluster.sh

passed=0
failed=0
finish() {
	echo "valgrind: $passed passed, $failed failed"
	[ "$failed" -eq 0 ]
	exit
}
valgrind=${LTV_VALGRIND:-valgrind}
command -v "$valgrind" >/dev/null 2>&1 || { echo "not ok - valgrind is not installed (apt-get install valgrind)"; failed=1; finish; }
ltv_setup_build || { failed=1; finish; }
trap 'ltv_cluster_stop_all; ltv_cleanup_private; rm -rf "$work"' EXIT
ltv_setup_install_private || { failed=1; finish; }

realbin=$("$PG_CONFIG" --bindir)
work=$(mktemp -d "${TMPDIR:-/tmp}/ltv-valgrind.XXXXXX")
chmod 755 "$work"
mkdir -p "$work/bin" "$work/logs"
chmod 777 "$work/logs"
install -m 644 test/valgrind/valgrind.supp "$work/valgrind.supp"
# initdb runs the real server (a symlink: it finds postgres next to its target);
# pg_ctl is copied, so it starts the wrapper next to it
ln -s "$realbin/initdb" "$work/bin/initdb"
cp "$realbin/pg_ctl" "$work/bin/pg_ctl"
cat >"$work/bin/postgres" <<WRAP
#!/bin/sh
exec $valgrind --quiet --trace-children=yes --track-origins=yes --read-var-info=no \\
	--num-callers=40 --leak-check=no --error-limit=no --gen-suppressions=all --fullpath-after= \\
	--suppressions=$work/valgrind.supp \\
	--error-markers=VALGRINDERROR-BEGIN,VALGRINDERROR-END \\
	--log-file=$work/logs/%p.log "$realbin/postgres" "\$@"
WRAP
chmod 755 "$work/bin/postgres"

settings=()
for ((i = 0; i < ${#venv_opts[@]}; i++)); do
	[ "${venv_opts[$i]}" = -o ] && settings+=("${venv_opts[$((i + 1))]}")
done
start=$(date +%s)
ltv_cluster_start valgrind "$work/bin" "${settings[@]}" || { failed=1; finish; }
ltv_cluster_env valgrind
if [ -n "${LTV_REGRESS:-}" ]; then
	make -s installcheck REGRESS="$LTV_REGRESS" 2>&1 | grep -E '^(test|ok|not ok| *[0-9]+ of)|\.\.\. ' || true
else
	make -s installcheck 2>&1 | grep -E '^(test|ok|not ok| *[0-9]+ of)|\.\.\. ' || true
fi
ltv_cluster_stop valgrind
secs=$(($(date +%s) - start))

# every error block; those with a frame in ltv.so (by object, or by a source file of this src/)
errors=0
ltv_errors=0
for log in "$work"/logs/*.log; do
	[ -s "$log" ] || continue
	n=$(grep -c 'VALGRINDERROR-BEGIN' "$log")
	errors=$((errors + n))
	m=$(awk -v src="$(pwd)/src/" '/VALGRINDERROR-BEGIN/ { block = ""; inblock = 1 }
		inblock { block = block "\n" $0 }
		/VALGRINDERROR-END/ { inblock = 0; if (index(block, "ltv.so") || index(block, src)) { n++; print block > "/dev/stderr" } }
		END { print n + 0 }' "$log" 2>>"$work/ltv-errors.txt")
	ltv_errors=$((ltv_errors + m))
done
if [ "$ltv_errors" -eq 0 ]; then
	echo "ok - no Valgrind error with an ltv frame ($errors errors in all, ${secs} s under Valgrind)"
	passed=$((passed + 1))
else
	echo "not ok - $ltv_errors Valgrind errors with an ltv frame ($errors in all, ${secs} s):"
	head -n 200 "$work/ltv-errors.txt"
	failed=$((failed + 1))
fi
finish
