// Apache for real, on the embedded supervisor through `procform switch`: as root with its
// children under the service account, and as an unprivileged user.
import { test } from 'node:test';
import { runUnprivileged, runWebServer } from './web-live.js';
import { haveProgram } from '../helpers/services.js';

const root = process.getuid?.() === 0;

test('apache: a static site, host- and path-based proxies, a switch that adds a route, an undeploy', { skip: !root && 'needs root', timeout: 60_000 }, async (t) => {
  if (!haveProgram('/usr/sbin/apache2', (why) => t.skip(why))) return;
  await runWebServer(t, 'apache', 'apache2.pid');
});

test('apache: an unprivileged user deploys it, and it serves as that user', { skip: !root && 'needs root to make the user', timeout: 60_000 }, async (t) => {
  if (!haveProgram('/usr/sbin/apache2', (why) => t.skip(why))) return;
  await runUnprivileged(t, 'apache', 'apache2.pid');
});
