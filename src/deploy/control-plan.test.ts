import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ControlError } from '../errors.js';
import { controlPlan } from './control-plan.js';
import type { PlanUnit } from './plan-types.js';

const unit = (instance: string, ...dependencies: string[]): PlanUnit => ({ instance, entry: `/store/1-${instance}`, dependencies });

// db <- api <- web, db <- worker, and cron on its own.
const units = [unit('db'), unit('api', 'db'), unit('web', 'api'), unit('worker', 'db'), unit('cron')];
const all = new Set(units.map((u) => u.instance));
const without = (...names: string[]): Set<string> => new Set([...all].filter((n) => !names.includes(n)));

describe('controlPlan', () => {
  it('restart stops the running dependents first and starts them again after the process', () => {
    const plan = controlPlan('restart', ['db'], units, all);
    assert.deepEqual(plan.stop, ['web', 'api', 'worker', 'db']);
    assert.deepEqual(plan.start, ['db', 'api', 'web', 'worker']);
    assert.deepEqual(plan.keep, []);
    assert.deepEqual(plan.reasons, { api: 'dependency-restarted', db: 'requested', web: 'dependency-restarted', worker: 'dependency-restarted' });
  });

  it('restart leaves dependents that are not running down, and follows the graph through them', () => {
    const plan = controlPlan('restart', ['db'], units, without('api'));
    assert.deepEqual(plan.stop, ['web', 'worker', 'db']);
    assert.deepEqual(plan.start, ['db', 'web', 'worker']);
  });

  it('restart of a process that is down starts its missing dependencies first', () => {
    const plan = controlPlan('restart', ['web'], units, without('web', 'api'));
    assert.deepEqual(plan.stop, ['web']);
    assert.deepEqual(plan.start, ['api', 'web']);
    assert.equal(plan.reasons.api, 'not-running');
  });

  it('stop takes the running dependents down first and starts nothing', () => {
    const plan = controlPlan('stop', ['api'], units, all);
    assert.deepEqual(plan.stop, ['web', 'api']);
    assert.deepEqual(plan.start, []);
    assert.deepEqual(plan.reasons, { api: 'requested', web: 'dependency-stopped' });
  });

  it('start brings up the dependencies that are not running, and nothing that runs', () => {
    const plan = controlPlan('start', ['web'], units, new Set(['db', 'cron']));
    assert.deepEqual(plan.stop, []);
    assert.deepEqual(plan.start, ['api', 'web']);
    assert.deepEqual(controlPlan('start', ['web'], units, all).start, [], 'a running process is left alone');
  });

  it('refuses unknown names and an empty request, naming the known processes', () => {
    assert.throws(() => controlPlan('stop', ['nope'], units, all), (error: unknown) =>
      error instanceof ControlError && error.message === 'unknown process "nope"' && error.hint === 'known processes: api, cron, db, web, worker');
    assert.throws(() => controlPlan('start', [], units, all), ControlError);
  });
});
