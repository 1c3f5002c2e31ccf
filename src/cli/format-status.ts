/**
 * `procform status` as a table.
 * @module
 */
import type { ProcessStatus, SupervisorStatus } from '../supervisor/control.js';
import type { Paint } from './style.js';

const duration = (ms: number): string => {
  const s = Math.floor(ms / 1000);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${s % 60}s`;
  return `${Math.floor(s / 3600)}h${Math.floor((s % 3600) / 60)}m`;
};

const colorOf = (state: ProcessStatus['state']): Parameters<Paint>[0] =>
  state === 'ready' || state === 'exited' ? 'green' : state === 'failed' ? 'red' : state === 'down' ? 'gray' : 'yellow';

const exitText = (p: ProcessStatus): string =>
  p.lastExit === null ? '-' : p.lastExit.signal !== null ? `signal ${p.lastExit.signal}` : `code ${p.lastExit.code}`;

/** Formats the status as aligned columns, failed processes followed by their last lines. */
export const formatStatus = (status: SupervisorStatus, paint: Paint, now = Date.now()): string => {
  const header = ['NAME', 'STATE', 'PID', 'UPTIME', 'RESTARTS', 'READY', 'LAST EXIT'];
  const rows = status.processes.map((p) => [p.instance, p.state, p.pid === null ? '-' : String(p.pid), p.since === null ? '-' : duration(now - p.since), String(p.restarts), p.ready ? 'yes' : 'no', exitText(p)]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[], paintState = false): string => cells.map((c, i) => {
    const padded = c.padEnd(widths[i]!);
    return paintState && i === 1 ? paint(colorOf(c as ProcessStatus['state']), padded) : padded;
  }).join('  ').trimEnd();
  const out = [`supervisor pid ${status.pid}, generation ${status.generation ?? '(none)'}`, paint('bold', line(header)), ...rows.map((r) => line(r, true))];
  for (const p of status.processes.filter((x) => x.state === 'failed' && (x.lastLines.length > 0 || x.reason))) {
    out.push('', paint('red', `${p.instance} failed${p.reason ? `: ${p.reason}` : ''}; last output:`), ...p.lastLines.map((l) => `  ${l}`));
  }
  return `${out.join('\n')}\n`;
};
