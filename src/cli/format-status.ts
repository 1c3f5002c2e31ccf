/**
 * `procform status` as a table: the embedded supervisor's, and a deployment's through its
 * activator in the same columns. A deployment's unknown values read "—", never a guess.
 * @module
 */
import type { ProcessStatus, SupervisorFault, SupervisorStatus } from '../supervisor/control.js';
import type { DeployedProcessStatus, DeployedState, DeploymentStatus, StatusField } from '../deploy/observation.js';
import type { Paint } from './style.js';

/** What the manager cannot tell. */
const UNKNOWN = '—';

const duration = (ms: number): string => {
  const s = Math.floor(ms / 1000);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${s % 60}s`;
  return `${Math.floor(s / 3600)}h${Math.floor((s % 3600) / 60)}m`;
};

const colorOf = (state: DeployedState): Parameters<Paint>[0] =>
  state === 'ready' || state === 'exited' || state === 'running' ? 'green' : state === 'failed' ? 'red' : state === 'down' ? 'gray' : 'yellow';

const exitText = (p: Pick<ProcessStatus | DeployedProcessStatus, 'lastExit'>): string =>
  p.lastExit === null ? '-' : p.lastExit.signal !== null ? `signal ${p.lastExit.signal}` : `code ${p.lastExit.code}`;

const HEADER = ['NAME', 'STATE', 'PID', 'UPTIME', 'RESTARTS', 'READY', 'LAST EXIT'];

/** Aligned rows under the header, the state column coloured, then the last lines of failed processes. */
const table = (rows: readonly string[][], processes: readonly (ProcessStatus | DeployedProcessStatus)[], paint: Paint): string[] => {
  const widths = HEADER.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: readonly string[], paintState = false): string => cells.map((c, i) => {
    const padded = c.padEnd(widths[i]!);
    return paintState && i === 1 ? paint(colorOf(c as DeployedState), padded) : padded;
  }).join('  ').trimEnd();
  const out = [paint('bold', line(HEADER)), ...rows.map((r) => line(r, true))];
  for (const p of processes.filter((x) => x.state === 'failed' && (x.lastLines.length > 0 || x.reason))) {
    out.push('', paint('red', `${p.instance} failed${p.reason ? `: ${p.reason}` : ''}; last output:`), ...p.lastLines.map((l) => `  ${l}`));
  }
  return out;
};

/** A line for each fault the supervisor reports, with how long it has lasted. */
export const formatFaults = (faults: readonly SupervisorFault[], paint: Paint, now = Date.now()): string[] =>
  faults.map((fault) => `${paint('yellow', 'warning:')} ${fault.message} (failing for ${duration(now - fault.since)})`);

/**
 * Formats the embedded supervisor's status as aligned columns, failed processes followed by
 * their last lines, then what the supervisor reports as failing.
 */
export const formatStatus = (status: SupervisorStatus, paint: Paint, now = Date.now()): string => {
  const rows = status.processes.map((p) => [p.instance, p.state, p.pid === null ? '-' : String(p.pid), p.since === null ? '-' : duration(now - p.since), String(p.restarts), p.ready ? 'yes' : 'no', exitText(p)]);
  const faults = formatFaults(status.faults ?? [], paint, now);
  return `${[`supervisor pid ${status.pid}, generation ${status.generation ?? '(none)'}`, ...table(rows, status.processes, paint), ...(faults.length > 0 ? ['', ...faults] : [])].join('\n')}\n`;
};

/** States in which a process has a pid and an uptime, so that a missing one is unknown rather than none. */
const UP: ReadonlySet<DeployedState> = new Set(['starting', 'ready', 'running', 'stopping']);

/** A deployment's status as `procform status --json` prints it. */
export interface DeploymentStatusDocument extends DeploymentStatus {
  readonly backend: string;
  /** The current generation's number and store path. */
  readonly number: number;
  readonly generation: string;
}

/** Formats a deployment's status in the embedded supervisor's columns; "—" marks what the manager cannot tell. */
export const formatDeploymentStatus = (status: DeploymentStatusDocument, paint: Paint, now = Date.now()): string => {
  const unknown = new Set<StatusField>(status.unknown);
  const missing = (field: StatusField, p: DeployedProcessStatus): string => (unknown.has(field) || UP.has(p.state) ? UNKNOWN : '-');
  const rows = status.processes.map((p) => [
    p.instance,
    p.state,
    p.pid === null ? missing('pid', p) : String(p.pid),
    p.since === null ? missing('since', p) : duration(now - p.since),
    p.restarts === null ? UNKNOWN : String(p.restarts),
    p.ready === null ? UNKNOWN : p.ready ? 'yes' : 'no',
    p.lastExit === null && unknown.has('lastExit') ? UNKNOWN : exitText(p),
  ]);
  const head = `${status.backend}${status.pid === null ? '' : ` pid ${status.pid}`}, generation ${status.number} (${status.generation})`;
  const out = [head, ...table(rows, status.processes, paint)];
  if (rows.some((r) => r.includes(UNKNOWN))) out.push(paint('gray', `${UNKNOWN} ${status.backend} cannot tell`));
  return `${out.join('\n')}\n`;
};
