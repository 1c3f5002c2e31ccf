/**
 * The docker backend: one container per process, created and started through the
 * engine's command line (`$PROCFORM_DOCKER`, default `docker`; podman speaks the same
 * commands). The engine restarts crashed processes and keeps their logs; procform orders
 * starts by dependency, waits for readiness and restarts only containers whose record
 * changed. `procform compose` exports the same records as a compose.yaml.
 * @module
 */
import type { Backend } from '../../deploy/backend.js';
import { observed } from '../observed.js';
import { activator } from './activate.js';
import { logs, status } from './status.js';
import { DOCKER_OPTIONS } from './options.js';
import { dockerRecordFile, type DockerContainer } from './record.js';
import { render } from './render.js';
import { translate } from './translate.js';
import { engineMissing } from './runs-here.js';

/** The docker backend. */
export const docker: Backend<DockerContainer> = {
  name: 'docker',
  summary: 'one container per process through the docker CLI (or podman); compose.yaml export',
  limitations: [
    { feature: 'secrets', reason: 'the container\'s command is run by /bin/sh (which the image needs), which exports the process\'s secrets file, bind-mounted read-only, before the `run` wrapper drops to the user; every container sees the lib dir\'s secrets directory empty (a tmpfs over it), so no container reads another\'s; the values are exported inside the container at its start, so `docker inspect` does not show them' },
    { id: 'readiness-notify', feature: 'readiness kind "notify"', reason: 'a container has no notification fd the engine or procform could read; rejected at build time' },
    { feature: 'readiness (tcp, http, exec, log)', reason: 'the engine has no readiness gate between containers: procform probes during a switch only — tcp/http from the host (the host network, or the published port on 127.0.0.1), exec through `docker exec`, log lines through `docker logs`' },
    { id: 'dependencies', feature: 'dependencies', reason: 'the engine does not order containers: procform starts them in dependency order during a switch; a container the engine restarts does not wait for its dependencies' },
    { feature: 'restart backoff (initial, factor, max, resetAfter)', reason: "the engine's own delays apply (docker doubles from 100 ms; podman restarts at once)" },
    { feature: 'maxRestarts with policy "always"', reason: 'docker limits retries only for on-failure (on-failure:N); always restarts without limit' },
    { feature: 'umask, nice', reason: 'docker has no such settings: the entry\'s `run` script sets them (the image needs /bin/sh, and nice(1) for nice); a negative nice adds CAP_SYS_NICE' },
    { feature: 'initialize', reason: 'runs inside the container at every container start, through the `run` script: as root when the process has a user, else as the image\'s user' },
    { feature: 'user', reason: 'accounts exist on the host, not in the image: a container whose process has a user starts as root, its `run` script adds the process\'s accounts (the host\'s entries, looked up when the container is created) to the container\'s /etc/passwd and /etc/group and runs the process as the user with setpriv, which the image must have (util-linux)' },
    { feature: 'forceDisableUserChange', reason: "no --user is passed: processes run as the image's user (root in most images; the calling user under a rootless engine)" },
    { feature: 'log files', reason: "output goes to the engine's log driver, not to per-process files: `procform logs -P docker` reads it with `docker logs`. Only a container that does not come up during a switch has its output copied, to <logDir>/procform/docker/<container>.failed.log, before the way back removes it" },
    { feature: 'state directories', reason: 'created on the host by procform before each start it performs, not before the engine restarts a crashed container' },
    { feature: 'daemon-only processes', reason: 'run under a foreground proxy script that waits on the pid file (needs /bin/sh, sleep and kill in the image); SIGKILL after the stop timeout ends the whole container' },
    { feature: 'executables from the host', reason: 'an absolute executable outside /usr, /bin, /sbin, /lib*, /etc and /opt is bind-mounted read-only with its directory; its interpreter and libraries must be in the image' },
    { feature: 'files from the host', reason: 'declared inputs, arguments that are existing host paths, and the working directory are bind-mounted read-only at their own paths (a script argument as the file alone: declare its directory in inputs when it loads its neighbours)' },
    { feature: 'paths with ":", "," or line breaks', reason: 'the directories the containers mount cannot contain them (`--volume` syntax); rejected' },
    { feature: 'boot start under podman', reason: 'podman has no daemon: containers with a restart policy come back at boot only with podman-restart.service enabled' },
    { feature: 'compose readiness', reason: 'compose.yaml gets a healthcheck (and depends_on condition service_healthy) only for exec readiness; tcp, http and log readiness would need probing tools the image may not have, so their dependents wait for service_started' },
    { feature: 'compose state directories and users', reason: 'compose does not create state directories with owners, nor accounts: create them first (a `procform switch -P docker` does); the accounts\' entries are written into each service\'s environment (this machine\'s, else the ids file\'s)' },
  ],
  tested: 'yes, through podman (containers, readiness, users, the stack); compose.yaml parsed back, not run',
  cannotRunHere: engineMissing,
  options: DOCKER_OPTIONS,
  serviceHost: (instance, options) => (options.network === 'host' ? 'localhost' : instance),
  // The containers mount the deployment's directories.
  placement: { containers: true, sharedFiles: true },
  entryName: (spec) => spec.name,
  recordFile: dockerRecordFile,
  translate,
  render,
  activator: observed(activator, { status, logs }),
};

export type { DockerContainer } from './record.js';
export { RECORD_FILE } from './record.js';
export { createArgs } from './create-args.js';
export { composeDocument, renderCompose, type ComposeAccounts } from './compose.js';
// What the swarm backend shares with this one: the same containers, run by Swarm instead.
export { wrapperScript, WRAPPER_FILE, DAEMON_PROXY_FILE, DAEMON_PROXY_SCRIPT } from './wrapper.js';
export { defaultMounts } from './mounts.js';
export { DEFAULT_IMAGE, IMAGE_PATTERN } from './options.js';
export { resolveAccounts, accountEnvironment, ACCOUNT_VARIABLES, type AccountRecord, type ContainerAccounts } from './accounts.js';
export { escapeInterpolation } from './compose.js';
export { dockerCommand, engine, engineOk } from './engine.js';
