/**
 * `createManagedProcess`: the constructor every process description goes through.
 * It only records the input and where it was called; defaults are applied later, in
 * one place (normalize), once the processes model is known.
 * @module
 */
import { captureUserFrames, type SourceLocation } from './call-site.js';
import type { ManagedProcessInput } from './process-input.js';

// A registered symbol, so a model loaded through another copy of procform is still recognised.
const MARK: unique symbol = Symbol.for('procform.managed-process') as never;

/** What procform keeps about a managed process besides its input. */
export interface ManagedProcessMeta {
  /** User stack frames at the `createManagedProcess` call, innermost first. */
  readonly frames: readonly SourceLocation[];
}

/** A managed process: its input fields, readable by other constructors, plus hidden metadata. */
export type ManagedProcess = ManagedProcessInput & { readonly [MARK]: ManagedProcessMeta };

/**
 * Describes a managed process. Call it from a constructor function and put the result in
 * an instance's `pkg` field of the processes model.
 * @example
 * const webapp = ({ port, instanceSuffix = '' }) => createManagedProcess({
 *   instanceName: `webapp${instanceSuffix}`,
 *   foregroundProcess: '/usr/local/bin/webapp',
 *   environment: { PORT: port },
 * });
 */
export const createManagedProcess = (input: ManagedProcessInput): ManagedProcess => {
  const meta: ManagedProcessMeta = { frames: captureUserFrames() };
  const value = { ...input };
  Object.defineProperty(value, MARK, { value: meta, enumerable: false });
  return Object.freeze(value) as ManagedProcess;
};

/** True when `value` was made by `createManagedProcess`. */
export const isManagedProcess = (value: unknown): value is ManagedProcess =>
  typeof value === 'object' && value !== null && MARK in value;

/** The hidden metadata of a managed process. */
export const processMeta = (value: ManagedProcess): ManagedProcessMeta => value[MARK];
