// A place to run rendered scripts without a process manager: a stand-in program that
// records the argv and environment it was started with, and stand-ins for the tools the
// scripts call in front of it (chpst, s6-setuidgid, start-stop-daemon, cygrunsrv, sv),
// each of which drops its own options and starts the rest, as the real tool would.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** What a process was started with. */
export interface Launch {
  readonly argv: readonly string[];
  readonly env: Readonly<Record<string, string>>;
}

/** A temp dir with the stand-ins; `dispose` removes it. */
export interface Harness {
  readonly dir: string;
  /** The program the models start: it records its argv (its own path first) and environment. */
  readonly program: string;
  /** A directory of stand-in tools, to put first on PATH. */
  readonly bin: string;
  /** Runs `command` (what the manager would run); returns the last launch the program recorded. */
  run(command: readonly string[], options?: { env?: Record<string, string>; cwd?: string }): Launch;
  dispose(): void;
}

const STUBS = fileURLToPath(new URL('./stubs.cjs', import.meta.url));
const TOOLS = ['chpst', 's6-setuidgid', 'start-stop-daemon', 'cygrunsrv', 'sv', 'setpriv', 'nice'];

export const harness = (): Harness => {
  const dir = mkdtempSync(join(tmpdir(), 'pf-render-'));
  chmodSync(dir, 0o755);
  const record = join(dir, 'launches.jsonl');
  const program = join(dir, 'program');
  const bin = join(dir, 'bin');
  mkdirSync(bin);
  writeFileSync(program, `#!${process.execPath}\nrequire('node:fs').appendFileSync(${JSON.stringify(record)}, JSON.stringify({ argv: [__filename, ...process.argv.slice(2)], env: process.env }) + '\\n');\n`, { mode: 0o755 });
  for (const tool of TOOLS) writeFileSync(join(bin, tool), `#!${process.execPath}\nrequire(${JSON.stringify(STUBS)}).run(${JSON.stringify(tool)});\n`, { mode: 0o755 });
  return {
    dir, program, bin,
    run(command, options = {}) {
      rmSync(record, { force: true });
      const env = options.env ?? { PATH: `${bin}:${process.env.PATH ?? '/usr/bin:/bin'}` };
      const out = spawnSync(command[0]!, command.slice(1), { env, cwd: options.cwd ?? dir, encoding: 'utf8', timeout: 20_000 });
      if (!existsSync(record)) throw new Error(`${command.join(' ').slice(0, 200)} started nothing (exit ${out.status}): ${out.stderr.slice(0, 500)}`);
      const lines = readFileSync(record, 'utf8').split('\n').filter((line) => line !== '');
      return JSON.parse(lines.at(-1)!) as Launch;
    },
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
};
