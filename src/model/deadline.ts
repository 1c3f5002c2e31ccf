/**
 * How long loading and evaluating a model may take. A model is a program: an endless loop
 * or a top-level `await` of a promise that never settles would otherwise hang `switch` (with
 * the profile locked) or end node with exit code 13 and no word of why.
 * @module
 */
import { InputError } from '../errors.js';

/** Seconds a model may take to load and evaluate. */
export const DEFAULT_MODEL_TIMEOUT_S = 60;

/** The variable that sets it, in seconds. */
export const MODEL_TIMEOUT_VARIABLE = 'PROCFORM_MODEL_TIMEOUT';

/** The deadline in milliseconds, from `$PROCFORM_MODEL_TIMEOUT` or the default. */
export const modelTimeoutMs = (env: Readonly<Record<string, string | undefined>> = process.env): number => {
  const text = env[MODEL_TIMEOUT_VARIABLE];
  if (text === undefined || text === '') return DEFAULT_MODEL_TIMEOUT_S * 1000;
  const seconds = Number(text);
  if (!Number.isFinite(seconds) || seconds <= 0) throw new InputError(`${MODEL_TIMEOUT_VARIABLE} must be a positive number of seconds, not ${JSON.stringify(text)}`);
  return seconds * 1000;
};
