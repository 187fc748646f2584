#!/usr/bin/env bash
# Regenerates test/fuzz/seeds/<type>.txt: every literal value of each
# stored type that the regression suite writes or reads (sql/*.sql,
# test/sql/*.sql, expected/*.out), valid and invalid alike.
set -euo pipefail
cd "$(dirname "$0")/../.."
# (a grep that finds nothing is not an error)
extract() { { grep -rhoE "$1" expected/*.out sql/*.sql test/sql/*.sql || true; } | sed -E 's/[[:space:]]+$//' | sort -u; }
header() {
	echo "# $1 text values of the regression suite (sql/*.sql, test/sql/*.sql, expected/*.out), valid and invalid;"
	echo "# extracted by test/fuzz/seeds.sh; test/fuzz/seed.c turns them into the fuzz corpus. One value per line."
}
{ header churn_curve; extract "v1 [0-9.e+-]+:[^|'\"]*"; } > test/fuzz/seeds/churn_curve.txt
{ header retention_activity; extract "v2 (utc|local) [^|'\"]*"; } > test/fuzz/seeds/retention_activity.txt
{ header retention_curve; extract "v1 (utc|local) [^|'\"]*"; } > test/fuzz/seeds/retention_curve.txt
{
	header rfm_state
	{ grep -rhoE "'01[0-9a-fA-F]{6,}'" expected/*.out sql/*.sql test/sql/*.sql | tr -d "'"
	  grep -rhoE "^ *01[0-9a-f]{20,}" expected/*.out | tr -d ' ' || true; } | sort -u
} > test/fuzz/seeds/rfm_state.txt
{ header ltv_model; extract "version=[0-9]+ [^|'\"]*"; } > test/fuzz/seeds/ltv_model.txt
{
	header ltv_fit_state
	{ grep -rhoE "(^ *|')[0-9]+;([a-z_]+;)?-?[0-9]+;-?[0-9]+;-?[0-9]+;[0-9]+[^'\"| ]*" expected/*.out sql/*.sql test/sql/*.sql || true; } |
		sed -E "s/^[ ']+//" | sort -u
} > test/fuzz/seeds/ltv_fit_state.txt
