#!/usr/bin/env bash
# Runs inside pg_virtualenv (see run-bench.sh): loads the orders and runs the cases.
set -uo pipefail

case "${SIZE,,}" in
	*k) orders=$(( ${SIZE%[kK]} * 1000 )) ;;
	*m) orders=$(( ${SIZE%[mM]} * 1000000 )) ;;
	*) orders=$SIZE ;;
esac
table="orders_${SIZE,,}"
as_of='2025-01-01 00:00:00+00'
psql_cmd=(psql -X -q -v ON_ERROR_STOP=1 -v "orders=$table" -v "as_of=$as_of")

echo "== generating $orders orders into $table"
"${psql_cmd[@]}" <<SQL || exit 1
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS ltv;
DROP TABLE IF EXISTS $table;
CREATE TABLE $table (customer_id bigint, ordered_at timestamptz, amount numeric(12,2), channel text);
\copy $table FROM PROGRAM 'bench/out/gen_orders --orders $orders' WITH (FORMAT csv)
VACUUM ANALYZE $table;
SQL
"${psql_cmd[@]}" -At -c "SELECT 'customers: ' || count(DISTINCT customer_id) || ', table: ' || pg_size_pretty(pg_table_size('$table')) FROM $table"

median() {
	sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) print "nan"; else if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# time_query <settings file> <query file>: prints "median_ms peak_kB"
time_query() {
	local settings=$1 query=$2 script out
	script=$(mktemp)
	{
		cat "$settings"
		local body
		body=$(sed -e 's/;[[:space:]]*$//' "$query")
		for _ in $(seq 0 "$BENCH_RUNS"); do
			printf 'EXPLAIN (ANALYZE, TIMING OFF, SUMMARY ON, FORMAT JSON)\n%s;\n' "$body"
		done
		echo "SELECT 'peak_kB ' || (regexp_match(pg_read_file('/proc/self/status'), 'VmHWM:\\s+(\\d+)'))[1];"
	} >"$script"
	out=$("${psql_cmd[@]}" -At -f "$script") || { rm -f "$script"; echo "nan nan"; return 1; }
	rm -f "$script"
	local ms peak
	ms=$(grep -oE '"Execution Time": [0-9.]+' <<<"$out" | awk '{ print $3 }' | tail -n +2 | median)
	peak=$(grep -oE '^peak_kB [0-9]+' <<<"$out" | awk '{ print $2 }')
	echo "$ms $peak"
}

results="bench/out/results-${SIZE,,}.txt"
header=$(printf '%-48s %10s %12s %12s %8s %10s %10s  %s' case orders "ours ms" "plain ms" ratio "ours MB" "plain MB" agree)
echo
echo "$header" | tee "$results"
disagreements=0
for file in bench/cases/*.sql; do
	[ -e "$file" ] || continue
	if [ -n "$BENCH" ]; then
		selected=0
		for pattern in $BENCH; do
			[[ "$(basename "$file")" == *"$pattern"* ]] && selected=1
		done
		[ "$selected" = 1 ] || continue
	fi
	dir=$(mktemp -d)
	# split the file into dir/<n>/{name,settings,setup,ours,plain,check}
	awk -v dir="$dir" '
		/^-- @case / { n++; section = "name"; system("mkdir -p " dir "/" n); sub(/^-- @case /, ""); print > (dir "/" n "/name"); next }
		/^-- @(settings|setup|ours|plain|check|report|ours_settings|plain_settings)[[:space:]]*$/ { section = substr($2, 2); next }
		n > 0 && section != "name" { print >> (dir "/" n "/" section) }
	' "$file"
	for casedir in $(ls -d "$dir"/*/ 2>/dev/null | sort -t/ -k4 -n); do
		name=$(cat "$casedir/name")
		touch "$casedir/settings" "$casedir/setup"
		if [ ! -s "$casedir/ours" ] || [ ! -s "$casedir/plain" ] || [ ! -s "$casedir/check" ]; then
			echo "bench: case '$name' in $file needs @ours, @plain and @check" >&2
			disagreements=$((disagreements + 1))
			continue
		fi
		if [ -s "$casedir/setup" ]; then
			{ echo "SET client_min_messages = warning;"; cat "$casedir/settings" "$casedir/setup"; } |
				"${psql_cmd[@]}" -f - >/dev/null || {
				echo "bench: setup of '$name' failed" >&2
				disagreements=$((disagreements + 1))
				continue
			}
		fi
		# @ours_settings / @plain_settings: what only one side runs with (after @settings)
		touch "$casedir/ours_settings" "$casedir/plain_settings"
		cat "$casedir/settings" "$casedir/ours_settings" >"$casedir/ours_all_settings"
		cat "$casedir/settings" "$casedir/plain_settings" >"$casedir/plain_all_settings"
		if [ "${BENCH_INTERLEAVE:-0}" = 1 ]; then
			# ours and plain alternately, one timed run (after a warm-up) each time,
			# so that a change in the machine's load hits both sides alike
			ours_runs=() plain_runs=() ours_kb=0 plain_kb=0
			for _ in $(seq 1 "$BENCH_RUNS"); do
				read -r ms kb < <(BENCH_RUNS=1 time_query "$casedir/ours_all_settings" "$casedir/ours")
				ours_runs+=("$ms"); [ "${kb:-0}" -gt "$ours_kb" ] 2>/dev/null && ours_kb=$kb
				read -r ms kb < <(BENCH_RUNS=1 time_query "$casedir/plain_all_settings" "$casedir/plain")
				plain_runs+=("$ms"); [ "${kb:-0}" -gt "$plain_kb" ] 2>/dev/null && plain_kb=$kb
			done
			ours_ms=$(printf '%s\n' "${ours_runs[@]}" | median)
			plain_ms=$(printf '%s\n' "${plain_runs[@]}" | median)
			case "${ours_runs[*]} ${plain_runs[*]}" in *nan*) ours_ms=nan ;; esac
		else
			read -r ours_ms ours_kb < <(time_query "$casedir/ours_all_settings" "$casedir/ours")
			read -r plain_ms plain_kb < <(time_query "$casedir/plain_all_settings" "$casedir/plain")
		fi
		agree=$(cat "$casedir/settings" "$casedir/check" | "${psql_cmd[@]}" -At -f - 2>&1 | tail -1)
		if [ "$ours_ms" = nan ] || [ "$plain_ms" = nan ]; then
			agree="NO (a query failed)"
			disagreements=$((disagreements + 1))
		elif [ "$agree" = "t" ]; then
			agree=yes
		else
			agree="NO ($agree)"
			disagreements=$((disagreements + 1))
		fi
		ratio=$(awk -v a="$ours_ms" -v b="$plain_ms" 'BEGIN { if (a > 0) printf "%.2fx", b / a; else print "-" }')
		printf '%-48s %10s %12.1f %12.1f %8s %10.1f %10.1f  %s\n' "${name:0:48}" "$orders" "$ours_ms" "$plain_ms" \
			"$ratio" "$(awk -v k="${ours_kb:-0}" 'BEGIN { print k / 1024 }')" \
			"$(awk -v k="${plain_kb:-0}" 'BEGIN { print k / 1024 }')" "$agree" | tee -a "$results"
		# @report: measurements printed under the row (e.g. sizes of the stored values).
		# The case's @settings are repeated after every \c: a new session starts from
		# the server's defaults (which allow parallel plans).
		if [ -s "$casedir/report" ]; then
			{ cat "$casedir/settings"
			  awk -v settings="$casedir/settings" '{ print } /^\\c([[:space:]]|$)/ { while ((getline line < settings) > 0) print line; close(settings) }' "$casedir/report"
			} | "${psql_cmd[@]}" -At -f - 2>&1 | sed 's/^/    # /' | tee -a "$results"
		fi
	done
	rm -rf "$dir"
done
echo
echo "ratio = plain ms / ours ms (higher is better for ltv); medians of $BENCH_RUNS runs after a warm-up;"
echo "MB = peak RSS of the leader backend (parallel workers not included; shared_buffers = 64MB)."
[ "$disagreements" -eq 0 ]
