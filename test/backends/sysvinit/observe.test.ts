// procform status, logs, restart, stop and start on a sysvinit deployment, through the CLI, on the real manager.
import { runObserveCase } from '../../conformance/observe.js';

runObserveCase({ backend: 'sysvinit', manager: false, commands: ['start-stop-daemon'] });
