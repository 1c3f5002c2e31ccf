/**
 * Readiness systemd itself waits for. A `ready` script in the entry runs as the unit's
 * `ExecStartPost=`: the unit stays "activating", and the units ordered after it wait, until
 * the probe passes (or `TimeoutStartSec=` fails the start), so the order holds when systemd
 * starts the deployment by itself, at boot or after a restart of the manager, without
 * procform. It probes in the process's environment and directory, as procform does: tcp and
 * http through bash's /dev/tcp and exec by running the command, as the process's user; log by
 * matching the lines the unit's log files gained since the start (marked by `ready mark`, the
 * last `ExecStartPre=`) with `grep -E`, as the manager's user, like procform, since the marks
 * live in the unit's runtime directory below the manager's own, which no other user may enter. A log pattern `grep -E` cannot read as JavaScript does has
 * no script: procform's activator probes it during a switch, as before.
 * @module
 */
import type { Readiness } from '../../model/readiness.js';
import { extendedRegexOf } from '../../render/extended-regex.js';
import { quoteArgv, quoteShell } from '../../render/shell.js';

/** The file name of the script in the entry. */
export const READY_FILE = 'ready';

/** The script, whether it must mark the logs before the start (`ready mark`), and run as the manager's user (`+`). */
export interface UnitReadiness {
  readonly script: string;
  readonly marks: boolean;
  readonly privileged: boolean;
}

/** Where the process's output goes (the unit's `append:` files). */
export interface UnitLogs {
  readonly stdout: string;
  readonly stderr: string;
}

const seconds = (value: number): string => String(Math.max(0.01, Math.round(value * 1000) / 1000));

const probeOf = (readiness: Readiness, logs: UnitLogs): { lines: string[]; marks: boolean } | null => {
  switch (readiness.kind) {
    case 'tcp':
      return { lines: [`probe() ( exec 3<>/dev/tcp/${quoteShell(readiness.host)}/${readiness.port} ) 2>/dev/null`], marks: false };
    case 'http': {
      const accepted = readiness.status.length > 0 ? readiness.status.join('|') : '2??|3??';
      return {
        lines: [
          'probe() (',
          `  exec 3<>/dev/tcp/${quoteShell(readiness.host)}/${readiness.port} || exit 1`,
          `  printf 'GET %s HTTP/1.0\\r\\nHost: %s\\r\\nConnection: close\\r\\n\\r\\n' ${quoteShell(readiness.path)} ${quoteShell(readiness.host)} >&3`,
          '  read -r -t 5 _ status _ <&3 || exit 1',
          `  case $status in ${accepted}) exit 0 ;; esac`,
          '  exit 1',
          ') 2>/dev/null',
        ],
        marks: false,
      };
    }
    case 'exec':
      return { lines: [`probe() { ${quoteArgv(readiness.command)}; } >/dev/null 2>&1 </dev/null`], marks: false };
    case 'log': {
      const ere = extendedRegexOf(readiness.pattern.source, readiness.pattern.flags);
      if (ere === null) return null;
      const files = readiness.stream === 'both' ? [logs.stdout, logs.stderr] : [readiness.stream === 'stdout' ? logs.stdout : logs.stderr];
      const grep = `LC_ALL=C.UTF-8 grep -a -q -E${ere.ignoreCase ? ' -i' : ''} -e ${quoteShell(ere.pattern)}`;
      return {
        lines: [
          // Byte sizes of the log files when the process starts: only lines written after count.
          'if [ "${1:-}" = mark ]; then',
          `  for file in ${files.map(quoteShell).join(' ')}; do stat -c %s -- "$file" 2>/dev/null || echo 0; done >"$RUNTIME_DIRECTORY/log-offsets"`,
          '  exit 0',
          'fi',
          'probe() {',
          '  local offset',
          '  {',
          ...files.map((file) => `    read -r offset && tail -c "+$((offset + 1))" -- ${quoteShell(file)} 2>/dev/null | ${grep} && return 0`),
          '  } <"$RUNTIME_DIRECTORY/log-offsets"',
          '  return 1',
          '}',
        ],
        marks: true,
      };
    }
    default:
      return null;
  }
};

/** The `ready` script of a process with `readiness`, or null when systemd cannot wait for it. */
export const unitReadiness = (name: string, readiness: Readiness | null, logs: UnitLogs): UnitReadiness | null => {
  if (readiness === null) return null;
  const probe = probeOf(readiness, logs);
  if (probe === null) return null;
  const lines = [
    '#!/bin/bash',
    `# procform: readiness of ${name.replace(/[\r\n]/g, ' ')} (${readiness.kind}). systemd runs it after the start and holds`,
    '# the units ordered after this one until it succeeds; TimeoutStartSec= bounds it.',
    ...probe.lines,
    `until probe; do sleep ${seconds(readiness.interval)}; done`,
  ];
  return { script: `${lines.join('\n')}\n`, marks: probe.marks, privileged: probe.marks };
};
