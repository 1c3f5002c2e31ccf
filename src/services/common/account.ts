/**
 * The account a service runs as. Every constructor creates its own, so two services never
 * share a user by accident and an undeploy removes what the deployment created.
 * @module
 */
import type { Credentials } from '../../model/credentials.js';

/**
 * Credentials for a system user whose primary group has the same name. The constructors
 * give no description, so that several services sharing one account (an API and its
 * worker) declare it identically.
 * @param user the account's name
 * @param description GECOS comment, e.g. "PostgreSQL server"
 */
export const serviceAccount = (user: string, description?: string): Credentials => ({
  users: { [user]: { group: user, ...(description === undefined ? {} : { description }) } },
  groups: { [user]: {} },
});
