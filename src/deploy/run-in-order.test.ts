import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { blockedReason, startInOrder, stopInOrder } from './run-in-order.js';

/** A start function whose calls finish when the test says so, recording what happened when. */
const controlled = () => {
  const events: string[] = [];
  const pending = new Map<string, (reason: string | null) => void>();
  const start = (instance: string): Promise<string | null> => {
    events.push(`start ${instance}`);
    return new Promise((resolve) => pending.set(instance, (reason) => {
      events.push(`${reason === null ? 'up' : 'failed'} ${instance}`);
      pending.delete(instance);
      resolve(reason);
    }));
  };
  const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
  return { events, pending, start, tick };
};

const graph = (edges: Record<string, string[]>) => (instance: string): readonly string[] => edges[instance] ?? [];

describe('startInOrder', () => {
  it('gives up on a start at its deadline and blocks its dependents; one without a deadline may take its time', async () => {
    const c = controlled();
    const deadlines = new Map([['slow', 0.05]]);
    const done = startInOrder(['slow', 'dependent', 'free'], graph({ dependent: ['slow'] }), c.start, { deadlines });
    await c.tick();
    assert.deepEqual([...c.pending.keys()], ['slow', 'free']);
    const failures = await Promise.race([done, new Promise((resolve) => setTimeout(() => resolve('free still holds the result back'), 300))]);
    assert.equal(failures, 'free still holds the result back');
    c.pending.get('free')!(null);
    assert.deepEqual(await done, [
      { instance: 'slow', reason: 'gave up after 0.05 s: it had not come up' },
      { instance: 'dependent', reason: blockedReason('slow') },
    ]);
  });


  it('starts independent processes together and a dependent only once its dependency is up', async () => {
    const c = controlled();
    const done = startInOrder(['a', 'b', 'c', 'proxy'], graph({ proxy: ['a', 'c'] }), c.start);
    await c.tick();
    assert.deepEqual([...c.pending.keys()], ['a', 'b', 'c']);
    c.pending.get('a')!(null);
    await c.tick();
    assert.equal(c.pending.has('proxy'), false, 'c is not up yet');
    c.pending.get('c')!(null);
    await c.tick();
    assert.deepEqual([...c.pending.keys()], ['b', 'proxy']);
    c.pending.get('proxy')!(null);
    c.pending.get('b')!(null);
    assert.deepEqual(await done, []);
    assert.deepEqual(c.events, ['start a', 'start b', 'start c', 'up a', 'up c', 'start proxy', 'up proxy', 'up b']);
  });

  it('never has more than the limit starting at once', async () => {
    let now = 0;
    let most = 0;
    const start = async (): Promise<null> => {
      now += 1;
      most = Math.max(most, now);
      await new Promise((resolve) => setTimeout(resolve, 2));
      now -= 1;
      return null;
    };
    const many = Array.from({ length: 20 }, (_, i) => `p${i}`);
    assert.deepEqual(await startInOrder(many, graph({}), start, undefined, 3), []);
    assert.equal(most, 3);
    assert.deepEqual(await startInOrder(many, graph({}), start, undefined, 1), []);
    assert.equal(most, 3);
  });

  it('does not start what depends on a failure, down the whole chain, and reports in list order', async () => {
    const started: string[] = [];
    const failures = await startInOrder(
      ['db', 'other', 'app', 'proxy'],
      graph({ app: ['db'], proxy: ['other', 'app'] }),
      async (instance) => {
        started.push(instance);
        if (instance === 'db') throw new Error('port in use');
        return instance === 'other' ? 'exited with 3' : null;
      },
    );
    assert.deepEqual(started.sort(), ['db', 'other']);
    assert.deepEqual(failures, [
      { instance: 'db', reason: 'port in use' },
      { instance: 'other', reason: 'exited with 3' },
      { instance: 'app', reason: blockedReason('db') },
      // app fails (blocked) before other's failure is known: the chain is what blocks proxy.
      { instance: 'proxy', reason: blockedReason('app') },
    ]);
  });

  it('waits for a listed dependency reached through one that is not listed', async () => {
    // proxy -> cache (running, not in the list) -> db (restarting).
    const c = controlled();
    const done = startInOrder(['db', 'proxy'], graph({ proxy: ['cache'], cache: ['db'] }), c.start);
    await c.tick();
    assert.deepEqual([...c.pending.keys()], ['db']);
    c.pending.get('db')!(null);
    await c.tick();
    c.pending.get('proxy')!(null);
    assert.deepEqual(await done, []);
    assert.deepEqual(c.events, ['start db', 'up db', 'start proxy', 'up proxy']);
  });

  it('fails a cycle instead of waiting forever, and an empty list at once', async () => {
    assert.deepEqual(await startInOrder([], graph({}), async () => null), []);
    const failures = await startInOrder(['a', 'b', 'c'], graph({ a: ['b'], b: ['a'] }), async () => null);
    assert.deepEqual(failures, [
      { instance: 'a', reason: 'not run: its dependencies form a cycle' },
      { instance: 'b', reason: 'not run: its dependencies form a cycle' },
    ]);
  });

  it('counts a start that throws before returning a promise as a failure', async () => {
    const failures = await startInOrder(['a'], graph({}), () => {
      throw new Error('no such file');
    });
    assert.deepEqual(failures, [{ instance: 'a', reason: 'no such file' }]);
  });
});

describe('stopInOrder', () => {
  it('stops dependents first, independent ones side by side', async () => {
    const c = controlled();
    // proxy -> a, proxy -> b; c alone.
    const done = stopInOrder(['proxy', 'c', 'a', 'b'], graph({ proxy: ['a', 'b'] }), c.start);
    await c.tick();
    assert.deepEqual([...c.pending.keys()], ['proxy', 'c']);
    c.pending.get('proxy')!(null);
    await c.tick();
    assert.deepEqual([...c.pending.keys()], ['c', 'a', 'b']);
    for (const instance of ['a', 'b', 'c']) c.pending.get(instance)!(null);
    assert.deepEqual(await done, []);
  });

  it('waits for a listed dependent reached through one that keeps running, and a failed stop holds nothing back', async () => {
    const c = controlled();
    // proxy -> cache (not listed) -> db.
    const done = stopInOrder(['proxy', 'db'], graph({ proxy: ['cache'], cache: ['db'] }), c.start);
    await c.tick();
    assert.deepEqual([...c.pending.keys()], ['proxy']);
    c.pending.get('proxy')!('timed out');
    await c.tick();
    assert.deepEqual([...c.pending.keys()], ['db']);
    c.pending.get('db')!(null);
    assert.deepEqual(await done, [{ instance: 'proxy', reason: 'timed out' }]);
    assert.deepEqual(c.events, ['start proxy', 'failed proxy', 'start db', 'up db']);
  });
});
