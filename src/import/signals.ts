/**
 * Signal numbers, as process-compose and PM2 write them, to the names procform takes.
 * @module
 */
import { constants } from 'node:os';

/** The name of signal `number` without `SIG` (`15` → `TERM`); the number as text when unknown. */
export const signalName = (number: number): string =>
  Object.entries(constants.signals).find(([, n]) => n === number)?.[0].replace(/^SIG/, '') ?? String(number);
