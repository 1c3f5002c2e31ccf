// procform status, logs, restart, stop and start on an s6-rc deployment, through the CLI, on
// the real manager. s6-rc cannot wait for a log line, so db's readiness is a command, which
// s6-notifyoncheck runs: s6 then knows when db is ready.
import { runObserveCase } from '../../conformance/observe.js';

runObserveCase({
  backend: 's6-rc', manager: true, knowsReadiness: true, switchArgs: ['--extra-params', '{"readiness":"exec"}'],
  commands: ['s6-svscan', 's6-rc', 's6-rc-compile', 's6-rc-init', 's6-rc-update', 's6-log'],
});
