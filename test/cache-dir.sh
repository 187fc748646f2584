# Sourced: sets LTV_CACHE_DIR, where built servers (and Citus) are cached
# outside the work tree.  Root: /var/cache/ltv (the ordinary user that runs the
# test servers can read it); otherwise ${XDG_CACHE_HOME:-~/.cache}/ltv.
if [ -z "${LTV_CACHE_DIR:-}" ]; then
	if [ "$(id -u)" -eq 0 ]; then
		LTV_CACHE_DIR=/var/cache/ltv
	else
		LTV_CACHE_DIR=${XDG_CACHE_HOME:-$HOME/.cache}/ltv
	fi
fi
export LTV_CACHE_DIR
