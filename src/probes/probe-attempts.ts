/**
 * One attempt of each polling readiness check. An attempt resolves with null when the
 * process is ready, or with why it is not; aborting its signal ends it at once and
 * releases its socket or check process.
 * @module
 */
import { spawn } from 'node:child_process';
import { connect } from 'node:net';
import { resolveIdentity, runningAs, type Identity, type Privileges } from '../system/privileges.js';

/** One try: null means ready, a string says why not. */
export type Attempt = (signal: AbortSignal) => Promise<string | null>;

/** Ready once a TCP connection to host:port succeeds. */
export const tcpAttempt = (host: string, port: number): Attempt => (signal) =>
  new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (result: string | null): void => {
      signal.removeEventListener('abort', aborted);
      socket.destroy();
      resolve(result);
    };
    const aborted = (): void => done('attempt abandoned');
    signal.addEventListener('abort', aborted);
    socket.once('connect', () => done(null));
    socket.once('error', (error) => done(error.message));
  });

/** node:http is loaded at the first HTTP probe: an idle supervisor should not carry it. */
let http: Promise<typeof import('node:http')> | undefined;

/** Ready once GET http://host:port/path answers with an accepted status (any 2xx or 3xx by default). */
export const httpAttempt = (host: string, port: number, path: string, accepted: readonly number[]): Attempt => async (signal) => {
  const { get } = await (http ??= import('node:http'));
  return new Promise((resolve) => {
    // No keep-alive agent: a probe must not leave a socket open behind it.
    const request = get({ host, port, path, agent: false, signal }, (response) => {
      const status = response.statusCode ?? 0;
      response.resume();
      request.destroy();
      const ok = accepted.length > 0 ? accepted.includes(status) : status >= 200 && status < 400;
      resolve(ok ? null : `GET ${path} answered ${status}`);
    });
    request.once('error', (error) => resolve(error.message));
  });
};

/** Whom an exec check runs as: the process's user and group (null: the user's own primary group). */
export interface CheckAccount {
  readonly user: string;
  readonly group: string | null;
}

/**
 * Ready once the check command exits 0. It runs as the process would: with its environment
 * and directory, and as its user (`account`, looked up once), so a check such as
 * `pg_isready` connects as the service's role rather than as root.
 */
export const execAttempt = (argv: readonly string[], env: Readonly<Record<string, string>>, cwd: string | null, account: CheckAccount | null = null): Attempt => {
  let identity: Promise<Identity | null> | undefined;
  return async (signal) => {
    let privileges: Privileges;
    try {
      identity ??= resolveIdentity(account?.user ?? null, account?.group ?? null, account !== null);
      privileges = runningAs(argv, await identity);
    } catch (error) {
      // A user that does not exist yet may be created while the probe waits.
      identity = undefined;
      return `cannot run the check as ${account?.user}: ${(error as Error).message}`;
    }
    if (signal.aborted) return 'attempt abandoned';
    return new Promise((resolve) => {
      const [command, ...args] = privileges.argv;
      const check = spawn(command ?? '', args, {
        env, cwd: cwd ?? undefined, stdio: 'ignore', signal, killSignal: 'SIGKILL', uid: privileges.ids?.uid, gid: privileges.ids?.gid,
      });
      check.once('error', (error) => resolve(error.name === 'AbortError' ? 'attempt abandoned' : error.message));
      check.once('exit', (code, killed) => resolve(code === 0 ? null : `${argv.join(' ')} ended with ${killed ?? `exit code ${code}`}`));
    });
  };
};
