/**
 * How long a switch waits for a process to come up before it gives up on it and returns
 * to the previous generation: `--timeout` for one switch, else what the process declares
 * (`startTimeout`, recorded in the generation), else the default.
 * @module
 */
import { DEFAULT_START_TIMEOUT } from '../model/normalize.js';
import type { PlanUnit } from './plan-types.js';

/** Seconds to wait for `unit`; `override` is the switch's `--timeout`, when given. */
export const startDeadline = (unit: Pick<PlanUnit, 'startTimeout'>, override?: number): number =>
  override ?? unit.startTimeout ?? DEFAULT_START_TIMEOUT;

/** The deadline of every unit, by instance. */
export const startDeadlines = (units: readonly PlanUnit[], override?: number): Map<string, number> =>
  new Map(units.map((unit) => [unit.instance, startDeadline(unit, override)]));
