#!/usr/bin/env bash
# Tests the PGXN packaging: META.json against the PGXN Meta Spec (and that
# the validator rejects broken variants), and make dist: the zip holds exactly
# the committed files (less those marked export-ignore) plus the built
# install and upgrade scripts, and ltv builds from it with -Werror.
# Prints "dist: N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."

passed=0
failed=0
ok() { echo "ok - $1"; passed=$((passed + 1)); }
not_ok() { echo "not ok - $1"; failed=$((failed + 1)); }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

if out=$(python3 test/check-meta.py . 2>&1); then
	ok "META.json is valid ($(tail -1 <<<"$out"))"
else
	not_ok "META.json is valid"
	grep '^not ok' <<<"$out" | sed 's/^/    /'
fi

# the validator must reject what the spec rejects
broken() {
	local name=$1 edit=$2
	mkdir -p "$work/broken"
	cp META.json ltv.control Makefile README.md "$work/broken/"
	python3 -c "import json,sys; m=json.load(open('$work/broken/META.json')); $edit; json.dump(m, open('$work/broken/META.json','w'))"
	if python3 test/check-meta.py "$work/broken" >/dev/null 2>&1; then
		not_ok "the validator rejects $name"
	else
		ok "the validator rejects $name"
	fi
}
broken "a version that is not semver" "m['version']='1.1'"
broken "an unknown license name" "m['license']='PostgreSQL License'"
broken "a missing provides" "del m['provides']"
broken "a provided file that does not exist" "m['provides']['ltv']['file']='sql/nothing.sql'"
broken "a version that disagrees with ltv.control" "m['version']='9.9.0'; m['provides']['ltv']['version']='9.9.0'"
broken "an unknown prereq phase" "m['prereqs']['install']={'requires': {'PostgreSQL': '15.0.0'}}"

version=$(python3 -c "import json; print(json.load(open('META.json'))['version'])")
zip="ltv-$version.zip"
if make -s dist >/dev/null 2>&1 && [ -f "$zip" ]; then
	ok "make dist writes $zip"
	mv "$zip" "$work/"
	(cd "$work" && python3 -m zipfile -e "$zip" .)
	dist="$work/ltv-$version"
	expected=$(git ls-files | while read -r f; do
		[ "$(git check-attr export-ignore -- "$f" | sed 's/.*: //')" = set ] || echo "$f"
	done; echo ltv--1.1.sql; ls ltv--*--*.sql 2>/dev/null)
	actual=$(cd "$dist" && find . -type f | sed 's|^\./||')
	if diff <(sort <<<"$expected") <(sort <<<"$actual") >"$work/files.diff"; then
		ok "the zip holds the committed files, less export-ignore, plus the built scripts"
	else
		not_ok "the zip holds the committed files, less export-ignore, plus the built scripts"
		head -20 "$work/files.diff" | sed 's/^/    /'
	fi
	if (cd "$dist" && python3 test/check-meta.py . >/dev/null 2>&1); then
		ok "META.json in the zip is valid"
	else
		not_ok "META.json in the zip is valid"
	fi
	if (cd "$dist" && make -s PG_CONFIG="${PG_CONFIG:-pg_config}" >"$work/build.log" 2>&1); then
		ok "ltv builds from the zip with -Werror"
	else
		not_ok "ltv builds from the zip with -Werror"
		tail -20 "$work/build.log" | sed 's/^/    /'
	fi
	if (cd "$dist" && cat src/sql/[0-9]*.sql | cmp -s - ltv--1.1.sql); then
		ok "the zip's ltv--1.1.sql is its own fragments joined"
	else
		not_ok "the zip's ltv--1.1.sql is its own fragments joined"
	fi
else
	not_ok "make dist writes $zip"
fi

echo "dist: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
