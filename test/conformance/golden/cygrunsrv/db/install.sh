#!/bin/sh
# Installs the Windows service procform-db (procform, cygrunsrv backend; generated, not run).
set -eu
mkdir -p -- /srv/pf/log/procform/cygrunsrv
exec cygrunsrv --install procform-db --path /bin/sleep --args '1000 '\''with space'\'' it'\''s' --env EMPTY= --env 'GREETING=hello $USER' --termsig TERM --desc 'database, 100% "quoted"' --type auto --stdout /srv/pf/log/procform/cygrunsrv/db.out.log --stderr /srv/pf/log/procform/cygrunsrv/db.err.log --shutdown
