import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InputError } from '../errors.js';
import { computePlan, formatPlan, isEmptyPlan } from './plan.js';
import type { Plan, PlanUnit } from './plan-types.js';

/** `unit('web@2', 'db')`: instance web, entry version 2, depending on db. */
const unit = (spec: string, ...dependencies: string[]): PlanUnit => {
  const [instance, version = '1'] = spec.split('@') as [string, string?];
  return { instance, entry: `/store/${version}-${instance}`, dependencies };
};

// db <- api <- web, db <- worker, and cron on its own.
const base = [unit('db'), unit('api', 'db'), unit('web', 'api'), unit('worker', 'db'), unit('cron')];
const everything = new Set(base.map((u) => u.instance));
const replace = (units: readonly PlanUnit[], ...changed: PlanUnit[]): PlanUnit[] =>
  units.map((u) => changed.find((c) => c.instance === u.instance) ?? u);

interface Case {
  readonly name: string;
  readonly previous: readonly PlanUnit[] | null;
  readonly next: readonly PlanUnit[] | null;
  readonly running?: ReadonlySet<string>;
  readonly expected: Omit<Plan, 'reasons'> & { readonly reasons?: Plan['reasons'] };
}

const cases: readonly Case[] = [
  {
    name: 'identical generations stop and start nothing',
    previous: base,
    next: base,
    expected: { stop: [], start: [], keep: ['api', 'cron', 'db', 'web', 'worker'] },
  },
  {
    name: 'a changed leaf restarts only itself',
    previous: base,
    next: replace(base, unit('web@2', 'api')),
    expected: { stop: ['web'], start: ['web'], keep: ['api', 'cron', 'db', 'worker'] },
  },
  {
    name: 'a changed dependency restarts its dependents transitively, not unrelated ones',
    previous: base,
    next: replace(base, unit('db@2')),
    expected: {
      stop: ['web', 'api', 'worker', 'db'],
      start: ['db', 'api', 'web', 'worker'],
      keep: ['cron'],
      reasons: { api: 'dependency-restarted', cron: 'unchanged', db: 'changed', web: 'dependency-restarted', worker: 'dependency-restarted' },
    },
  },
  {
    name: 'a changed middle process restarts what depends on it, not what it depends on',
    previous: base,
    next: replace(base, unit('api@2', 'db')),
    expected: { stop: ['web', 'api'], start: ['api', 'web'], keep: ['cron', 'db', 'worker'] },
  },
  {
    name: 'removed processes stop dependents first',
    previous: base,
    next: [unit('cron')],
    expected: {
      stop: ['web', 'api', 'worker', 'db'],
      start: [],
      keep: ['cron'],
      reasons: { api: 'removed', cron: 'unchanged', db: 'removed', web: 'removed', worker: 'removed' },
    },
  },
  {
    name: 'undeploy stops everything dependents first',
    previous: base,
    next: null,
    expected: { stop: ['cron', 'web', 'api', 'worker', 'db'], start: [], keep: [] },
  },
  {
    name: 'the first deployment starts everything dependencies first',
    previous: null,
    next: base,
    running: new Set(),
    expected: {
      stop: [],
      start: ['cron', 'db', 'api', 'web', 'worker'],
      keep: [],
      reasons: { api: 'added', cron: 'added', db: 'added', web: 'added', worker: 'added' },
    },
  },
  {
    name: 'an unchanged process that is not running is started, and its dependents are left alone',
    previous: base,
    next: base,
    running: new Set(['api', 'cron', 'web', 'worker']),
    expected: { stop: [], start: ['db'], keep: ['api', 'cron', 'web', 'worker'], reasons: { api: 'unchanged', cron: 'unchanged', db: 'not-running', web: 'unchanged', worker: 'unchanged' } },
  },
  {
    name: 'a dependent that is down is only started after its restarted dependency',
    previous: base,
    next: replace(base, unit('db@2')),
    running: new Set(['db', 'cron', 'web', 'worker']),
    expected: {
      stop: ['web', 'worker', 'db'],
      start: ['db', 'api', 'web', 'worker'],
      keep: ['cron'],
      reasons: { api: 'not-running', cron: 'unchanged', db: 'changed', web: 'dependency-restarted', worker: 'dependency-restarted' },
    },
  },
  {
    name: 'a newly added dependency is started without restarting anything',
    previous: base,
    next: [...base, unit('cache')],
    expected: { stop: [], start: ['cache'], keep: ['api', 'cron', 'db', 'web', 'worker'] },
  },
  {
    name: 'a process that gains a dependency has a new entry and starts after it',
    previous: base,
    next: [...replace(base, unit('web@2', 'api', 'cache')), unit('cache')],
    expected: { stop: ['web'], start: ['cache', 'web'], keep: ['api', 'cron', 'db', 'worker'] },
  },
  {
    name: 'stops use the old graph and starts the new one when the edges are reversed',
    previous: [unit('a', 'b'), unit('b')],
    next: [unit('a@2'), unit('b@2', 'a')],
    expected: { stop: ['a', 'b'], start: ['a', 'b'], keep: [] },
  },
  {
    name: 'ordering goes through processes that stay up',
    previous: [unit('a'), unit('b', 'a'), unit('c', 'b')],
    next: [unit('a@2'), unit('b', 'a'), unit('c@2', 'b')],
    running: new Set(['a', 'c']),
    expected: { stop: ['c', 'a'], start: ['a', 'b', 'c'], keep: [], reasons: { a: 'changed', b: 'not-running', c: 'changed' } },
  },
  {
    name: 'nothing deployed and nothing to deploy',
    previous: null,
    next: null,
    expected: { stop: [], start: [], keep: [], reasons: {} },
  },
];

describe('computePlan', () => {
  for (const c of cases) {
    it(c.name, () => {
      const plan = computePlan(c.previous, c.next, c.running ?? everything);
      assert.deepEqual(plan.stop, c.expected.stop, 'stop');
      assert.deepEqual(plan.start, c.expected.start, 'start');
      assert.deepEqual(plan.keep, c.expected.keep, 'keep');
      if (c.expected.reasons !== undefined) assert.deepEqual(plan.reasons, c.expected.reasons);
    });
  }

  it('gives every instance of both generations a reason', () => {
    const plan = computePlan(base, [...replace(base, unit('db@2')).filter((u) => u.instance !== 'cron'), unit('cache')], everything);
    assert.deepEqual(Object.keys(plan.reasons), ['api', 'cache', 'cron', 'db', 'web', 'worker']);
    assert.equal(plan.reasons.cron, 'removed');
    assert.equal(plan.reasons.cache, 'added');
  });

  it('does not depend on the order of its input', () => {
    const next = replace(base, unit('db@2'));
    const a = computePlan(base, next, everything);
    const b = computePlan([...base].reverse(), [...next].reverse(), everything);
    assert.deepEqual(a, b);
  });

  it('handles an instance called __proto__', () => {
    const plan = computePlan(null, [unit('__proto__')], new Set());
    assert.deepEqual(plan.start, ['__proto__']);
    assert.equal(Object.getOwnPropertyDescriptor(plan.reasons, '__proto__')?.value, 'added');
  });

  it('rejects a dependency cycle', () => {
    assert.throws(() => computePlan(null, [unit('a', 'b'), unit('b', 'a')], new Set()), InputError);
    assert.throws(() => computePlan(null, [unit('a', 'a')], new Set()), /cycle through "a"/);
  });
});

describe('isEmptyPlan', () => {
  it('is true when nothing stops or starts, whatever is kept', () => {
    assert.equal(isEmptyPlan(computePlan(base, base, everything)), true);
    assert.equal(isEmptyPlan(computePlan(base, base, new Set())), false);
    assert.equal(isEmptyPlan(computePlan(base, null, everything)), false);
  });
});

describe('formatPlan', () => {
  it('lists stops, starts and kept processes in order, aligned, with reasons', () => {
    const text = formatPlan(computePlan(base, replace(base, unit('api@2', 'db')), everything));
    assert.equal(
      text,
      [
        'stop    web     (dependency-restarted)',
        'stop    api     (changed)',
        'start   api     (changed)',
        'start   web     (dependency-restarted)',
        'keep    cron    (unchanged)',
        'keep    db      (unchanged)',
        'keep    worker  (unchanged)',
      ].join('\n'),
    );
  });

  it('says what changed in a changed process, where the comparison of its entries knows', () => {
    const plan = computePlan(base, replace(base, unit('api@2', 'db'), unit('cron@2')), everything);
    const change = { added: ['run'], removed: [], changed: ['container.json'], keys: ['image', 'network', 'environment.PORT'], moreKeys: 0 };
    const lines = formatPlan(plan, { api: change }).split('\n');
    assert.ok(lines.includes('start   api     (changed: image, network, environment.PORT, +run)'), lines.join('\n'));
    assert.ok(lines.includes('start   cron    (changed)'), 'no comparison, no details');
    assert.ok(lines.includes('start   web     (dependency-restarted)'));
  });

  it('says when there is nothing to do', () => {
    assert.equal(formatPlan(computePlan(null, null, new Set())), 'nothing to do');
    assert.equal(formatPlan(computePlan([unit('db')], [unit('db')], new Set(['db']))), 'nothing to do\nkeep    db  (unchanged)');
  });
});
