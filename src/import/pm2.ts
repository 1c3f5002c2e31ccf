/**
 * PM2 ecosystem files (PM2 5, from its documentation): each app in `apps` runs in fork
 * mode as `interpreter interpreter_args script args` (a script without a known
 * interpreter, or `interpreter: "none"`, runs itself) from `cwd`, with `env`. PM2 stops
 * with SIGINT and kills after `kill_timeout` (1.6 s); `instances` become numbered
 * instances with `NODE_APP_INSTANCE`. Relative paths are taken from the file's directory,
 * as when `pm2 start` runs there.
 * @module
 */
import { existsSync } from 'node:fs';
import { basename, dirname, extname, isAbsolute, join, resolve } from 'node:path';
import { InputError } from '../errors.js';
import { goDuration } from './durations.js';
import { instanceName } from './names.js';
import { evaluateEcosystem } from './pm2-evaluate.js';
import { isMap, type YamlMap } from './yaml-source.js';
import type { ImportContext, ImportedProcess, ImportedSystem, Note } from './types.js';
import type { RestartInput } from '../model/restart.js';

// PM2's interpreters by extension (lib/API/interpreter.json); anything else runs with node, or itself.
const INTERPRETERS: Record<string, string> = { '.js': 'node', '.cjs': 'node', '.mjs': 'node', '.sh': 'bash', '.py': 'python', '.rb': 'ruby', '.php': 'php', '.pl': 'perl', '.coffee': 'coffee' };

const MAPPED = new Set(['name', 'script', 'args', 'interpreter', 'exec_interpreter', 'interpreter_args', 'node_args', 'cwd', 'env', 'instances', 'autorestart', 'max_restarts', 'min_uptime', 'restart_delay', 'exp_backoff_restart_delay', 'kill_timeout', 'uid', 'user', 'exec_mode']);

/**
 * A string of arguments split as PM2 splits it (`lib/tools/Config.js`, `_valid`): at
 * whitespace, with `"…"` and `'…'` kept together and their quotes removed, and
 * `key="…"` kept whole, quotes included.
 */
export const pm2Words = (value: unknown): string[] => {
  if (Array.isArray(value)) return value.map(String);
  if (value === undefined || value === null || value === '') return [];
  return String(value).split(/([\w-]+="[^"]*")|([\w-]+='[^']*')|"([^"]*)"|'([^']*)'|\s/).filter((v): v is string => v !== undefined && v.trim() !== '');
};

// PM2 takes milliseconds, as a number or a string such as "5000", "5s" or "1m".
const seconds = (ms: unknown): number | undefined => {
  if (ms === undefined) return undefined;
  if (typeof ms === 'number' || /^\d+(\.\d+)?$/.test(String(ms))) return Number(ms) / 1000;
  const parsed = goDuration(String(ms));
  if (parsed === undefined) throw new InputError(`${JSON.stringify(ms)} is not a duration PM2 reads`);
  return parsed;
};

const restartOf = (app: YamlMap): RestartInput => {
  const delay = seconds(app.restart_delay);
  const exp = seconds(app.exp_backoff_restart_delay);
  const resetAfter = seconds(app.min_uptime);
  const backoff = exp !== undefined ? { initial: exp, factor: 1.5, max: 15 } : delay !== undefined ? { initial: delay, factor: 1 } : undefined;
  return {
    policy: app.autorestart === false ? 'no' : 'always',
    maxRestarts: app.max_restarts === undefined ? 16 : Number(app.max_restarts),
    ...(backoff || resetAfter !== undefined ? { backoff: { ...backoff, ...(resetAfter === undefined ? {} : { resetAfter }) } } : {}),
  };
};

/** Reads a PM2 ecosystem file. */
export const importPm2 = (text: string, context: ImportContext): ImportedSystem => {
  const value = evaluateEcosystem(context.file, text);
  const apps = Array.isArray(value) ? value : isMap(value) ? (Array.isArray(value.apps) ? value.apps : isMap(value.apps) ? [value.apps] : undefined) : undefined;
  if (!apps) throw new InputError(`${context.file} exports no apps`, 'an ecosystem file exports { apps: [...] }');
  const dir = dirname(context.file);
  const notes: Note[] = [];
  if (isMap(value)) for (const key of Object.keys(value)) if (key !== 'apps') notes.push({ field: key, message: 'not imported: procform deploys processes on this machine' });
  const taken = new Set<string>();
  const processes: ImportedProcess[] = [];
  for (const entry of apps) {
    const app = isMap(entry) ? entry : {};
    if (app.script === undefined) throw new InputError(`${context.file}: an app without a script`, 'PM2 requires script for every app');
    const script = String(app.script);
    const cwd = app.cwd === undefined ? dir : resolve(dir, String(app.cwd));
    const scriptPath = isAbsolute(script) ? script : join(cwd, script);
    const interpreter = String(app.interpreter ?? app.exec_interpreter ?? (existsSync(scriptPath) ? INTERPRETERS[extname(script)] ?? (extname(script) === '' ? 'none' : 'node') : 'none'));
    // A script that is not a file is a command PM2 finds on PATH (`pm2 start npm -- start`).
    const executable = existsSync(scriptPath) ? scriptPath : script;
    const args = pm2Words(app.args);
    const argv = interpreter === 'none' ? [executable, ...args] : [interpreter, ...pm2Words(app.interpreter_args ?? app.node_args), executable, ...args];
    const name = String(app.name ?? basename(script, extname(script)));
    const count = typeof app.instances === 'number' && app.instances > 0 ? app.instances : 1;
    const env = isMap(app.env) ? Object.entries(app.env).map(([k, v]) => [k, String(v)] as [string, string]) : [];
    for (let n = 0; n < count; n++) {
      const instance = instanceName(count > 1 ? `${name}-${n}` : name, taken);
      taken.add(instance);
      const user = app.uid ?? app.user;
      processes.push({
        instance,
        command: { executable: argv[0]!, args: argv.slice(1) },
        environment: [...env, ...(count > 1 ? [[String(app.instance_var ?? 'NODE_APP_INSTANCE'), String(n)] as [string, string]] : [])],
        envFiles: [],
        directory: cwd,
        ...(user === undefined ? {} : { user: String(user) }),
        dependencies: [],
        restart: restartOf(app),
        stopSignal: 'INT',
        stopTimeout: seconds(app.kill_timeout) ?? 1.6,
      });
      if (app.instances !== undefined && count === 1 && app.instances !== 1) notes.push({ instance, field: 'instances', message: `${JSON.stringify(app.instances)} (one per CPU in PM2): imported as one instance; add numbered instances for more` });
      if (app.exec_mode === 'cluster' || app.exec_mode === 'cluster_mode') notes.push({ instance, field: 'exec_mode', message: 'cluster: PM2 shares one port among the instances; here each instance is its own process and needs its own port' });
      for (const [key, v] of Object.entries(app)) {
        if (MAPPED.has(key)) continue;
        const why = key.startsWith('env_') ? `applied by pm2 --env ${key.slice(4)}; merge it into env to use it`
          : key === 'wait_ready' || key === 'listen_timeout' ? 'use a readiness check (tcp, http, log or notify) instead of process.send("ready")'
          : /log|out_file|error_file|merge_logs|time$/.test(key) ? 'procform writes each process\'s output to its own rotated log'
          : key === 'watch' || key === 'ignore_watch' ? 'procform restarts a process when a switch finds its code changed: declare it in inputs'
          : 'procform has no counterpart';
        notes.push({ instance, field: key, message: `${JSON.stringify(v)} (${why})` });
      }
    }
  }
  notes.push({ field: 'environment', message: 'PM2 also sets its own variables (pm_id, name, NODE_APP_INSTANCE, PM2_HOME, …) and passes its daemon\'s environment; procform passes only what the model says' });
  return { format: 'pm2', source: context.file, processes, notes };
};
