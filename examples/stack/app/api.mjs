// The stack's HTTP API:
//   GET  /health            200 once it can reach PostgreSQL
//   POST /items?text=…      stores an item in PostgreSQL       GET /items   lists them
//   POST /jobs?payload=…    queues a job in Redis for the worker
//   GET  /jobs              the jobs the worker finished, and which release did each
//   GET  /release           the API's RELEASE (a switch that changes it restarts only the API)
import { createServer } from 'node:http';
import { query } from './postgres.mjs';
import { redis } from './redis.mjs';

const json = (res, status, value) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(`${JSON.stringify(value)}\n`);
};

const routes = {
  'GET /health': async () => [200, { ok: (await query('SELECT 1'))[0][0] === '1' }],
  'GET /release': async () => [200, { release: process.env.RELEASE ?? '1' }],
  'POST /items': async (url) => {
    const [[id]] = await query("INSERT INTO items (text) VALUES (:'text') RETURNING id", { text: url.searchParams.get('text') ?? '' });
    return [201, { id: Number(id) }];
  },
  'GET /items': async () => [200, (await query('SELECT id, text FROM items ORDER BY id')).map(([id, text]) => ({ id: Number(id), text }))],
  'POST /jobs': async (url) => {
    await redis('LPUSH', 'jobs', url.searchParams.get('payload') ?? '');
    return [202, { queued: true }];
  },
  'GET /jobs': async () => [200, (await query('SELECT payload, done_by FROM jobs ORDER BY id')).map(([payload, doneBy]) => ({ payload, doneBy }))],
};

const server = createServer(async (req, res) => {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const route = routes[`${req.method} ${url.pathname}`];
  if (!route) return json(res, 404, { error: 'not found' });
  try {
    json(res, ...(await route(url)));
  } catch (error) {
    json(res, 503, { error: error.message });
  }
});

// Finish the requests in flight, then exit: the manager's stop signal is a clean shutdown.
process.on('SIGTERM', () => server.close(() => process.exit(0)));
server.listen(Number(process.env.PORT), process.env.HOST ?? '127.0.0.1', () => console.log(`api listening on ${process.env.PORT}`));
