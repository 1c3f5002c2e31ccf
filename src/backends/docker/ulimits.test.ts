import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hasSysResource, parseLimit, setsDefaultUlimits } from './limit-facts.js';
import { ulimitArgs, type LimitFacts } from './ulimits.js';

// A root in a container without CAP_SYS_RESOURCE, as on the development machine.
const restricted: LimitFacts = {
  podman: true, root: true, sysResource: false, configured: false,
  nofile: { soft: 20000, hard: 20000 }, nproc: { soft: 96362, hard: 96362 }, pidMax: 32768,
};

test('rootful podman without CAP_SYS_RESOURCE gets the limits procform runs with, nproc capped at pid_max', () => {
  assert.deepEqual(ulimitArgs(restricted), ['--ulimit=nofile=20000:20000', '--ulimit=nproc=32768:32768']);
  assert.deepEqual(ulimitArgs({ ...restricted, nofile: { soft: 1024, hard: 4096 }, nproc: { soft: 500, hard: 2000 } }), ['--ulimit=nofile=1024:4096', '--ulimit=nproc=2000:2000']);
  // nproc alone too low: nofile must be given as well, since one --ulimit replaces every default.
  assert.deepEqual(ulimitArgs({ ...restricted, nofile: { soft: 2000000, hard: 2000000 }, nproc: { soft: 1000, hard: 1000 } }), ['--ulimit=nofile=2000000:2000000', '--ulimit=nproc=1000:1000']);
  assert.deepEqual(ulimitArgs({ ...restricted, nproc: { soft: Infinity, hard: Infinity }, pidMax: null }), ['--ulimit=nofile=20000:20000']);
});

test('the engine defaults are left alone where they work or the user chose limits', () => {
  for (const facts of [
    { ...restricted, podman: false },
    { ...restricted, root: false },
    { ...restricted, sysResource: true },
    { ...restricted, configured: true },
    { ...restricted, nofile: { soft: 1048576, hard: 1048576 }, nproc: { soft: 40000, hard: 40000 } },
    { ...restricted, nofile: null },
  ]) assert.deepEqual(ulimitArgs(facts), [], JSON.stringify(facts));
});

test('facts are parsed from /proc and containers.conf texts', () => {
  const limits = [
    'Limit                     Soft Limit           Hard Limit           Units     ',
    'Max processes             96362                96362                processes ',
    'Max open files            1024                 unlimited            files     ',
  ].join('\n');
  assert.deepEqual(parseLimit(limits, 'Max processes'), { soft: 96362, hard: 96362 });
  assert.deepEqual(parseLimit(limits, 'Max open files'), { soft: 1024, hard: Infinity });
  assert.equal(parseLimit(limits, 'Max locked memory'), null);
  assert.equal(hasSysResource('Name:\tnode\nCapEff:\t000001fffeffffff\n'), false);
  assert.equal(hasSysResource('CapEff:\t000001ffffffffff\n'), true);
  assert.equal(hasSysResource('Name:\tnode\n'), null);
  assert.equal(setsDefaultUlimits('[containers]\ndefault_ulimits = [\n  "nofile=1024:1024",\n]\n'), true);
  assert.equal(setsDefaultUlimits('[containers]\n#default_ulimits = [\n# "nofile=1280:2560",\n#]\n'), false);
  assert.equal(setsDefaultUlimits('[containers]\ndefault_ulimits = []\n'), false);
});
