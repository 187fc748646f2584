# Sourced: start and stop a throwaway PostgreSQL cluster of any build (the
# version matrix's servers, Citus nodes) on loopback, as an ordinary OS user.
#
#   ltv_cluster_start NAME BINDIR [postgres -c settings...]
#       initdb (trust, superuser "postgres") into a fresh directory, start the
#       server on a free port with its socket in that directory, and set
#       cluster_port[NAME], cluster_dir[NAME]; ltv_cluster_env NAME exports
#       PGHOST, PGPORT, PGUSER for it.
#   ltv_cluster_stop NAME       stop it and remove its directory
#   ltv_cluster_stop_all        stop every cluster this shell started
#
# PostgreSQL refuses to run as root: as root the server runs as
# $LTV_TEST_USER (default postgres, which Debian's server package creates);
# otherwise as the calling user.

declare -gA cluster_port=() cluster_dir=() cluster_bindir=()

ltv_cluster_user() {
	if [ "$(id -u)" -eq 0 ]; then
		echo "${LTV_TEST_USER:-postgres}"
	else
		id -un
	fi
}

# ltv_as_cluster_user COMMAND...: run a command as the cluster user
ltv_as_cluster_user() {
	if [ "$(id -u)" -eq 0 ]; then
		runuser -u "$(ltv_cluster_user)" -- "$@"
	else
		"$@"
	fi
}

ltv_cluster_start() {
	local name=$1 bindir=$2
	shift 2
	local user dir port tries opts=()
	user=$(ltv_cluster_user)
	id "$user" >/dev/null 2>&1 || { echo "ltv: no OS user $user to run the test server as (set LTV_TEST_USER)" >&2; return 1; }
	dir=$(mktemp -d "${TMPDIR:-/tmp}/ltv-cluster-$name.XXXXXX") || return 1
	chmod 755 "$dir"
	[ "$(id -u)" -eq 0 ] && chown "$user" "$dir"
	ltv_as_cluster_user "$bindir/initdb" -D "$dir/data" -A trust -U postgres --no-sync -E UTF8 --locale=C >"$dir/initdb.log" 2>&1 ||
		{ echo "ltv: initdb failed for $name:" >&2; tail -n 20 "$dir/initdb.log" >&2; return 1; }
	for setting in "$@"; do opts+=(-c "$setting"); done
	for tries in 1 2 3 4 5 6 7 8 9 10; do
		port=$(( 20000 + (RANDOM % 20000) ))
		if ltv_as_cluster_user "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
			-o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off ${opts[*]}" start >/dev/null 2>&1; then
			cluster_port[$name]=$port
			cluster_dir[$name]=$dir
			cluster_bindir[$name]=$bindir
			return 0
		fi
		grep -q "could not bind\|already in use" "$dir/server.log" 2>/dev/null || break
	done
	echo "ltv: the $name server did not start:" >&2
	tail -n 20 "$dir/server.log" >&2
	return 1
}

ltv_cluster_env() {
	local name=$1
	export PGHOST=${cluster_dir[$name]} PGPORT=${cluster_port[$name]} PGUSER=postgres
	unset PGDATABASE
}

ltv_cluster_stop() {
	local name=$1
	[ -n "${cluster_dir[$name]:-}" ] || return 0
	ltv_as_cluster_user "${cluster_bindir[$name]}/pg_ctl" -D "${cluster_dir[$name]}/data" -m fast -w stop >/dev/null 2>&1
	rm -rf "${cluster_dir[$name]}"
	unset "cluster_dir[$name]" "cluster_port[$name]" "cluster_bindir[$name]"
}

ltv_cluster_stop_all() {
	local name
	for name in "${!cluster_dir[@]}"; do
		ltv_cluster_stop "$name"
	done
}
