/**
 * Readiness the s6 tools cannot see (a log line, a tcp, http or exec check), probed by the
 * activator while it starts a service: the lines come from s6-log's `current` file.
 * @module
 */
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import type { Readiness } from '../../model/readiness.js';
import { checkAccount, startProbe, type LineListener } from '../../probes/readiness.js';
import { exitOf, ranSince, status } from './svstat.js';
import type { S6Service } from './record.js';

/** s6-log's T prefix: "YYYY-MM-DD HH:MM:SS.nnnnnnnnn  "; stdout and stderr share the log. */
export const S6_LOG_PREFIX = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+ {2}/;

/** Follows a log directory's `current` file from its present end, line by line. */
export const followLog = (file: string): ((listener: LineListener) => () => void) => {
  let offset = 0;
  try {
    offset = statSync(file).size;
  } catch {
    offset = 0;
  }
  return (listener) => {
    let rest = '';
    const timer = setInterval(() => {
      let size: number;
      try {
        size = statSync(file).size;
      } catch {
        return;
      }
      if (size < offset) offset = 0; // rotated
      if (size === offset) return;
      const buffer = Buffer.alloc(size - offset);
      const fd = openSync(file, 'r');
      try {
        readSync(fd, buffer, 0, buffer.length, offset);
      } finally {
        closeSync(fd);
      }
      offset = size;
      const lines = (rest + buffer.toString('utf8')).split('\n');
      rest = lines.pop() ?? '';
      for (const line of lines) listener('stdout', line.replace(S6_LOG_PREFIX, ''));
    }, 100);
    return () => clearInterval(timer);
  };
};

/** Waits until the probe of an emulated readiness kind succeeds; a reason when it does not. */
export const probe = (record: S6Service, readiness: Readiness, lines: (listener: LineListener) => () => void, dir: string, before: string | null): Promise<string | null> =>
  new Promise((resolve) => {
    let done = false;
    let watcher: NodeJS.Timeout | undefined;
    const finish = (reason: string | null): void => {
      if (done) return;
      done = true;
      clearInterval(watcher);
      cancel();
      resolve(reason);
    };
    const cancel = startProbe(
      {
        readiness: readiness.kind === 'log' ? { ...readiness, stream: 'both' } : readiness, env: record.environment, cwd: record.directory,
        account: checkAccount(record.user, record.group), subscribeLines: lines, notify: null,
      },
      { onReady: () => finish(null), onTimeout: (reason) => finish(reason) },
    );
    // A service that s6 will not restart any more cannot become ready.
    watcher = setInterval(() => {
      void status(dir).then((s) => {
        if (s !== null && ranSince(s, before) && !s.up && !s.wantedUp) finish(`${exitOf(s)} and will not be restarted`);
      });
    }, 200);
  });

