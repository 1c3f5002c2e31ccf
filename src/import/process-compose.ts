/**
 * process-compose files (process-compose 1.x, from its documentation): each process's
 * command runs through the configured shell (`bash -c` by default) from its `working_dir`,
 * with the global and its own `environment`, the `.env` beside the file (injected unless
 * `is_dotenv_disabled`), and `PC_REPLICA_NUM` for replicas. Readiness comes from
 * `readiness_probe` and `ready_log_line`, dependencies from `depends_on`.
 * @module
 */
import { dirname, isAbsolute, join } from 'node:path';
import { absoluteExecutable, shellCommand } from './command.js';
import { instanceName } from './names.js';
import { environmentOf, interpolated, isMap, parseYaml, stringList, type YamlMap } from './yaml-source.js';
import type { ImportContext, ImportedProcess, ImportedSystem, Note } from './types.js';
import type { ReadinessInput } from '../model/readiness.js';
import type { RestartInput } from '../model/restart.js';
import { signalName } from './signals.js';

const MAPPED = new Set(['command', 'entrypoint', 'working_dir', 'environment', 'depends_on', 'availability', 'readiness_probe', 'ready_log_line', 'shutdown', 'replicas', 'description', 'disabled', 'is_disabled', 'is_dotenv_disabled']);

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const probeOf = (probe: YamlMap, directory: string, shell: readonly string[]): { readiness?: ReadinessInput; notes: string[] } => {
  const period = Number(probe.period_seconds ?? 10);
  const failures = Number(probe.failure_threshold ?? 3);
  const timing = { interval: period, timeout: Number(probe.initial_delay_seconds ?? 0) + period * failures };
  const notes = ['success_threshold', 'timeout_seconds'].filter((k) => probe[k] !== undefined).map((k) => `${k}: ${String(probe[k])}`);
  if (isMap(probe.exec)) {
    if (probe.exec.working_dir !== undefined && probe.exec.working_dir !== directory) notes.push(`exec.working_dir: ${String(probe.exec.working_dir)} (procform runs the check in the process's directory)`);
    return { readiness: { kind: 'exec', command: [...shell, String(probe.exec.command)], ...timing }, notes };
  }
  if (isMap(probe.http_get)) {
    const get = probe.http_get;
    if (String(get.scheme ?? 'http').toLowerCase() !== 'http') notes.push(`http_get.scheme: ${String(get.scheme)} (procform's http check speaks plain HTTP)`);
    if (get.headers !== undefined) notes.push('http_get.headers (procform\'s http check sends none)');
    return { readiness: { kind: 'http', port: Number(get.port), path: String(get.path ?? '/'), host: String(get.host ?? '127.0.0.1'), ...(get.status_code === undefined ? { status: [200] } : { status: [Number(get.status_code)] }), ...timing }, notes };
  }
  return { notes: ['a probe without exec or http_get'] };
};

const restartOf = (availability: YamlMap | undefined): RestartInput => {
  const policy = String(availability?.restart ?? 'no');
  const name = policy === 'always' ? 'always' : policy === 'on_failure' || policy === 'exit_on_failure' ? 'on-failure' : 'no';
  const backoff = availability?.backoff_seconds === undefined ? {} : { backoff: { initial: Number(availability.backoff_seconds), factor: 1 } };
  return { policy: name, ...(availability?.max_restarts === undefined ? {} : { maxRestarts: Number(availability.max_restarts) }), ...backoff };
};

/** Reads a process-compose file. */
export const importProcessCompose = (text: string, context: ImportContext): ImportedSystem => {
  const notes: Note[] = [];
  const raw = parseYaml(text, context.file);
  const data = raw.disable_env_expansion === true ? raw : interpolated(raw, context, notes);
  const dir = dirname(context.file);
  const shellConfig = isMap(data.shell) ? data.shell : {};
  const shell = [String(shellConfig.shell_command ?? 'bash'), ...stringList(shellConfig.shell_argument ?? '-c')];
  const global = environmentOf(data.environment).pairs;
  const dotenv = join(dir, '.env');
  const injectDotenv = context.readFile(dotenv) !== undefined;
  for (const [key, value] of Object.entries(data)) {
    if (!['processes', 'environment', 'shell', 'version', 'disable_env_expansion'].includes(key)) notes.push({ field: key, message: `${JSON.stringify(value)} (a setting of process-compose itself)` });
  }
  const processes = isMap(data.processes) ? data.processes : {};
  notes.push({ field: 'PC_PROC_NAME', message: 'process-compose names each process in PC_PROC_NAME (and PC_REPLICA_NUM for one without replicas); add them to environment if a program reads them' });
  const taken = new Set<string>();
  const instances = new Map<string, string[]>();
  const made: { process: ImportedProcess; source: string; spec: YamlMap }[] = [];
  for (const [name, value] of Object.entries(processes)) {
    const spec = isMap(value) ? value : {};
    if (spec.disabled === true || spec.is_disabled === true) {
      notes.push({ field: `processes.${name}`, message: 'disabled: process-compose does not start it, so it is left out' });
      continue;
    }
    const replicas = Number(spec.replicas ?? 1);
    const names: string[] = [];
    for (let n = 0; n < replicas; n++) {
      const instance = instanceName(replicas > 1 ? `${name}-${n}` : name, taken);
      taken.add(instance);
      names.push(instance);
      const directory = spec.working_dir === undefined ? dir : isAbsolute(String(spec.working_dir)) ? String(spec.working_dir) : join(dir, String(spec.working_dir));
      const command = Array.isArray(spec.entrypoint)
        ? { executable: String(spec.entrypoint[0]), args: [...spec.entrypoint.slice(1).map(String), ...stringList(spec.command)] }
        : shellCommand(String(spec.command ?? ''), shell);
      const probe = isMap(spec.readiness_probe) ? probeOf(spec.readiness_probe, directory, shell) : undefined;
      const shutdown = isMap(spec.shutdown) ? spec.shutdown : {};
      const availability = isMap(spec.availability) ? spec.availability : undefined;
      const readiness: ReadinessInput | undefined = probe?.readiness ?? (spec.ready_log_line === undefined ? undefined : { kind: 'log', pattern: escapeRegExp(String(spec.ready_log_line)) });
      const process: ImportedProcess = {
        instance,
        ...(spec.description === undefined ? {} : { description: String(spec.description) }),
        command: absoluteExecutable(command, directory),
        environment: [...global, ...environmentOf(spec.environment).pairs, ...(replicas > 1 ? [['PC_REPLICA_NUM', String(n)] as [string, string]] : [])],
        envFiles: injectDotenv && spec.is_dotenv_disabled !== true ? [dotenv] : [],
        directory,
        dependencies: [],
        ...(readiness ? { readiness } : {}),
        restart: restartOf(availability),
        ...(shutdown.signal === undefined ? {} : { stopSignal: signalName(Number(shutdown.signal)) }),
        ...(shutdown.timeout_seconds === undefined ? {} : { stopTimeout: Number(shutdown.timeout_seconds) }),
      };
      made.push({ process, source: name, spec });
      for (const note of probe?.notes ?? []) notes.push({ instance, field: 'readiness_probe', message: `${note} not imported` });
      if (shutdown.command !== undefined) notes.push({ instance, field: 'shutdown.command', message: `${String(shutdown.command)} (procform stops a process with its stop signal)` });
      if (availability?.exit_on_end === true || availability?.restart === 'exit_on_failure') notes.push({ instance, field: 'availability', message: 'process-compose then stops everything; procform keeps the other processes running' });
      if (availability?.backoff_seconds !== undefined) notes.push({ instance, field: 'availability.backoff_seconds', message: 'written as a constant backoff (factor 1)' });
      for (const [key, value] of Object.entries(spec)) {
        if (!MAPPED.has(key)) notes.push({ instance, field: key, message: `${JSON.stringify(value)} (procform has no counterpart)` });
      }
      for (const bare of environmentOf(spec.environment).bare) notes.push({ instance, field: 'environment', message: `${bare} has no value` });
    }
    instances.set(name, names);
  }
  const processesOut = made.map(({ process, spec }) => {
    const dependsOn = isMap(spec.depends_on) ? spec.depends_on : {};
    const dependencies = Object.keys(dependsOn).flatMap((dep) => {
      const targets = instances.get(dep);
      if (!targets) notes.push({ instance: process.instance, field: 'depends_on', message: `${dep} is not a process of this file` });
      return targets ?? [];
    });
    return { ...process, dependencies };
  });
  // A process others wait for until it has completed is a oneshot.
  const oneshots = new Set(made.flatMap(({ spec }) => Object.entries(isMap(spec.depends_on) ? spec.depends_on : {})
    .filter(([, v]) => isMap(v) && String(v.condition).startsWith('process_completed')).flatMap(([dep]) => instances.get(dep) ?? [])));
  for (const { process, spec } of made) {
    for (const [dep, v] of Object.entries(isMap(spec.depends_on) ? spec.depends_on : {})) {
      if (isMap(v) && v.condition === 'process_completed') notes.push({ instance: process.instance, field: `depends_on.${dep}`, message: 'process_completed waits for any exit; procform starts dependents of a oneshot once it exits successfully' });
    }
  }
  return {
    format: 'process-compose', source: context.file, notes,
    processes: processesOut.map((p) => (oneshots.has(p.instance) ? { ...p, type: 'oneshot' as const, restart: (p.restart as { policy: string }).policy === 'always' ? { ...(p.restart as object), policy: 'on-failure' as const } : p.restart } : p)),
  };
};
