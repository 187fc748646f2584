# Sourced by test/run-tests.sh, demo/run-demo.sh and bench/run-bench.sh:
# installs missing packages, builds, installs ltv, and sets
#   major      the server's major version
#   venv_opts  pg_virtualenv options for a throwaway cluster that loads this build
# LTV_DESTDIR=/dir installs there instead of into the server's directories and
# points the cluster at it (Debian's extension_destdir), so several work trees
# can be tested side by side.  Each step returns non-zero on failure.

export PG_CONFIG=${PG_CONFIG:-pg_config}

ltv_setup_build() {
	bash test/ensure-deps.sh || return 1
	major=$("$PG_CONFIG" --version | sed -E 's/^PostgreSQL ([0-9]+).*/\1/')
	make -s || return 1
}

ltv_setup_install() {
	venv_opts=(-t -v "$major")
	if [ -n "${LTV_DESTDIR:-}" ]; then
		make -s install DESTDIR="$LTV_DESTDIR" >/dev/null || return 1
		chmod -R a+rX "$LTV_DESTDIR"
		venv_opts+=(-o "extension_destdir=$LTV_DESTDIR"
			-o "dynamic_library_path=$LTV_DESTDIR$("$PG_CONFIG" --pkglibdir):\$libdir")
	else
		make -s install >/dev/null || return 1
	fi
}
