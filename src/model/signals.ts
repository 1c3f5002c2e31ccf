/**
 * Signal names accepted for `stopSignal`: the POSIX signals every manager can send.
 * @module
 */

/** Signal names without the `SIG` prefix. */
export const SIGNALS: ReadonlySet<string> = new Set([
  'HUP', 'INT', 'QUIT', 'ILL', 'TRAP', 'ABRT', 'BUS', 'FPE', 'KILL', 'USR1', 'SEGV', 'USR2',
  'PIPE', 'ALRM', 'TERM', 'CHLD', 'CONT', 'STOP', 'TSTP', 'TTIN', 'TTOU', 'URG', 'XCPU',
  'XFSZ', 'VTALRM', 'PROF', 'WINCH', 'IO', 'PWR', 'SYS',
]);

/** `SIGTERM`, `sigterm` and `TERM` all become `TERM`; unknown names give undefined. */
export const normalizeSignal = (name: string): string | undefined => {
  const upper = name.toUpperCase().replace(/^SIG/, '');
  return SIGNALS.has(upper) ? upper : undefined;
};
