// Readers of the backends whose manager runs a generated sh script: each script runs
// under sh with the stand-ins of the harness, and the program records what it received.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { StoreEntry } from '../../../../src/store/entry.js';
import type { Harness } from '../harness.js';
import { all, has, line, onDisk, text, type RenderReader } from './reader.js';

/** Runs a script of the entry with sh, in a directory of its own (s6 and runit write their counters to the cwd). */
const runScript = (h: Harness, script: string, cwd = join(h.dir, 'cwd')) => {
  mkdirSync(cwd, { recursive: true });
  return h.run(['sh', '-c', script], { cwd });
};

/** s6 and s6-rc: `run` starts the program (s6-setuidgid USER in front when it changes user). */
const s6Family = (dir: string): RenderReader => ({
  launch: (entry, h) => runScript(h, text(entry, `${dir}run`)),
  account: (entry) => ({ user: /\bs6-setuidgid (\S+)/.exec(text(entry, `${dir}run`))?.[1] ?? null }),
  dependencies: (entry) => entry.files.flatMap((f) => (f.path.startsWith(`${dir}dependencies.d/`) ? [f.path.slice(f.path.lastIndexOf('/') + 1)] : [])),
  notify: (entry) => has(entry, `${dir}notification-fd`),
});
export const s6 = s6Family('');
/** The s6-rc service of process `name` is `<name>-srv` (with a logger); the reader finds it. */
export const s6rc: RenderReader = {
  launch: (entry, h) => s6Family(srvDir(entry)).launch(entry, h),
  account: (entry) => s6Family(srvDir(entry)).account(entry),
  dependencies: (entry) => s6Family(srvDir(entry)).dependencies(entry),
  notify: (entry) => s6Family(srvDir(entry)).notify!(entry),
};
const srvDir = (entry: StoreEntry): string => entry.files.find((f) => /^[^/]+-srv\/run$/.test(f.path))!.path.replace(/run$/, '');

interface RunitService { serviceDir: string }
export const runit: RenderReader = {
  launch: (entry, h) => {
    const { serviceDir } = JSON.parse(text(entry, 'service.json')) as RunitService;
    mkdirSync(join(serviceDir, 'procform'), { recursive: true });
    return runScript(h, text(entry, 'run'), serviceDir);
  },
  account: (entry) => {
    const [user, group] = (/\bchpst -u (\S+)/.exec(text(entry, 'run'))?.[1] ?? '').split(':');
    return { user: user || null, group: group ?? null };
  },
  // ./run starts each dependency's service directory with sv start (or requires its oneshot's exit status).
  dependencies: (entry) => [...new Set(all(text(entry, 'run'), /\bsv (?:-w \d+ start|once) \S*\/service\/([^/\s]+)/g))],
};

/** sysvinit: the init script's launch function, with start-stop-daemon found as the stand-in. */
export const sysvinit: RenderReader = {
  launch: (entry, h) => {
    const script = text(entry, /^etc\/init\.d\//);
    const functions = script.slice(0, script.indexOf('case "${1:-}" in'));
    return runScript(h, `${functions}\nssd=${h.bin}/start-stop-daemon\nresolve && launch\n`);
  },
  account: (entry) => {
    const [user, group] = (/--chuid (\S+)/.exec(text(entry, /^etc\/init\.d\//))?.[1] ?? '').split(':');
    return { user: user || null, group: group ?? null };
  },
  dependencies: (entry) => (/^# Required-Start:(.*)$/m.exec(text(entry, /^etc\/init\.d\//))?.[1] ?? '').trim().split(/\s+/).filter((d) => d !== '' && !d.startsWith('$')),
};

/** bsdrc: start under the stand-in rc.subr of the bsdrc tests, with the program as its recorder in front of daemon(8). */
const RC_SUBR = fileURLToPath(new URL('../../../backends/bsdrc/fixtures/', import.meta.url));
export const bsdrc: RenderReader = {
  launch: (entry, h) => {
    const file = join(h.dir, 'rc-script');
    writeFileSync(file, text(entry, /^etc\/rc\.d\//).replace('\n. /etc/rc.subr\n', `\n. ${RC_SUBR}rc.subr\n`));
    const recorded = h.run(['sh', file, 'onestart'], { env: { PATH: process.env.PATH ?? '/usr/bin:/bin', RC_SUBR_RECORD: join(h.dir, 'rc-record'), RC_SUBR_RECORDER: h.program, RC_SUBR_BIN: RC_SUBR } });
    // The recorder's argv: itself, then daemon(8) and its options up to --, then the process.
    const argv = recorded.argv.slice(1);
    return { argv: argv.includes('--') ? argv.slice(argv.indexOf('--') + 1) : argv, env: recorded.env };
  },
  account: (entry) => ({ user: /^\w+_user=(\S+)$/m.exec(text(entry, /^etc\/rc\.d\//))?.[1] ?? null }),
  dependencies: (entry) => (/^# REQUIRE:(.*)$/m.exec(text(entry, /^etc\/rc\.d\//))?.[1] ?? '').trim().split(/\s+/).filter((d) => d !== 'FILESYSTEMS'),
};

/** cygrunsrv: install.sh runs cygrunsrv --install, whose stand-in starts --path with the --args and --env it was given. */
const installArgs = (entry: StoreEntry): string[] => JSON.parse(text(entry, 'install.json')) as string[];
const option = (args: string[], name: string): string[] => args.flatMap((a, i) => (a === name ? [args[i + 1]!] : []));
export const cygrunsrv: RenderReader = {
  launch: (entry, h) => h.run(['sh', onDisk(entry, 'install.sh')]),
  account: (entry) => ({ user: option(installArgs(entry), '--user')[0] ?? null }),
  dependencies: (entry) => option(installArgs(entry), '--dep').map((d) => d.replace(/^procform-/, '')),
};

/** supervisord: program.conf parsed by supervisord's own option code (its Python), then the command started with that environment. */
const PARSE = `
import json, shlex, sys
from supervisor.options import ServerOptions
o = ServerOptions()
o.realize(args=['-c', sys.argv[1]])
print(json.dumps([{'argv': shlex.split(p.command), 'env': p.environment or {}} for g in o.process_group_configs for p in g.process_configs]))
`;
const SUPERVISORD_PYTHON = process.env.PROCFORM_SUPERVISORD_PYTHON ?? '/usr/bin/python3';
export const supervisord: RenderReader = {
  external: { what: "supervisord's Python package", available: existsSync(SUPERVISORD_PYTHON) && spawnSync(SUPERVISORD_PYTHON, ['-c', 'import supervisor.options']).status === 0 },
  launch: (entry, h) => {
    const config = join(h.dir, 'supervisord.conf');
    const program = text(entry, 'program.conf');
    // supervisord checks that the log files' directories exist.
    for (const file of all(program, /^std(?:out|err)_logfile=(.*)$/gm)) mkdirSync(dirname(file), { recursive: true });
    writeFileSync(config, `[supervisord]\n${program}`);
    const [parsed] = JSON.parse(execFileSync(SUPERVISORD_PYTHON, ['-c', PARSE, config], { encoding: 'utf8' })) as { argv: string[]; env: Record<string, string> }[];
    return h.run(parsed!.argv, { env: parsed!.env });
  },
  account: (entry) => ({ user: line(text(entry, 'program.conf'), 'user') }),
  // priority= orders supervisord's own start only; the dependencies are the activator's data.
  dependencies: () => [],
};
