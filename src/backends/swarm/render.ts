/**
 * Renders a service record: `service.json` (the record itself, canonical, so the entry's
 * hash changes exactly when the service would be deployed differently), `compose.yaml`
 * (the stack file `docker stack deploy` reads) and the scripts the container runs.
 * @module
 */
import { canonicalJson } from '../../render/json.js';
import { file, type FileSet } from '../../store/file-set.js';
import { DAEMON_PROXY_FILE, DAEMON_PROXY_SCRIPT, WRAPPER_FILE } from '../docker/index.js';
import { checkService } from './check.js';
import { HEALTH_FILE, HEALTH_SCRIPT } from './health.js';
import { swarmRecordFile, type SwarmService } from './record.js';
import { renderStackFile, STACK_FILE } from './stack-file.js';

/** The entry's files. */
export const render = (record: SwarmService): FileSet => {
  checkService(record);
  const healthScript = record.healthcheck?.test[0]?.endsWith(`/${HEALTH_FILE}`) === true;
  return [
    file(swarmRecordFile.name, canonicalJson(record)),
    file(STACK_FILE, renderStackFile(record)),
    ...(record.wrapper !== null ? [file(WRAPPER_FILE, record.wrapper, true)] : []),
    ...(record.daemonProxy ? [file(DAEMON_PROXY_FILE, DAEMON_PROXY_SCRIPT, true)] : []),
    ...(healthScript ? [file(HEALTH_FILE, HEALTH_SCRIPT, true)] : []),
  ];
};
