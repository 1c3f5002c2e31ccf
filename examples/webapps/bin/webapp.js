#!/usr/bin/env node
/**
 * Simple test webapp: the reference application of the webapps example. It answers every
 * GET with a page naming its port, so a test can tell which instance a proxy reached.
 *
 *   PORT=5000 webapp.js                                          foreground
 *   PORT=5000 PID_FILE=/run/webapp.pid [LOG_FILE=f] webapp.js -D  daemon
 *
 * In daemon mode the command returns only once the detached daemon listens and its pid
 * file exists, which is the contract sysvinit-style managers rely on.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const PROG = 'webapp';
const USAGE = 'usage: PORT=<port> webapp.js [-D]   (-D also needs PID_FILE, optionally LOG_FILE)';
// Set by the daemon parent only, so the detached copy knows it is the daemon itself.
const DAEMON_CHILD_ENV = 'WEBAPP_DAEMON_CHILD';
const STARTUP_TIMEOUT_MS = 10_000;
const POLL_INTERVAL_MS = 50;

const die = (message) => {
  process.stderr.write(`${PROG}: ${message}\n`);
  process.exit(1);
};

const parsePort = (raw) => {
  if (raw === undefined || !/^\d+$/.test(raw)) return undefined;
  const port = Number(raw);
  return port >= 1 && port <= 65535 ? port : undefined;
};

const page = (port) => `<!DOCTYPE html>
<html>
  <head>
    <title>Simple test webapp</title>
  </head>
  <body>
    Simple test webapp listening on port: ${port}
  </body>
</html>
`;

const readPid = (file) => {
  try {
    const pid = Number(fs.readFileSync(file, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
};

const isAlive = (pid) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM means the process exists but belongs to someone else.
    return err.code === 'EPERM';
  }
};

const serve = (port, onListening) => {
  const server = http.createServer((req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' });
      res.end('method not allowed\n');
      return;
    }
    const body = page(port);
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  });
  server.on('error', (err) => die(`cannot listen on port ${port}: ${err.message}`));
  server.listen(port, () => {
    process.stdout.write(`webapp listening on port ${port}\n`);
    onListening();
  });
  const stop = () => {
    server.close(() => process.exit(0));
    // Idle keep-alive connections would otherwise hold close() open until they time out.
    server.closeAllConnections();
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
};

/** The detached daemon: serves, and publishes its pid only once it can answer requests. */
const runDaemonChild = (port, pidFile) => {
  process.on('exit', () => {
    // Another instance may have taken over the file; only remove our own.
    if (readPid(pidFile) === process.pid) fs.rmSync(pidFile, { force: true });
  });
  serve(port, () => {
    // Written aside and renamed, so a reader sees either no file or a complete one.
    const temp = `${pidFile}.${process.pid}.tmp`;
    try {
      fs.writeFileSync(temp, `${process.pid}\n`);
      fs.renameSync(temp, pidFile);
    } catch (err) {
      fs.rmSync(temp, { force: true });
      die(`cannot write the pid file: ${err.message}`);
    }
  });
};

/** The command a manager runs: starts the daemon and reports whether it came up. */
const startDaemon = (pidFile) => {
  const existing = readPid(pidFile);
  if (existing !== undefined && isAlive(existing)) die(`already running with pid ${existing} (${pidFile})`);
  const logFile = process.env.LOG_FILE ? path.resolve(process.env.LOG_FILE) : undefined;
  let output = 'ignore';
  try {
    // Checked here because the daemon could only report it to a log nobody may be reading.
    fs.accessSync(path.dirname(pidFile), fs.constants.W_OK);
    // A stale file would look like readiness to the wait loop below.
    fs.rmSync(pidFile, { force: true });
    if (logFile !== undefined) output = fs.openSync(logFile, 'a');
  } catch (err) {
    die(`cannot prepare the pid or log file: ${err.message}`);
  }
  const child = spawn(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), '-D'], {
    detached: true,
    cwd: '/',
    stdio: ['ignore', output, output],
    env: { ...process.env, PID_FILE: pidFile, ...(logFile === undefined ? {} : { LOG_FILE: logFile }), [DAEMON_CHILD_ENV]: '1' },
  });
  const seeLog = logFile === undefined ? '' : `; see ${logFile}`;
  child.once('error', (err) => die(`cannot start the daemon: ${err.message}`));
  child.once('exit', (code, signal) =>
    die(`the daemon exited (${signal ?? `status ${code}`}) before it was ready${seeLog}`),
  );

  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  const poll = () => {
    if (child.pid !== undefined && readPid(pidFile) === child.pid) {
      child.unref();
      process.exit(0);
    }
    if (Date.now() > deadline) {
      child.kill('SIGTERM');
      die(`the daemon did not write ${pidFile} within ${STARTUP_TIMEOUT_MS / 1000} s${seeLog}`);
    }
    setTimeout(poll, POLL_INTERVAL_MS);
  };
  poll();
};

const main = () => {
  const args = process.argv.slice(2);
  const daemonMode = args.length === 1 && args[0] === '-D';
  if (args.length > 0 && !daemonMode) die(`unexpected arguments: ${args.join(' ')}\n${USAGE}`);

  const port = parsePort(process.env.PORT);
  if (port === undefined) {
    die(`${process.env.PORT === undefined ? 'PORT is not set' : `PORT is not a valid port: ${JSON.stringify(process.env.PORT)}`}\n${USAGE}`);
  }
  if (!daemonMode) {
    serve(port, () => {});
    return;
  }

  if (!process.env.PID_FILE) die(`daemon mode (-D) needs PID_FILE\n${USAGE}`);
  // The daemon runs in "/", so a relative path must be fixed before it starts.
  const pidFile = path.resolve(process.env.PID_FILE);
  if (process.env[DAEMON_CHILD_ENV] === '1') {
    delete process.env[DAEMON_CHILD_ENV];
    runDaemonChild(port, pidFile);
  } else {
    startDaemon(pidFile);
  }
};

main();
