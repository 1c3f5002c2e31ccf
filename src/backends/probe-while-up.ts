/**
 * Waiting for readiness where the manager has no probes of its own: procform probes the
 * process while watching that it is still there, so a process that dies while starting
 * fails the switch at once instead of when the probe's deadline passes.
 * @module
 */
import { startProbe, type ProbeTarget } from '../probes/readiness.js';

/**
 * Resolves with null once `target` is ready, or with why not: the probe's deadline, or the
 * reason `gone()` gives. `gone` is polled every `intervalMs` (never twice at once) and
 * answers null while the process is still there.
 */
export const probeWhileUp = (target: ProbeTarget, gone: () => Promise<string | null>, intervalMs = 500): Promise<string | null> =>
  new Promise((resolve) => {
    let settled = false;
    let checking = false;
    const settle = (reason: string | null): void => {
      if (settled) return;
      settled = true;
      clearInterval(watch);
      cancel();
      resolve(reason);
    };
    const cancel = startProbe(target, { onReady: () => settle(null), onTimeout: (reason) => settle(reason) });
    const watch = setInterval(() => {
      if (checking) return;
      checking = true;
      void gone().then((reason) => {
        checking = false;
        if (reason !== null) settle(reason);
      }, (error: unknown) => {
        checking = false;
        settle((error as Error).message);
      });
    }, intervalMs);
  });
