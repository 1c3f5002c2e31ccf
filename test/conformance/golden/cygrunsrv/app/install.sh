#!/bin/sh
# Installs the Windows service procform-app (procform, cygrunsrv backend; generated, not run).
set -eu
mkdir -p -- /srv/pf/log/procform/cygrunsrv
if [ -n "${PROCFORM_CYGRUNSRV_PASSWORD:-}" ]; then exec cygrunsrv --install procform-app --path /srv/pf/store/cfdbhvdw7mrw8wd13g0dg3b9l4qnzcl4-app/bin/app-start --args '/bin/sleep 1000' --env MODE=production --chdir /tmp --dep procform-db --termsig TERM --desc app --type auto --user pfuser --stdout /srv/pf/log/procform/cygrunsrv/app.out.log --stderr /srv/pf/log/procform/cygrunsrv/app.err.log --shutdown --neverexits --passwd "$PROCFORM_CYGRUNSRV_PASSWORD"; fi
exec cygrunsrv --install procform-app --path /srv/pf/store/cfdbhvdw7mrw8wd13g0dg3b9l4qnzcl4-app/bin/app-start --args '/bin/sleep 1000' --env MODE=production --chdir /tmp --dep procform-db --termsig TERM --desc app --type auto --user pfuser --stdout /srv/pf/log/procform/cygrunsrv/app.out.log --stderr /srv/pf/log/procform/cygrunsrv/app.err.log --shutdown --neverexits
