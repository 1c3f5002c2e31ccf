// Polling with deadlines, free ports and HTTP requests for end-to-end tests.
import { createServer } from 'node:net';
import { request } from 'node:http';
import { readFileSync } from 'node:fs';

/** Polls `check` until it returns a value other than undefined/false, or fails after `ms`. */
export const waitFor = async <T>(what: string, check: () => T | undefined | false | Promise<T | undefined | false>, ms = 15_000): Promise<T> => {
  const deadline = Date.now() + ms;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out after ${ms} ms waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`);
};

/** Ports that were free a moment ago. */
export const freePorts = async (count: number): Promise<number[]> => {
  const servers = await Promise.all(Array.from({ length: count }, () => new Promise<import('node:net').Server>((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => resolve(server));
  })));
  const ports = servers.map((s) => (s.address() as { port: number }).port);
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  return ports;
};

/** GET http://127.0.0.1:port/ with a Host header; resolves to status and body. */
export const get = (port: number, host?: string): Promise<{ status: number; body: string }> => new Promise((resolve, reject) => {
  const req = request({ host: '127.0.0.1', port, path: '/', headers: host ? { host } : {}, timeout: 2000, agent: false }, (res) => {
    let body = '';
    res.setEncoding('utf8');
    res.on('data', (c: string) => { body += c; });
    res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
  });
  req.on('error', reject);
  req.on('timeout', () => req.destroy(new Error('timeout')));
  req.end();
});

/** True when a process with this pid exists (zombies count as gone). */
export const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
};
