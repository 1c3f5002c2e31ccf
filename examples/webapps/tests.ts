/**
 * The tests of the webapps example, which `procform test` runs against the model deployed
 * on each process manager, privileged and unprivileged:
 *
 *   npx procform test -f examples/webapps/processes.ts -P all
 *
 * The switch has already waited for each process's own readiness (an HTTP answer); the
 * readiness check here waits for what a user sees: the webapp through the proxy.
 * @module
 */
import { defineTests } from 'procform';
import type model from './processes.js';

export default defineTests<typeof model>({
  readiness: {
    nginx: (t) => t.waitForHttp(`http://127.0.0.1:${t.port}/`, { headers: { host: 'webapp.local' } }),
  },
  tests: {
    webapp: async (t) => {
      const page = await t.http(`http://127.0.0.1:${t.port}/`);
      t.assert.equal(page.status, 200);
      t.assert.match(page.body, new RegExp(`listening on port: ${t.port}\\b`));
      // The process runs as its own account when the profile changes users, with the
      // environment the model gives it.
      const facts = await t.facts();
      if (t.user !== null) t.assert.equal(facts.user, t.user);
      t.assert.equal(facts.environment.PORT, String(t.port));
    },
    nginx: async (t) => {
      const routed = await t.http(`http://127.0.0.1:${t.port}/`, { headers: { host: 'webapp.local' } });
      t.assert.equal(routed.status, 200, 'the proxy routes webapp.local to the webapp');
      t.assert.match(routed.body, /Simple test webapp/);
      const unknown = await t.http(`http://127.0.0.1:${t.port}/`, { headers: { host: 'nowhere.local' } });
      t.assert.equal(unknown.status, 404, 'a host the proxy does not know is not routed');
    },
  },
});
