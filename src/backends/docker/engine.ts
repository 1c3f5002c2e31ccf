/**
 * Talking to the container engine through its command line: `$PROCFORM_DOCKER` (default
 * `docker`; podman implements the same commands), always with an argv array, never a
 * shell. The queries the activator needs are here, parsed from `inspect`'s JSON, which
 * docker and podman both print.
 * @module
 */
import { runCommand, type CommandResult } from '../run-command.js';

/** The engine's command, read when it is run so tests and users can point it elsewhere. */
export const dockerCommand = (): string => process.env.PROCFORM_DOCKER || 'docker';

/** Runs the engine with `args`; never rejects. */
export const engine = (args: readonly string[], timeoutSeconds = 120): Promise<CommandResult> =>
  runCommand(dockerCommand(), args, { timeoutSeconds });

/** Runs the engine and throws with its output when it fails. */
export const engineOk = async (args: readonly string[], timeoutSeconds = 120): Promise<string> => {
  const result = await engine(args, timeoutSeconds);
  if (result.code === 127 && /ENOENT/.test(result.stderr)) {
    throw new Error(`cannot run ${dockerCommand()}: it is not installed or not on PATH (set PROCFORM_DOCKER to the engine's command, e.g. podman)`);
  }
  if (result.code !== 0) {
    throw new Error(`${dockerCommand()} ${args[0] ?? ''} failed (${result.code ?? 'killed'})${result.stderr === '' ? '' : `: ${result.stderr}`}`);
  }
  return result.stdout;
};

/** What the activator reads of a container. */
export interface ContainerState {
  readonly name: string;
  /** created, running, restarting, paused, exited, … */
  readonly status: string;
  readonly running: boolean;
  readonly exitCode: number;
  readonly labels: Readonly<Record<string, string>>;
}

interface InspectJson {
  readonly Name?: string;
  readonly State?: { readonly Status?: string; readonly Running?: boolean; readonly Restarting?: boolean; readonly ExitCode?: number };
  readonly Config?: { readonly Labels?: Record<string, string> | null };
}

const stateOf = (raw: InspectJson): ContainerState => ({
  // docker prints "/name", podman "name".
  name: (raw.Name ?? '').replace(/^\//, ''),
  status: raw.State?.Restarting ? 'restarting' : raw.State?.Status ?? 'unknown',
  running: raw.State?.Running === true,
  exitCode: raw.State?.ExitCode ?? 0,
  labels: raw.Config?.Labels ?? {},
});

/** The state of the named or identified containers that exist (missing ones are left out). */
export const inspectContainers = async (ids: readonly string[]): Promise<ContainerState[]> => {
  if (ids.length === 0) return [];
  const all = await engine(['container', 'inspect', '--', ...ids]);
  if (all.code === 0) return (JSON.parse(all.stdout) as InspectJson[]).map(stateOf);
  // `inspect` fails as a whole when one of several is missing: ask one at a time.
  const found: ContainerState[] = [];
  for (const id of ids.length > 1 ? ids : []) found.push(...(await inspectContainers([id])));
  return found;
};

/** The state of one container, or null when it does not exist. */
export const inspectContainer = async (name: string): Promise<ContainerState | null> =>
  (await inspectContainers([name]))[0] ?? null;

/** Every container carrying `label=value`, running or not. */
export const labelledContainers = async (label: string, value: string): Promise<ContainerState[]> => {
  const ids = (await engineOk(['ps', '--all', '--quiet', '--no-trunc', `--filter=label=${label}=${value}`])).split('\n').map((l) => l.trim()).filter((l) => l !== '');
  return inspectContainers(ids);
};
