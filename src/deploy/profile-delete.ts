/**
 * Deleting old generations of a profile (`--delete-generations`), with the specs of
 * `nix-env --delete-generations`. The current generation is never deleted: it is what is
 * deployed, and a rollback target must stay reachable from it.
 * @module
 */
import { InputError } from '../errors.js';
import { listGenerations, removeGeneration } from './profiles.js';

/** Which generations to delete. */
export type DeleteGenerationsSpec =
  | { readonly kind: 'all-but-current' }
  | { readonly kind: 'number'; readonly number: number }
  | { readonly kind: 'older-than'; readonly days: number };

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Parses a spec as given on the command line: `old` (every generation but the current
 * one), a generation number, or `<N>d` (older than N days). Throws InputError otherwise.
 */
export const parseDeleteGenerationsSpec = (text: string): DeleteGenerationsSpec => {
  if (text === 'old') return { kind: 'all-but-current' };
  if (/^[1-9][0-9]*$/.test(text)) return { kind: 'number', number: Number(text) };
  const days = /^([0-9]+)d$/.exec(text);
  if (days !== null) return { kind: 'older-than', days: Number(days[1]) };
  throw new InputError(`cannot delete generations "${text}"`, 'give "old", a generation number, or an age such as "30d"');
};

/**
 * Deletes the generations `spec` selects and returns their numbers, oldest first. Asking
 * for the current generation by number is an InputError; the other specs skip it.
 * `now` is the reference time of `older-than`.
 */
export const deleteGenerations = (dir: string, spec: DeleteGenerationsSpec, now: Date = new Date()): number[] => {
  if (spec.kind === 'number') {
    removeGeneration(dir, spec.number);
    return [spec.number];
  }
  const cutoff = spec.kind === 'older-than' ? now.getTime() - spec.days * DAY_MS : Infinity;
  const doomed = listGenerations(dir).filter((g) => !g.current && g.createdAt.getTime() < cutoff);
  for (const g of doomed) removeGeneration(dir, g.number);
  return doomed.map((g) => g.number);
};
