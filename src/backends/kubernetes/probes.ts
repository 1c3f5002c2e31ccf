/**
 * Probes from the readiness declaration. The kubelet runs them inside the cluster, so
 * unlike most backends readiness holds after a switch too: a startup probe covers the
 * start timeout, a readiness probe takes the pod out of its Service while it fails, and a
 * liveness probe restarts a process that stops answering.
 * @module
 */
import type { Readiness } from '../../model/readiness.js';
import type { Probe } from './manifests.js';

/** The probes of a container; empty for readiness kinds the kubelet cannot check (log, notify). */
export interface Probes {
  readonly startupProbe?: Probe;
  readonly readinessProbe?: Probe;
  readonly livenessProbe?: Probe;
}

/** Seconds between liveness checks once the process is up: a hung process is found within half a minute. */
const LIVENESS_PERIOD = 10;
const LIVENESS_FAILURES = 3;

// The kubelet probes the pod's address; 127.0.0.1 and localhost (the model's default)
// mean "this process", which is what the pod's address reaches too.
const probeHost = (host: string): { host?: string } => (host === '127.0.0.1' || host === 'localhost' ? {} : { host });

type Handler = Pick<Probe, 'tcpSocket' | 'httpGet' | 'exec'>;

const handlerOf = (readiness: Readiness): Handler | null => {
  switch (readiness.kind) {
    case 'tcp':
      return { tcpSocket: { port: readiness.port, ...probeHost(readiness.host) } };
    case 'http':
      return { httpGet: { path: readiness.path, port: readiness.port, ...probeHost(readiness.host) } };
    case 'exec':
      return { exec: { command: readiness.command } };
    default:
      return null;
  }
};

/** The probes for `readiness` (none without one). Periods are whole seconds, at least 1. */
export const probesOf = (readiness: Readiness | null): Probes => {
  if (readiness === null) return {};
  const handler = handlerOf(readiness);
  if (handler === null) return {};
  const period = Math.max(1, Math.ceil(readiness.interval));
  const timeoutSeconds = Math.max(1, Math.min(period, Math.ceil(readiness.timeout)));
  return {
    startupProbe: { ...handler, periodSeconds: period, timeoutSeconds, failureThreshold: Math.max(1, Math.ceil(readiness.timeout / period)) },
    readinessProbe: { ...handler, periodSeconds: period, timeoutSeconds, failureThreshold: 3 },
    livenessProbe: { ...handler, periodSeconds: LIVENESS_PERIOD, timeoutSeconds, failureThreshold: LIVENESS_FAILURES },
  };
};

/** The TCP port the readiness declaration checks, when it checks one. */
export const readinessPort = (readiness: Readiness | null): number | null =>
  readiness !== null && (readiness.kind === 'tcp' || readiness.kind === 'http') ? readiness.port : null;
