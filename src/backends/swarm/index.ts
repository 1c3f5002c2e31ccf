/**
 * The swarm backend: the model as one Docker stack, one Swarm service per process, each
 * deployed from a stack file of its own (`docker stack deploy`), so a switch updates
 * exactly the services whose entries changed, in dependency order, waiting for readiness.
 * Swarm restarts crashed tasks, keeps their logs and health-checks them.
 * @module
 */
import type { Backend } from '../../deploy/backend.js';
import { observed } from '../observed.js';
import { activator } from './activate.js';
import { SWARM_OPTIONS } from './options.js';
import { swarmRecordFile, type SwarmService } from './record.js';
import { render } from './render.js';
import { swarmMissing } from './runs-here.js';
import { logs, status } from './status.js';
import { translate } from './translate.js';

/** The swarm backend. */
export const swarm: Backend<SwarmService> = {
  name: 'swarm',
  summary: 'one Swarm service per process in one stack: a stack file per process, deployed with docker stack deploy',
  limitations: [
    { feature: 'secrets', reason: 'procform does not hand secrets to services yet (Swarm secrets are the plan); a process with secrets is refused' },
    { id: 'readiness-notify', feature: 'readiness kind "notify"', reason: 'a task has no notification fd Swarm or procform could read; rejected at build time' },
    { feature: 'readiness (tcp, http)', reason: "Swarm's health check runs the entry's `health` script in the container, which needs bash (its /dev/tcp) in the image; procform itself probes from the node during a switch" },
    { feature: 'readiness (log)', reason: 'Swarm has no health check on output: procform watches `docker service logs` during a switch only' },
    { id: 'dependencies', feature: 'dependencies', reason: 'Swarm does not order services: procform deploys them in dependency order and waits for readiness during a switch; a task Swarm restarts or moves to another node does not wait for its dependencies' },
    { feature: 'restart backoff (factor, max)', reason: "Swarm waits a fixed delay (the backoff's initial seconds) between restarts; resetAfter is its window, over which max_attempts counts" },
    { feature: 'umask, nice', reason: "Swarm has no such settings: the entry's `run` script sets them (the image needs /bin/sh, and nice(1) for nice); a negative nice adds CAP_SYS_NICE" },
    { feature: 'user', reason: "accounts exist on the node, not in the image: a task whose process has a user starts as root, its `run` script adds the node's entries of the process's accounts (set when the service is deployed, through the stack file's ${PROCFORM_PASSWD}, ${PROCFORM_GROUP} and ${PROCFORM_RUN_AS}) and runs the process as the user with setpriv (util-linux in the image)" },
    { feature: 'initialize', reason: 'runs inside the container at every task start, through the `run` script' },
    { feature: 'log files', reason: "output goes to the engine's log driver: `procform logs -P swarm` reads it with `docker service logs`" },
    { feature: 'state directories', reason: "bind mounts of the node's directories, made by procform on the node that switches: on a one-node swarm, or with placement constraints that keep a process on that node. On several nodes use named volumes (an override of `mounts` cannot express them yet): a volume does not follow a task to another node" },
    { feature: 'files from the node', reason: "the store, the deployment's directories, declared inputs and host executables are bind-mounted from the node that runs the task, so every node needs them at the same paths (a one-node swarm, a shared file system, or an image that carries them)" },
    { feature: 'daemon-only processes', reason: 'run under a foreground proxy script that waits on the pid file (needs /bin/sh, sleep and kill in the image)' },
    { feature: 'overlay network, vip', reason: "a virtual IP needs the routing mesh, which needs iptables: use -o endpointMode=dnsrr (the default) where dockerd runs without it; dnsrr services publish their ports on their node (mode host)" },
    { feature: 'readiness (exec) on several nodes', reason: "procform runs the check with `docker exec` in the task's container, which must be on the node that switches" },
  ],
  tested: 'yes, on a one-node swarm of Docker Engine 20.10 (a dockerd of the tests\' own): acceptance sequence, hostile and oneshot cases, task IDs of unchanged services kept',
  support: {
    readiness: 'Swarm health check, and procform probes during a switch',
    'readiness tcp / http / exec': 'health check: exec as is, tcp/http through the entry\'s bash script',
    'readiness log line': 'procform, during a switch (`docker service logs`)',
    'readiness notify fd': 'rejected',
    dependencies: 'procform, during a switch (deploy order and readiness)',
    'restart policy': 'native (`restart_policy` condition none / on-failure / any)',
    'restart policy, max restarts': 'native (`max_attempts`)',
    'exponential backoff': 'fixed delay (the initial backoff)',
    'user, `initialize` as root': 'emulated: `run` script in the container, setpriv',
    'directory, umask, nice': 'working_dir native; umask and nice by the `run` script',
    'stop signal / timeout': 'native (`stop_signal`, `stop_grace_period`)',
    logs: '`docker service logs`',
    stateDirs: 'bind mounts, made on the node that switches',
    'daemon-only processes': 'emulated: foreground proxy script',
  },
  cannotRunHere: swarmMissing,
  options: SWARM_OPTIONS,
  serviceHost: (instance, options) => (options.network === 'overlay' ? instance : 'localhost'),
  // The services mount the deployment's directories from their node.
  placement: { containers: true, sharedFiles: true },
  entryName: (spec) => spec.name,
  recordFile: swarmRecordFile,
  translate,
  render,
  activator: observed(activator, { status, logs }),
};

export type { SwarmService, SwarmOverrides } from './record.js';
