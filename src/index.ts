/**
 * procform's public API: what a processes model file imports.
 * @module
 */
export { defineProcesses, isProcessesDefinition } from './model/define-processes.js';
export type { Instance, ModelParams, ProcessesModel, ProcessesDefinition } from './model/define-processes.js';
export { defineTests, isTestsDefinition } from './testing/define-tests.js';
export type { TestsSpec, TestsDefinition, InstanceNames, InstanceCheck, DeploymentCheck } from './testing/define-tests.js';
export type { TestContext, InstanceTestContext, CommandResult, RunOptions, HttpAnswer, HttpOptions, WaitOptions, ProcessFacts } from './testing/context-types.js';
export { createManagedProcess, isManagedProcess } from './model/managed-process.js';
export type { ManagedProcess } from './model/managed-process.js';
export type { ManagedProcessInput, EnvValue, Dependency } from './model/process-input.js';
export { secret, isSecret } from './model/secret.js';
export type { Secret, SecretFile, SecretEnv } from './model/secret.js';
export type { ProcessParams, Ids, Placement, WriteFileInput } from './model/params.js';
export type { Credentials, UserSpec, GroupSpec } from './model/credentials.js';
export type { ReadinessInput, TcpReadiness, HttpReadiness, LogReadiness, ExecReadiness, NotifyReadiness } from './model/readiness.js';
export type { RestartInput, RestartPolicyName, RestartSpecInput, BackoffInput } from './model/restart.js';
export type { StateDirInput } from './model/state-dir.js';
export type { Overrides, Override, BackendName, BackendRecords, BackendOverrides, DeepPartial } from './model/overrides.js';
// Each backend's record, which also adds it to BackendRecords and BackendOverrides.
export type { AgnosticRecord, AgnosticOverrides } from './backends/agnostic/record.js';
export type { EmbeddedService, EmbeddedOverrides } from './backends/embedded/record.js';
export type { SupervisordProgram, SupervisordOverrides } from './backends/supervisord/record.js';
export type { S6Service, S6Overrides } from './backends/s6/record.js';
export type { S6RcProcess, S6RcOverrides } from './backends/s6-rc/record.js';
export type { RunitService, RunitOverrides } from './backends/runit/record.js';
export type { SysvinitScript, SysvinitOverrides } from './backends/sysvinit/record.js';
export type { SystemdUnit, SystemdOverrides } from './backends/systemd/record.js';
export type { LaunchdJob, LaunchdOverrides } from './backends/launchd/record.js';
export type { BsdrcScript, BsdrcOverrides } from './backends/bsdrc/record.js';
export type { CygrunsrvService, CygrunsrvOverrides } from './backends/cygrunsrv/record.js';
export type { DockerContainer, DockerOverrides } from './backends/docker/record.js';
export type { SwarmService, SwarmOverrides } from './backends/swarm/record.js';
export type { KubernetesRecord, KubernetesOverrides } from './backends/kubernetes/record.js';
export * from './errors.js';
export * from './model/errors.js';
