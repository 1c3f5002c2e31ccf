/**
 * Renders a container record: `container.json` (the record itself, canonical, so the
 * entry's hash changes exactly when the container would be created differently) and the
 * scripts the command runs through, when it needs them.
 * @module
 */
import { canonicalJson } from '../../render/json.js';
import { file, type FileSet } from '../../store/file-set.js';
import { checkContainer } from './check.js';
import { dockerRecordFile, type DockerContainer } from './record.js';
import { DAEMON_PROXY_FILE, DAEMON_PROXY_SCRIPT, WRAPPER_FILE } from './wrapper.js';

/** The entry's files. */
export const render = (record: DockerContainer): FileSet => {
  checkContainer(record);
  return [
    file(dockerRecordFile.name, canonicalJson(record)),
    ...(record.wrapper !== null ? [file(WRAPPER_FILE, record.wrapper, true)] : []),
    ...(record.daemonProxy ? [file(DAEMON_PROXY_FILE, DAEMON_PROXY_SCRIPT, true)] : []),
  ];
};
