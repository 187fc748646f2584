#!/usr/bin/env bash
# Runs the C unit test programs given as arguments and adds up their
# "# name: N passed, N failed" lines.  A program that crashes or prints no
# such line counts as one failed test.  Prints "unit: N passed, N failed".
set -uo pipefail

passed=0
failed=0
for bin in "$@"; do
	out=$("$bin" 2>&1)
	rc=$?
	echo "$out"
	line=$(printf '%s\n' "$out" | grep -E '^# .*: [0-9]+ passed, [0-9]+ failed$' | tail -1)
	if [ -z "$line" ]; then
		echo "FAIL $bin exited with $rc before reporting" >&2
		failed=$((failed + 1))
		continue
	fi
	p=$(sed -E 's/.*: ([0-9]+) passed, ([0-9]+) failed$/\1/' <<<"$line")
	f=$(sed -E 's/.*: ([0-9]+) passed, ([0-9]+) failed$/\2/' <<<"$line")
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		echo "FAIL $bin exited with $rc" >&2
		f=1
	fi
	passed=$((passed + p))
	failed=$((failed + f))
done
echo "unit: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
