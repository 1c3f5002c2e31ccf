/**
 * How long a client waits for a supervisor to say anything. A supervisor answers a status
 * at once and sends a beat every second while it works on a longer request, so silence
 * this long means it is stopped (SIGSTOP), hung or starved of CPU, not that a switch is slow.
 * @module
 */
import { InputError } from '../../errors.js';

/** Seconds without a word from the supervisor after which a client gives up. */
export const DEFAULT_CONTROL_TIMEOUT_S = 10;

/** The variable that sets it (seconds), for tests and for machines that are slow on purpose. */
export const CONTROL_TIMEOUT_VARIABLE = 'PROCFORM_CONTROL_TIMEOUT';

/** The control timeout in milliseconds, from `$PROCFORM_CONTROL_TIMEOUT` or the default. */
export const controlTimeoutMs = (env: Readonly<Record<string, string | undefined>> = process.env): number => {
  const text = env[CONTROL_TIMEOUT_VARIABLE];
  if (text === undefined || text === '') return DEFAULT_CONTROL_TIMEOUT_S * 1000;
  const seconds = Number(text);
  if (!Number.isFinite(seconds) || seconds <= 0) throw new InputError(`${CONTROL_TIMEOUT_VARIABLE} must be a positive number of seconds, not ${JSON.stringify(text)}`);
  return seconds * 1000;
};
