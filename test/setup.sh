# Sourced by test/run-tests.sh, demo/run-demo.sh and bench/run-bench.sh:
# installs missing packages, builds, installs ltv, and sets
#   major      the server's major version
#   venv_opts  pg_virtualenv options for a throwaway cluster that loads this build
# Each step returns non-zero on failure.
#
# ltv_setup_install_private installs into a fresh private directory
# (LTV_DESTDIR=/dir when set) and points the cluster at it (Debian's
# extension_destdir), so make test, demo and bench touch no server directory
# and several work trees can run side by side.  It adds the released 1.0
# install script that the upgrade test needs (test/upgrade/ltv--1.0.sql,
# never installed for real use).  A real install is "make install".

export PG_CONFIG=${PG_CONFIG:-pg_config}

# pg_virtualenv starts its cluster on 5432 unless PGPORT says otherwise, so two
# test runs on one machine (other users, other work trees) would collide:
# without PGPORT, take a free port
ltv_free_port() {
	local port tries
	for tries in $(seq 1 50); do
		port=$(( 20000 + (RANDOM % 20000) ))
		if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && [ ! -e "/var/run/postgresql/.s.PGSQL.$port" ]; then
			echo "$port"
			return 0
		fi
	done
	return 1
}
if [ -z "${PGPORT:-}" ]; then
	PGPORT=$(ltv_free_port) && export PGPORT
fi

ltv_setup_build() {
	bash test/ensure-deps.sh || return 1
	major=$("$PG_CONFIG" --version | sed -E 's/^PostgreSQL ([0-9]+).*/\1/')
	make -s || return 1
}

# ltv_install_into DIR: make install DESTDIR=DIR and point venv_opts at it
ltv_install_into() {
	local dir=$1
	make -s install DESTDIR="$dir" >/dev/null || return 1
	chmod -R a+rX "$dir"
	venv_opts+=(-o "extension_destdir=$dir"
		-o "dynamic_library_path=$dir$("$PG_CONFIG" --pkglibdir):\$libdir")
}

ltv_setup_install_private() {
	venv_opts=(-t -v "$major")
	if [ -n "${LTV_DESTDIR:-}" ]; then
		ltv_destdir=$LTV_DESTDIR
	else
		ltv_destdir=$(mktemp -d "${TMPDIR:-/tmp}/ltv-test.XXXXXX") || return 1
		ltv_destdir_made=1
	fi
	ltv_install_into "$ltv_destdir" || return 1
	local ext="$ltv_destdir$("$PG_CONFIG" --sharedir)/extension"
	install -m 644 test/upgrade/ltv--1.0.sql "$ext/" || return 1
	chmod a+rx "$ltv_destdir"
}

ltv_cleanup_private() {
	if [ -n "${ltv_destdir_made:-}" ] && [ -n "${ltv_destdir:-}" ]; then
		rm -rf "$ltv_destdir"
	fi
}
