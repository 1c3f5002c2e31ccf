// procform status, logs, restart, stop and start on a s6 deployment, through the CLI, on the real manager.
import { runObserveCase } from '../../conformance/observe.js';

runObserveCase({ backend: 's6', manager: true, commands: ['s6-svscan', 's6-svc', 's6-svstat', 's6-log'] });
