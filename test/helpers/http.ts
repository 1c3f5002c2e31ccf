// One HTTP request on a fresh connection (no keep-alive pool: a pooled connection to a server
// that a test restarted would fail the next request).
import { request as httpRequest } from 'node:http';

/** An HTTP answer. */
export interface Reply {
  readonly status: number;
  readonly body: string;
}

/** Status and body of `METHOD http://127.0.0.1:port{path}`, with `Host: host` when given. */
export const request = (port: number, path: string, method = 'GET', host?: string): Promise<Reply> => new Promise((resolve, reject) => {
  const req = httpRequest({ host: '127.0.0.1', port, path, method, ...(host === undefined ? {} : { headers: { host } }), agent: false, timeout: 5000 }, (res) => {
    let body = '';
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => { body += chunk; });
    res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
  });
  req.on('error', reject);
  req.on('timeout', () => req.destroy(new Error(`no answer from port ${port} within 5 s`)));
  req.end();
});

/** Status and body of `GET http://127.0.0.1:port{path}` sent with `Host: host`. */
export const httpGet = (port: number, path: string, host = 'localhost'): Promise<Reply> => request(port, path, 'GET', host);
