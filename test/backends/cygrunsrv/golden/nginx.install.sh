#!/bin/sh
# Installs the Windows service procform-nginx (procform, cygrunsrv backend; generated, not run).
set -eu
mkdir -p -- /srv/pf/log/procform/cygrunsrv
if [ -n "${PROCFORM_CYGRUNSRV_PASSWORD:-}" ]; then exec cygrunsrv --install procform-nginx --path @ROOT@/examples/webapps/bin/proxy.js --args '--listen 8080 --route webapp.local=5000' --dep procform-webapp --termsig TERM --desc 'Host-based reverse proxy' --type auto --user nginx --stdout /srv/pf/log/procform/cygrunsrv/nginx.out.log --stderr /srv/pf/log/procform/cygrunsrv/nginx.err.log --shutdown --neverexits --passwd "$PROCFORM_CYGRUNSRV_PASSWORD"; fi
exec cygrunsrv --install procform-nginx --path @ROOT@/examples/webapps/bin/proxy.js --args '--listen 8080 --route webapp.local=5000' --dep procform-webapp --termsig TERM --desc 'Host-based reverse proxy' --type auto --user nginx --stdout /srv/pf/log/procform/cygrunsrv/nginx.out.log --stderr /srv/pf/log/procform/cygrunsrv/nginx.err.log --shutdown --neverexits
