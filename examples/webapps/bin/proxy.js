#!/usr/bin/env node
/**
 * A small host-based HTTP reverse proxy: the dependency-free stand-in for nginx in the
 * webapps example.
 *
 *   proxy.js --listen 8080 --route webapp1.local=5001 --route webapp2.local=webapp2:5002
 *
 * A request goes to <upstream>:<port> (127.0.0.1 unless the route names an upstream host)
 * of the route whose host matches its Host header
 * (case-insensitive, any :port suffix ignored). Unknown hosts get 404, an unreachable
 * upstream 502. Upgrade requests (WebSockets) are not supported.
 */
import http from 'node:http';

const PROG = 'proxy';
const USAGE = 'usage: proxy.js --listen <port> --route <host>=[<upstream>:]<port> [--route ...]';

// Headers that describe one connection, not the message; RFC 9110 §7.6.1.
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

const die = (message) => {
  process.stderr.write(`${PROG}: ${message}\n${USAGE}\n`);
  process.exit(1);
};

const parsePort = (raw, what) => {
  const port = raw !== undefined && /^\d+$/.test(raw) ? Number(raw) : NaN;
  if (!(port >= 1 && port <= 65535)) die(`${what} is not a valid port: ${JSON.stringify(raw ?? '')}`);
  return port;
};

/** Host header → route key: lower-case, without port, brackets kept for IPv6 literals. */
const hostKey = (header) => {
  const host = (header ?? '').trim().toLowerCase();
  const end = host.startsWith('[') ? host.indexOf(']') + 1 : host.indexOf(':');
  const name = end > 0 ? host.slice(0, end) : host;
  // "example.local." and "example.local" name the same host.
  return name.endsWith('.') ? name.slice(0, -1) : name;
};

const parseArgs = (argv) => {
  let listen;
  const routes = new Map();
  for (let i = 0; i < argv.length; i += 2) {
    const [flag, value] = [argv[i], argv[i + 1]];
    if (value === undefined) die(`${flag} needs a value`);
    if (flag === '--listen') {
      listen = parsePort(value, '--listen');
    } else if (flag === '--route') {
      const at = value.lastIndexOf('=');
      const host = hostKey(value.slice(0, Math.max(at, 0)));
      if (at <= 0 || host === '') die(`--route expects <host>=[<upstream>:]<port>, got ${JSON.stringify(value)}`);
      if (routes.has(host)) die(`host ${host} is routed twice`);
      const target = value.slice(at + 1);
      const colon = target.lastIndexOf(':');
      const upstream = colon > 0 ? target.slice(0, colon) : '127.0.0.1';
      routes.set(host, { upstream, port: parsePort(colon >= 0 ? target.slice(colon + 1) : target, `--route ${host}`) });
    } else {
      die(`unknown argument: ${flag}`);
    }
  }
  if (listen === undefined) die('--listen is required');
  return { listen, routes };
};

/** Copies headers without hop-by-hop ones, including those the Connection header names. */
const endToEndHeaders = (headers) => {
  const named = new Set(
    String(headers.connection ?? '')
      .split(',')
      .map((token) => token.trim().toLowerCase()),
  );
  const result = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined && !HOP_BY_HOP.has(name) && !named.has(name)) result[name] = value;
  }
  return result;
};

const plain = (res, status, text) => {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
};

const forward = (req, res, { upstream: upstreamHost, port }) => {
  const headers = endToEndHeaders(req.headers);
  const client = req.socket.remoteAddress ?? 'unknown';
  headers['x-forwarded-for'] = headers['x-forwarded-for'] ? `${headers['x-forwarded-for']}, ${client}` : client;
  headers['x-forwarded-host'] = req.headers.host ?? '';

  const upstream = http.request({ host: upstreamHost, port, method: req.method, path: req.url, headers }, (upstreamRes) => {
    res.writeHead(upstreamRes.statusCode ?? 502, endToEndHeaders(upstreamRes.headers));
    upstreamRes.pipe(res);
  });
  upstream.on('error', (err) => {
    if (res.headersSent) {
      // Too late for a status: cut the response so the client sees it is incomplete.
      res.destroy(err);
    } else {
      plain(res, 502, `bad gateway: ${hostKey(req.headers.host)} is unreachable\n`);
    }
  });
  // A client that goes away must not leave the upstream request running.
  res.on('close', () => {
    if (!res.writableFinished) upstream.destroy();
  });
  req.pipe(upstream);
};

const main = () => {
  const { listen, routes } = parseArgs(process.argv.slice(2));
  const server = http.createServer((req, res) => {
    const host = hostKey(req.headers.host);
    const route = routes.get(host);
    if (route === undefined) {
      plain(res, 404, `no route for host ${JSON.stringify(host)}\n`);
    } else {
      forward(req, res, route);
    }
  });
  server.on('error', (err) => {
    process.stderr.write(`${PROG}: cannot listen on port ${listen}: ${err.message}\n`);
    process.exit(1);
  });
  server.listen(listen, () => process.stdout.write(`proxy listening on port ${listen}\n`));
  const stop = () => {
    server.close(() => process.exit(0));
    // Idle keep-alive connections would otherwise hold close() open until they time out.
    server.closeAllConnections();
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
};

main();
