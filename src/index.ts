/**
 * procform's public API: what a processes model file imports.
 * @module
 */
export { defineProcesses, isProcessesDefinition } from './model/define-processes.js';
export type { Instance, ProcessesModel, ProcessesDefinition } from './model/define-processes.js';
export { createManagedProcess, isManagedProcess } from './model/managed-process.js';
export type { ManagedProcess } from './model/managed-process.js';
export type { ManagedProcessInput, EnvValue, Dependency } from './model/process-input.js';
export type { ProcessParams, Ids, WriteFileInput } from './model/params.js';
export type { Credentials, UserSpec, GroupSpec } from './model/credentials.js';
export type { ReadinessInput, TcpReadiness, HttpReadiness, LogReadiness, ExecReadiness, NotifyReadiness } from './model/readiness.js';
export type { RestartInput, RestartPolicyName, RestartSpecInput, BackoffInput } from './model/restart.js';
export type { StateDirInput } from './model/state-dir.js';
export type { Overrides, Override, BackendName, BackendRecords, BackendOverrides, DeepPartial } from './model/overrides.js';
export * from './errors.js';
