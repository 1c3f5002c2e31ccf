#!/bin/sh
# A recording stand-in for cygrunsrv (tests only): appends its argv as one JSON line to
# $FAKE_CYGRUNSRV_LOG and keeps service states as files in $FAKE_CYGRUNSRV_STATE.
# It starts nothing. FAKE_CYGRUNSRV_FAIL_START=<service> makes --start of that service fail.
node -e 'require("fs").appendFileSync(process.env.FAKE_CYGRUNSRV_LOG, JSON.stringify(process.argv.slice(1)) + "\n")' -- "$@" || exit 99
state=$FAKE_CYGRUNSRV_STATE
mkdir -p "$state"
case "$1" in
  --install) [ -e "$state/$2" ] && { echo "service exists" >&2; exit 1; }; echo Stopped >"$state/$2" ;;
  --start) [ -e "$state/$2" ] || exit 1; [ "${FAKE_CYGRUNSRV_FAIL_START:-}" = "$2" ] && { echo "start failed" >&2; exit 1; }; echo Running >"$state/$2" ;;
  --stop) [ -e "$state/$2" ] || exit 1; echo Stopped >"$state/$2" ;;
  --remove) [ -e "$state/$2" ] || exit 1; rm -f "$state/$2" ;;
  --query) [ -e "$state/$2" ] || exit 1; printf 'Service             : %s\nCurrent State       : %s\n' "$2" "$(cat "$state/$2")" ;;
  *) exit 2 ;;
esac
