/**
 * Swarm's health check of a process, from its readiness. Swarm runs it inside the task's
 * container: an exec probe as it is, a tcp or http probe through the entry's `health`
 * script, which needs only bash (its /dev/tcp), and gets the probe's values as arguments,
 * never spliced into its text.
 * @module
 */
import type { Readiness } from '../../model/readiness.js';
import type { SwarmHealthcheck } from './record.js';

/** The script's file name in the entry. */
export const HEALTH_FILE = 'health';

/** The health check script for tcp and http readiness. */
export const HEALTH_SCRIPT = `#!/bin/bash
# procform: Swarm's health check of a tcp or http readiness probe, through bash's /dev/tcp.
# Usage: health tcp HOST PORT | health http HOST PORT PATH [STATUS...]
kind=$1 host=$2 port=$3
exec 3<>"/dev/tcp/$host/$port" || exit 1
[ "$kind" = tcp ] && exit 0
path=$4
shift 4
printf 'GET %s HTTP/1.0\\r\\nHost: %s\\r\\nConnection: close\\r\\n\\r\\n' "$path" "$host" >&3
read -r _ code _ <&3 || exit 1
if [ $# -eq 0 ]; then
  [ "$code" -ge 200 ] 2>/dev/null && [ "$code" -lt 400 ]
  exit
fi
for wanted in "$@"; do
  [ "$code" = "$wanted" ] && exit 0
done
exit 1
`;

/** Swarm's health check for `readiness`, or null (none, log or notify readiness); `self` is the entry's path. */
export const healthcheckOf = (readiness: Readiness | null, self: string): SwarmHealthcheck | null => {
  if (readiness === null) return null;
  const timing = {
    // Swarm probes for as long as the task runs: not as often as a start does.
    intervalSeconds: Math.max(1, readiness.interval),
    timeoutSeconds: Math.max(1, Math.min(10, readiness.timeout)),
    retries: 3,
    startPeriodSeconds: Math.ceil(readiness.timeout),
  };
  switch (readiness.kind) {
    case 'exec':
      return { test: [...readiness.command], ...timing };
    case 'tcp':
      return { test: [`${self}/${HEALTH_FILE}`, 'tcp', readiness.host, String(readiness.port)], ...timing };
    case 'http':
      return { test: [`${self}/${HEALTH_FILE}`, 'http', readiness.host, String(readiness.port), readiness.path, ...readiness.status.map(String)], ...timing };
    default:
      return null;
  }
};
