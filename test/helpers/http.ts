// One HTTP GET on a fresh connection, with any path and Host header.
import { request } from 'node:http';

/** Status and body of `GET http://127.0.0.1:port{path}` sent with `Host: host`. */
export const httpGet = (port: number, path: string, host = 'localhost'): Promise<{ status: number; body: string }> => new Promise((resolve, reject) => {
  const req = request({ host: '127.0.0.1', port, path, headers: { host }, agent: false, timeout: 5000 }, (res) => {
    let body = '';
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => { body += chunk; });
    res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
  });
  req.on('error', reject);
  req.on('timeout', () => req.destroy(new Error(`no answer from port ${port} within 5 s`)));
  req.end();
});
