// Parameters and a host for tests that build models in memory.
import type { BaseParams } from '../../src/model/evaluate.js';
import type { Host } from '../../src/model/host.js';

/** Parameters rooted at `stateDir`, user change enabled unless said otherwise. */
export const testParams = (stateDir = '/srv/pf', overrides: Partial<BaseParams> = {}): BaseParams => ({
  stateDir,
  runtimeDir: `${stateDir}/run`,
  logDir: `${stateDir}/log`,
  tmpDir: `${stateDir}/tmp`,
  cacheDir: `${stateDir}/cache`,
  spoolDir: `${stateDir}/spool`,
  lockDir: `${stateDir}/lock`,
  libDir: `${stateDir}/lib`,
  storeDir: `${stateDir}/store`,
  forceDisableUserChange: false,
  callingUser: 'root',
  callingGroup: 'root',
  processManager: 'agnostic',
  ids: {},
  extraParams: {},
  ...overrides,
});

/** A machine with the given users, groups and executables. */
export const fakeHost = (facts: { users?: string[]; groups?: string[]; executables?: string[] } = {}): Host => ({
  userExists: (name) => (facts.users ?? ['root']).includes(name),
  groupExists: (name) => (facts.groups ?? ['root']).includes(name),
  isExecutable: (path) => (facts.executables ?? ['/bin/sleep', '/usr/bin/env']).includes(path),
});
