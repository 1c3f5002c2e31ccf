// procform status, logs, restart, stop and start on a supervisord deployment, through the CLI, on the real manager.
import { runObserveCase } from '../../conformance/observe.js';

runObserveCase({ backend: 'supervisord', manager: true, commands: ['supervisord', 'supervisorctl'] });
