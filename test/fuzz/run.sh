#!/usr/bin/env bash
# test/fuzz/run.sh: builds the libFuzzer targets of test/fuzz/ (clang,
# -fsanitize=fuzzer,address,undefined, linked with src/core alone), makes
# each one's corpus from the regression suite's values (test/fuzz/seeds/,
# turned into text, binary and combine inputs by test/fuzz/seed.c) and runs
# each target FUZZ_RUNS executions (default 300,000: a few seconds each, the
# short run of make test).  A crash, a sanitizer report, a violated invariant
# (FUZZ_ASSERT) or a timeout fails the target; its input is kept as
# test/fuzz/bin/crash-* (or leak-*, timeout-*).  Ends with the line
# "fuzz: N passed, N failed".
#
# FUZZ_TARGETS="rfm_state ..." runs only those targets.
#
# The long run (10M executions per target; under the heavy lock):
#   flock /work/heavy.lock nice make fuzz FUZZ_RUNS=10000000
set -uo pipefail
cd "$(dirname "$0")/../.."

runs=${FUZZ_RUNS:-300000}
clang=${FUZZ_CC:-clang}
bin=test/fuzz/bin
targets=(churn_curve rfm_state retention_activity retention_curve ltv_model ltv_fit_state)
[ -n "${FUZZ_TARGETS:-}" ] && read -r -a targets <<<"$FUZZ_TARGETS"
passed=0
failed=0

finish() {
	echo "fuzz: $passed passed, $failed failed"
	[ "$failed" -eq 0 ]
	exit
}

mkdir -p "$bin"
if ! "$clang" -g -O1 -std=gnu99 -Wall -Wextra -Werror -Isrc/core -o "$bin/seed" test/fuzz/seed.c src/core/*.c -lm; then
	echo "not ok - the seed tool does not build"
	failed=$((failed + 1))
	finish
fi
# src/core once, instrumented for the fuzzer and the sanitizers
sanitize=(-g -O1 -Wall -Wextra -Werror -Wno-unused-parameter -fno-sanitize-recover=all)
rm -rf "$bin/core"
mkdir -p "$bin/core"
for src in src/core/*.c; do
	if ! "$clang" "${sanitize[@]}" -fsanitize=fuzzer-no-link,address,undefined -Isrc/core \
		-c -o "$bin/core/$(basename "$src" .c).o" "$src"; then
		echo "not ok - $src does not build with clang's sanitizers"
		failed=$((failed + 1))
		finish
	fi
done
for t in "${targets[@]}"; do
	if ! "$clang" "${sanitize[@]}" -fsanitize=fuzzer,address,undefined \
		-Isrc/core -o "$bin/fuzz_$t" "test/fuzz/fuzz_$t.c" "$bin"/core/*.o -lm; then
		echo "not ok - fuzz_$t does not build (clang with libFuzzer needed)"
		failed=$((failed + 1))
		continue
	fi
	rm -rf "$bin/seeds-$t" "$bin/corpus-$t"
	mkdir -p "$bin/seeds-$t" "$bin/corpus-$t"
	"$bin/seed" "$t" "test/fuzz/seeds/$t.txt" "$bin/seeds-$t" || { failed=$((failed + 1)); continue; }
	start=$(date +%s%N)
	if "$bin/fuzz_$t" -runs="$runs" -max_len=4096 -rss_limit_mb=2048 -timeout=20 -seed=1 \
		-artifact_prefix="$bin/" "$bin/corpus-$t" "$bin/seeds-$t" >"$bin/fuzz_$t.log" 2>&1; then
		ms=$(( ($(date +%s%N) - start) / 1000000 ))
		done_line=$(grep -E '^Done [0-9]+ runs' "$bin/fuzz_$t.log" | tail -1)
		echo "ok - fuzz_$t: ${done_line#Done } ($((ms / 1000)).$(printf %03d $((ms % 1000))) s wall, $(ls "$bin/seeds-$t" | wc -l) seeds)"
		passed=$((passed + 1))
	else
		echo "not ok - fuzz_$t: see $bin/fuzz_$t.log"
		grep -E 'invariant violated|ERROR|SUMMARY|artifact' "$bin/fuzz_$t.log" | head -5
		failed=$((failed + 1))
	fi
done
finish
