/**
 * HTTP requests for tests, with node's http client: unlike fetch it lets a test set the
 * Host header, which is how a reverse proxy is told which site is meant.
 * @module
 */
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { HttpAnswer, HttpOptions } from './context-types.js';
import { TestFailure } from './errors.js';

/** Makes one request; rejects with a `TestFailure` when it gets no answer in time. */
export const httpCall = (url: string, options: HttpOptions = {}): Promise<HttpAnswer> => new Promise((resolve, reject) => {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    reject(new TestFailure(`not a URL: ${url}`));
    return;
  }
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
  const timeout = (options.timeout ?? 10) * 1000;
  const req = send(target, { method: options.method ?? 'GET', headers: options.headers, timeout, ...(target.protocol === 'https:' ? { rejectUnauthorized: false } : {}) }, (res) => {
    const chunks: Buffer[] = [];
    res.on('data', (chunk: Buffer) => chunks.push(chunk));
    res.on('error', (error) => reject(new TestFailure(`${options.method ?? 'GET'} ${url}: ${error.message}`)));
    res.on('end', () => {
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(res.headers)) if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
      resolve({ status: res.statusCode ?? 0, headers, body: Buffer.concat(chunks).toString('utf8') });
    });
  });
  req.on('timeout', () => req.destroy(new Error(`no answer in ${timeout / 1000} s`)));
  req.on('error', (error) => reject(new TestFailure(`${options.method ?? 'GET'} ${url}: ${error.message}`)));
  req.end(options.body);
});
