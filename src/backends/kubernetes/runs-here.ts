/**
 * Whether kubectl reaches a cluster here, for `procform test`.
 * @module
 */
import { spawnSync } from 'node:child_process';
import { kubectlProgram } from './kubectl.js';

/** Why no cluster can be reached, or null when one can. */
export const clusterMissing = (): string | null => {
  const program = kubectlProgram();
  const answer = spawnSync(program, ['cluster-info', '--request-timeout=10s'], { encoding: 'utf8', timeout: 20_000 });
  if (answer.error !== undefined) return `${program} is not installed, and a cluster is needed: manifests are checked offline in procform's tests`;
  if (answer.status !== 0) {
    const said = answer.stderr.trim().split('\n').at(-1) ?? '';
    return `${program} reaches no cluster (cluster-info: ${said.length > 160 ? `${said.slice(0, 160)}…` : said})`;
  }
  return null;
};
