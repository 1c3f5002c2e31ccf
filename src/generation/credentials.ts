/**
 * The users and groups a generation records: those of every process, merged, which is
 * what deploying the generation creates.
 * @module
 */
import type { CredentialsSpec, GroupEntry, UserEntry } from '../model/process-spec.js';

/** Something that declares credentials: a normalized process, or the credentials themselves. */
export type CredentialsSource = CredentialsSpec | { readonly credentials: CredentialsSpec };

// Code point order, the order of every list procform writes.
const sortedRecord = <T>(entries: ReadonlyMap<string, T>): Record<string, T> =>
  // fromEntries defines own properties, so an account called "__proto__" survives.
  Object.fromEntries([...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

/**
 * Merges the credentials of every process of a deployment, sorted by name. Processes that
 * share an account declare it identically (the model's validation makes sure), so the
 * first declaration is kept.
 */
export const collectCredentials = (sources: readonly CredentialsSource[]): CredentialsSpec => {
  const users = new Map<string, UserEntry>();
  const groups = new Map<string, GroupEntry>();
  for (const source of sources) {
    const credentials = 'credentials' in source ? source.credentials : source;
    for (const [name, entry] of Object.entries(credentials.users)) if (!users.has(name)) users.set(name, entry);
    for (const [name, entry] of Object.entries(credentials.groups)) if (!groups.has(name)) groups.set(name, entry);
  }
  return { users: sortedRecord(users), groups: sortedRecord(groups) };
};
