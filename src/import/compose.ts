/**
 * docker compose files (the Compose Specification): each service becomes a process run
 * on this machine, not in a container, with `entrypoint` + `command` as its argv (a
 * string split as compose splits it, without a shell), `environment` over its
 * `env_file`s, `working_dir`, `user`, its `healthcheck` as readiness, `depends_on` as
 * dependencies, `restart` and `deploy.replicas`. What only a container has (image,
 * volumes, networks, published ports…) becomes notes.
 * @module
 */
import { dirname, isAbsolute, join } from 'node:path';
import { split } from 'shlex';
import { absoluteExecutable } from './command.js';
import { goDuration } from './durations.js';
import { instanceName } from './names.js';
import { environmentOf, interpolated, isMap, parseYaml, stringList, type YamlMap } from './yaml-source.js';
import type { ImportContext, ImportedProcess, ImportedSystem, Note } from './types.js';
import type { ReadinessInput } from '../model/readiness.js';
import type { RestartInput } from '../model/restart.js';

const MAPPED = new Set(['command', 'entrypoint', 'environment', 'env_file', 'working_dir', 'user', 'healthcheck', 'depends_on', 'restart', 'stop_signal', 'stop_grace_period', 'deploy', 'scale', 'ports', 'expose', 'container_name']);

const words = (value: unknown): string[] => (typeof value === 'string' ? split(value) : stringList(value));

const healthcheckOf = (check: YamlMap): { readiness?: ReadinessInput; notes: string[] } => {
  if (check.disable === true) return { notes: [] };
  const test = typeof check.test === 'string' ? ['CMD-SHELL', check.test] : stringList(check.test);
  const interval = goDuration(check.interval) ?? 30;
  const retries = Number(check.retries ?? 3);
  const timing = { interval, timeout: (goDuration(check.start_period) ?? 0) + interval * retries };
  const notes = ['timeout', 'start_interval'].filter((k) => check[k] !== undefined).map((k) => `${k}: ${String(check[k])}`);
  notes.push('compose keeps checking health while the container runs; procform checks until the process is ready');
  if (test[0] === 'CMD') return { readiness: { kind: 'exec', command: test.slice(1), ...timing }, notes };
  if (test[0] === 'CMD-SHELL') return { readiness: { kind: 'exec', command: ['/bin/sh', '-c', test.slice(1).join(' ')], ...timing }, notes };
  return { notes };
};

const restartOf = (service: YamlMap): RestartInput => {
  const deploy = isMap(service.deploy) && isMap(service.deploy.restart_policy) ? service.deploy.restart_policy : undefined;
  if (deploy) {
    const condition = String(deploy.condition ?? 'any');
    return { policy: condition === 'none' ? 'no' : condition === 'on-failure' ? 'on-failure' : 'always', ...(deploy.max_attempts === undefined ? {} : { maxRestarts: Number(deploy.max_attempts) }), ...(deploy.delay === undefined ? {} : { backoff: { initial: goDuration(deploy.delay) ?? 5, factor: 1 } }) };
  }
  const [policy, max] = String(service.restart ?? 'no').split(':');
  if (policy === 'on-failure') return { policy: 'on-failure', ...(max === undefined ? {} : { maxRestarts: Number(max) }) };
  return policy === 'always' || policy === 'unless-stopped' ? 'always' : 'no';
};

const dependsOnOf = (value: unknown): [string, string][] =>
  isMap(value) ? Object.entries(value).map(([k, v]) => [k, isMap(v) ? String(v.condition ?? 'service_started') : 'service_started']) : stringList(value).map((k) => [k, 'service_started']);

/** Reads a docker compose file. */
export const importCompose = (text: string, context: ImportContext): ImportedSystem => {
  const notes: Note[] = [];
  const data = interpolated(parseYaml(text, context.file), context, notes);
  const dir = dirname(context.file);
  for (const key of Object.keys(data)) if (key !== 'services' && key !== 'version' && key !== 'name') notes.push({ field: key, message: 'top-level section not imported: procform runs processes on this machine, without containers' });
  const services = isMap(data.services) ? data.services : {};
  const taken = new Set<string>();
  const instances = new Map<string, string[]>();
  const made: { process: ImportedProcess; service: YamlMap }[] = [];
  for (const [name, value] of Object.entries(services)) {
    const service = isMap(value) ? value : {};
    const argv = [...words(service.entrypoint), ...words(service.command)];
    if (argv.length === 0) {
      notes.push({ field: `services.${name}`, message: 'no entrypoint or command: it runs what its image says, which the file does not tell; left out' });
      continue;
    }
    const deploy = isMap(service.deploy) ? service.deploy : {};
    const replicas = Number(deploy.replicas ?? service.scale ?? 1);
    const workingDir = service.working_dir === undefined ? undefined : isAbsolute(String(service.working_dir)) ? String(service.working_dir) : join(dir, String(service.working_dir));
    const envFiles = (Array.isArray(service.env_file) ? service.env_file : service.env_file === undefined ? [] : [service.env_file])
      .map((f) => (isMap(f) ? String(f.path) : String(f))).map((f) => (isAbsolute(f) ? f : join(dir, f)));
    const [user, group] = service.user === undefined ? [] : String(service.user).split(':');
    const health = isMap(service.healthcheck) ? healthcheckOf(service.healthcheck) : undefined;
    const ports = stringList(service.ports).map((p) => Number(p.split(':').at(-1)!.split('/')[0]));
    const names: string[] = [];
    for (let n = 1; n <= replicas; n++) {
      const instance = instanceName(replicas > 1 ? `${name}-${n}` : name, taken);
      taken.add(instance);
      names.push(instance);
      const process: ImportedProcess = {
        instance,
        command: absoluteExecutable({ executable: argv[0]!, args: argv.slice(1) }, workingDir ?? dir),
        environment: environmentOf(service.environment).pairs,
        envFiles,
        ...(workingDir === undefined ? {} : { directory: workingDir }),
        ...(user === undefined ? {} : { user }),
        dependencies: [],
        ...(health?.readiness ? { readiness: health.readiness } : {}),
        restart: restartOf(service),
        ...(service.stop_signal === undefined ? {} : { stopSignal: String(service.stop_signal).replace(/^SIG/, '') }),
        ...(goDuration(service.stop_grace_period) === undefined ? {} : { stopTimeout: goDuration(service.stop_grace_period)! }),
        ...(Number.isInteger(ports[0]) && replicas === 1 ? { port: ports[0]! } : {}),
      };
      made.push({ process, service });
      if (service.stop_grace_period !== undefined && goDuration(service.stop_grace_period) === undefined) notes.push({ instance, field: 'stop_grace_period', message: `${JSON.stringify(service.stop_grace_period)} is not a duration; procform's 10 s apply` });
      if (workingDir === undefined) notes.push({ instance, field: 'working_dir', message: 'not set: the image\'s WORKDIR applies in compose; procform starts the process in the supervisor\'s directory' });
      if (group !== undefined) notes.push({ instance, field: 'user', message: `group ${group}: procform runs the process with its user's groups` });
      for (const note of health?.notes ?? []) notes.push({ instance, field: 'healthcheck', message: note });
      for (const bare of environmentOf(service.environment).bare) notes.push({ instance, field: 'environment', message: `${bare} takes its value from the shell running compose; set it in environment` });
      if (service.ports !== undefined) notes.push({ instance, field: 'ports', message: `${JSON.stringify(service.ports)}: published ports belong to a container; the process listens on its own port here` });
      if (isMap(service.env_file) || (Array.isArray(service.env_file) && service.env_file.some((f) => isMap(f) && f.required === false))) notes.push({ instance, field: 'env_file', message: 'required: false is not kept: procform requires every env file to exist' });
      if (envFiles.length > 0) notes.push({ instance, field: 'env_file', message: 'compose interpolates ${VAR} in env files; procform reads them as dotenv files, without interpolation' });
      for (const [key, value] of Object.entries(service)) {
        if (MAPPED.has(key) && !(key === 'deploy' && Object.keys(deploy).some((k) => k !== 'replicas' && k !== 'restart_policy'))) continue;
        notes.push({ instance, field: key, message: `${JSON.stringify(value)} (${key === 'image' || key === 'build' ? 'procform runs the command on this machine, not in a container' : 'procform has no counterpart'})` });
      }
    }
    instances.set(name, names);
  }
  const oneshots = new Set<string>();
  const processes = made.map(({ process, service }) => {
    const dependencies = dependsOnOf(service.depends_on).flatMap(([dep, condition]) => {
      const targets = instances.get(dep);
      if (!targets) notes.push({ instance: process.instance, field: 'depends_on', message: `${dep} is not an imported service` });
      if (condition === 'service_completed_successfully') targets?.forEach((t) => oneshots.add(t));
      if (condition === 'service_started' && targets?.some((t) => made.find((m) => m.process.instance === t)?.process.readiness)) {
        notes.push({ instance: process.instance, field: `depends_on.${dep}`, message: 'service_started: procform waits until the dependency is ready (its healthcheck passes), not only started' });
      }
      return targets ?? [];
    });
    return { ...process, dependencies };
  });
  return { format: 'compose', source: context.file, notes, processes: processes.map((p) => (oneshots.has(p.instance) ? { ...p, type: 'oneshot' as const } : p)) };
};
