/**
 * What the README's support tables say of a backend: how far procform's tests take it on
 * this machine, and how it does each feature of the model, in a few words. Each backend
 * declares these next to its summary and limitations; `npm run docs` writes the tables.
 * @module
 */

/** The rows of the support tables, in the order they are shown. */
export const SUPPORT_FEATURES = [
  'readiness',
  'readiness tcp / http / exec',
  'readiness log line',
  'readiness notify fd',
  'dependencies',
  'restart policy',
  'restart policy, max restarts',
  'exponential backoff',
  'user, `initialize` as root',
  'directory, umask',
  'directory, umask, nice',
  'nice',
  'stop signal / timeout',
  'logs',
  'stateDirs',
  'daemon-only processes',
] as const;

/** A row of the support tables. */
export type SupportFeature = (typeof SUPPORT_FEATURES)[number];

/** How a backend does the features of its support table, each in a few words. */
export type Support = Readonly<Partial<Record<SupportFeature, string>>>;
