// procform status, logs, restart, stop and start on a runit deployment, through the CLI, on the real manager.
import { runObserveCase } from '../../conformance/observe.js';

runObserveCase({ backend: 'runit', manager: true, commands: ['runsvdir', 'sv', 'svlogd'] });
