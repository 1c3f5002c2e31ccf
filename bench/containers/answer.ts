// The end point of every start measured: the proxy answers `Host: webapp.local` (or the
// route's host name) with the webapp's page, naming the webapp's port (so an old webapp
// still answering does not count).
import { get } from '../../test/helpers/wait.js';
import { waitFor } from '../supervisor/poll.js';

/** Where a deployment of the webapps example listens. */
export interface Ports {
  readonly webapp: number;
  readonly proxy: number;
  /** The host name the proxy routes to the webapp (default webapp.local). */
  readonly host?: string;
}

/** Polls are this far apart: each failed one is a refused connection, so this is the resolution. */
const INTERVAL_MS = 2;

const answers = async ({ webapp, proxy, host = 'webapp.local' }: Ports): Promise<boolean> => {
  try {
    const reply = await get(proxy, host);
    return reply.status === 200 && reply.body.includes(`listening on port: ${webapp}`);
  } catch {
    return false;
  }
};

/** Resolves once the proxy routes to the webapp on `ports.webapp`; rejects after `timeoutMs`. */
export const untilAnswer = async (ports: Ports, timeoutMs = 60_000): Promise<void> => {
  await waitFor(`the proxy on ${ports.proxy} to answer for ${ports.host ?? 'webapp.local'} from port ${ports.webapp}`, () => answers(ports), timeoutMs, INTERVAL_MS);
};

/** Resolves once nothing answers on the proxy's port any more (a check after a teardown, not timed). */
export const untilSilent = async (ports: Pick<Ports, 'proxy'>, timeoutMs = 15_000): Promise<void> => {
  await waitFor(`the proxy on ${ports.proxy} to stop answering`, async () => {
    try {
      await get(ports.proxy, 'webapp.local');
      return false;
    } catch {
      return true;
    }
  }, timeoutMs, 20);
};

/** Milliseconds `body` takes. */
export const timed = async (body: () => unknown): Promise<number> => {
  const started = performance.now();
  await body();
  return performance.now() - started;
};
