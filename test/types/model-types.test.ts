// Guards the public model types: what the types accept, validation accepts, and each
// `@ts-expect-error` line is a mistake both the compiler (npm run typecheck) and the
// runtime validation reject.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createManagedProcess, defineProcesses, ModelError, type ManagedProcessInput, type ProcessParams } from '../../src/index.js';
import { analyzeModel } from '../../src/model/analyze.js';
import { RECORD_SCHEMAS } from '../../src/backends/record-schemas.js';
import { testParams } from '../helpers/params.js';

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends (<T>() => T extends B ? 1 : 2) ? true : false;
const expectType = <T extends true>(_: T): void => {};

expectType<Equal<ProcessParams['stateDir'], string>>(true);
expectType<Equal<ProcessParams['forceDisableUserChange'], boolean>>(true);
expectType<Equal<ProcessParams['ids']['anyPool'], { readonly [instance: string]: number } | undefined>>(true);
expectType<Equal<NonNullable<ManagedProcessInput['nice']>, number>>(true);

const complete = createManagedProcess({
  name: 'full', description: 'every field', initialize: 'mkdir -p /tmp/x', process: '/bin/sleep', args: ['1'],
  daemon: '/bin/sleep', daemonArgs: ['2'], daemonExtraArgs: ['-D'], foregroundProcess: '/bin/sleep',
  foregroundProcessArgs: ['3'], foregroundProcessExtraArgs: ['-F'], instanceName: 'full', pidFile: '/run/full.pid',
  path: ['/opt/bin'], environment: { A: 'x', B: 1, C: true }, directory: '/', umask: '0022', nice: 5, user: 'root',
  dependencies: [], credentials: { users: { full: { uid: 3000, group: 'full', homeDir: '/var/full', createHomeDir: true } }, groups: { full: { gid: 3000 } } },
  overrides: {
    systemd: { service: { Restart: 'always' } }, sysvinit: (record) => ({ ...record, runlevels: [3, 4, 5] }),
    launchd: { plist: { RunAtLoad: null, ProcessType: 'Background' } }, kubernetes: { image: 'registry.example/app:1' },
  },
  postInstall: '', readiness: { kind: 'http', port: 8080, path: '/health', status: [200] },
  restart: { policy: 'on-failure', maxRestarts: 3, backoff: { initial: 0.5, factor: 2, max: 10, resetAfter: 60 } },
  stopSignal: 'INT', stopTimeout: 5, stateDirs: ['/var/full', { path: '/var/full/db', mode: '0700' }], stateVersion: 2,
  inputs: ['./app', new URL('file:///srv/app/'), { path: '/srv/shared', ignore: ['*.log'] }],
});

const mistakes: Record<string, unknown> = {
  // @ts-expect-error nice is a number, not a string as in the original
  nice: createManagedProcess({ process: '/bin/sleep', nice: '5' }),
  // @ts-expect-error misspelt field
  typo: createManagedProcess({ process: '/bin/sleep', enviroment: {} }),
  // @ts-expect-error overrides for an unknown backend
  backend: createManagedProcess({ process: '/bin/sleep', overrides: { systemdd: {} } }),
  // @ts-expect-error a key the backend's record does not have
  overrideKey: createManagedProcess({ process: '/bin/sleep', overrides: { systemd: { typo: 1 } } }),
  // @ts-expect-error a misspelt key deeper in the record
  overrideDeepKey: createManagedProcess({ process: '/bin/sleep', overrides: { systemd: { service: { Restrat: 'always' } } } }),
  // @ts-expect-error keys inside an array's elements are checked too
  overrideElementKey: createManagedProcess({ process: '/bin/sleep', overrides: { s6: { stateDirs: [{ path: '/a', mode: '0700', user: null, group: null, owner: 'x' }] } } }),
  // @ts-expect-error readiness kinds are a closed set
  readiness: createManagedProcess({ process: '/bin/sleep', readiness: { kind: 'ping', port: 1 } }),
  // @ts-expect-error restart policy names are a closed set
  restart: createManagedProcess({ process: '/bin/sleep', restart: 'sometimes' }),
  // @ts-expect-error environment values are strings, numbers or booleans
  env: createManagedProcess({ process: '/bin/sleep', environment: { A: ['x'] } }),
  // @ts-expect-error an input is a path, a file: URL or { path, ignore }
  inputs: createManagedProcess({ process: '/bin/sleep', inputs: [{ file: './app' }] }),
  // @ts-expect-error ignore patterns are strings
  ignore: createManagedProcess({ process: '/bin/sleep', inputs: [{ path: './app', ignore: [/\.log$/] }] }),
};

// @ts-expect-error an instance needs a pkg
defineProcesses(() => ({ a: { port: 1 } }));
defineProcesses<{ mode: 'a' | 'b' }>((params) => {
  expectType<Equal<typeof params.mode, 'a' | 'b' | undefined>>(true);
  return { full: { pkg: complete, port: 1, anything: { goes: true } } };
});

test('what the types accept, validation accepts', () => {
  assert.doesNotThrow(() => analyzeModel({ full: { pkg: complete } }, { params: testParams(), sourceFile: 'x.ts', recordSchemas: RECORD_SCHEMAS }));
});

test('what the types reject, validation rejects too', () => {
  for (const [name, pkg] of Object.entries(mistakes)) {
    // With the backends' record schemas, as the build hands them in.
    assert.throws(() => analyzeModel({ [name]: { pkg } }, { params: testParams(), sourceFile: 'x.ts', recordSchemas: RECORD_SCHEMAS }), ModelError, name);
  }
});
