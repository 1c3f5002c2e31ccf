#!/bin/sh
# Installs the Windows service procform-webapp (procform, cygrunsrv backend; generated, not run).
set -eu
mkdir -p -- /srv/pf/log/procform/cygrunsrv
if [ -n "${PROCFORM_CYGRUNSRV_PASSWORD:-}" ]; then exec cygrunsrv --install procform-webapp --path @ROOT@/examples/webapps/bin/webapp.js --env PID_FILE=/srv/pf/tmp/webapp.pid --env PORT=5000 --termsig TERM --desc 'Simple test webapp' --type auto --user webapp --stdout /srv/pf/log/procform/cygrunsrv/webapp.out.log --stderr /srv/pf/log/procform/cygrunsrv/webapp.err.log --shutdown --neverexits --passwd "$PROCFORM_CYGRUNSRV_PASSWORD"; fi
exec cygrunsrv --install procform-webapp --path @ROOT@/examples/webapps/bin/webapp.js --env PID_FILE=/srv/pf/tmp/webapp.pid --env PORT=5000 --termsig TERM --desc 'Simple test webapp' --type auto --user webapp --stdout /srv/pf/log/procform/cygrunsrv/webapp.out.log --stderr /srv/pf/log/procform/cygrunsrv/webapp.err.log --shutdown --neverexits
