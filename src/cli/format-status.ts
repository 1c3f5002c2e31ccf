/**
 * `procform status` as a table, the same columns for every backend. What a manager cannot
 * tell reads "—", never a guess.
 * @module
 */
import type { DeployedProcessStatus, DeployedState, DeploymentStatus, ManagerFault, StatusField } from '../deploy/observation.js';
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

const exitText = (p: Pick<DeployedProcessStatus, 'lastExit'>): string =>
  p.lastExit === null ? '-' : p.lastExit.signal !== null ? `signal ${p.lastExit.signal}` : `code ${p.lastExit.code}`;

const HEADER = ['NAME', 'STATE', 'PID', 'UPTIME', 'RESTARTS', 'READY', 'LAST EXIT'];
/** The columns of a manager that runs copies of a process and keeps its tasks' history. */
const TASK_HEADER = ['REPLICAS', 'TASKS'];

/** Aligned rows under the header, the state column coloured, then the last lines of failed processes. */
const table = (header: readonly string[], rows: readonly string[][], processes: readonly DeployedProcessStatus[], paint: Paint): string[] => {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: readonly string[], paintState = false): string => cells.map((c, i) => {
    const padded = c.padEnd(widths[i]!);
    return paintState && i === 1 ? paint(colorOf(c as DeployedState), padded) : padded;
  }).join('  ').trimEnd();
  const out = [paint('bold', line(header)), ...rows.map((r) => line(r, true))];
  for (const p of processes.filter((x) => x.state === 'failed' && (x.lastLines.length > 0 || x.reason))) {
    out.push('', paint('red', `${p.instance} failed${p.reason ? `: ${p.reason}` : ''}; last output:`), ...p.lastLines.map((l) => `  ${l}`));
  }
  return out;
};

/** A line for each fault the supervisor reports, with how long it has lasted. */
export const formatFaults = (faults: readonly ManagerFault[], paint: Paint, now = Date.now()): string[] =>
  faults.map((fault) => `${paint('yellow', 'warning:')} ${fault.message} (failing for ${duration(now - fault.since)})`);

/** States in which a process has a pid and an uptime, so that a missing one is unknown rather than none. */
const UP: ReadonlySet<DeployedState> = new Set(['starting', 'ready', 'running', 'stopping']);

/** A deployment's status as `procform status --json` prints it. */
export interface DeploymentStatusDocument extends DeploymentStatus {
  readonly backend: string;
  /** The generation's number in the profile (null for one it does not hold as current) and its store path. */
  readonly number: number | null;
  readonly generation: string;
}

/**
 * Formats a deployment's status as aligned columns, failed processes followed by their last
 * lines, then what the manager reports as failing; "—" marks what the manager cannot tell.
 */
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
  const withTasks = status.processes.some((p) => p.replicas !== undefined || p.tasks !== undefined);
  if (withTasks) {
    status.processes.forEach((p, i) => rows[i]!.push(p.replicas === undefined ? UNKNOWN : `${p.replicas.running}/${p.replicas.desired}`, p.tasks === undefined ? UNKNOWN : p.tasks.join(', ') || '-'));
  }
  const generation = status.number === null ? status.generation : `${status.number} (${status.generation})`;
  const out = [`${status.backend}${status.pid === null ? '' : ` pid ${status.pid}`}, generation ${generation}`, ...table(withTasks ? [...HEADER, ...TASK_HEADER] : HEADER, rows, status.processes, paint)];
  if (rows.some((r) => r.includes(UNKNOWN))) out.push(paint('gray', `${UNKNOWN} ${status.backend} cannot tell`));
  const faults = formatFaults(status.faults ?? [], paint, now);
  if (faults.length > 0) out.push('', ...faults);
  return `${out.join('\n')}\n`;
};
