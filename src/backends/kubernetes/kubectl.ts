/**
 * Running kubectl: the program comes from $PROCFORM_KUBECTL (default `kubectl`), input
 * goes to its stdin, and the failures a user can act on — no kubectl, no reachable
 * cluster — become errors that say what to do next.
 * @module
 */
import { spawn } from 'node:child_process';
import { ControlError, DeployError } from '../../errors.js';

/** The kubectl command procform runs. */
export const kubectlProgram = (): string => process.env.PROCFORM_KUBECTL || 'kubectl';

/** What a kubectl run printed. */
export interface KubectlResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

// What kubectl prints when it has no cluster to talk to (no kubeconfig, server down, wrong
// context, DNS): a switch cannot do anything then, so it is refused before any change.
const UNREACHABLE = /Unable to connect to the server|connection to the server .* was refused|connection refused|no such host|i\/o timeout|couldn't get current server API group list|no configuration has been provided|context was not found|invalid configuration|failed to download openapi/i;

const NO_CLUSTER_HINT = 'a switch needs a cluster: check `kubectl cluster-info` (KUBECONFIG, current context); `procform switch -P kubernetes --dry-run` prints the plan without one';

/** Runs kubectl with `args`, `input` on stdin; never rejects except when kubectl cannot start. */
export const runKubectl = (args: readonly string[], input = '', timeoutSeconds = 600): Promise<KubectlResult> =>
  new Promise((resolve, reject) => {
    const program = kubectlProgram();
    const child = spawn(program, [...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => { stdout += chunk.toString('utf8'); });
    child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString('utf8'); });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutSeconds * 1000);
    child.once('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(error.code === 'ENOENT'
        ? new ControlError(`kubectl not found: ${program} is not on PATH`, 'install kubectl, or point PROCFORM_KUBECTL at it')
        : error);
    });
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr: stderr.trim() });
    });
    // kubectl may exit before reading everything (a bad flag): its answer matters, not the pipe.
    child.stdin.on('error', () => {});
    child.stdin.end(input);
  });

/** True when kubectl's complaint is that it reaches no cluster. */
export const unreachable = (result: KubectlResult): boolean => result.code !== 0 && UNREACHABLE.test(result.stderr);

/** The error of a failed run: a missing cluster is a `ControlError`, any other failure a `DeployError`. */
export const kubectlError = (args: readonly string[], result: KubectlResult): Error => {
  if (unreachable(result)) return new ControlError(`kubectl cannot reach a cluster: ${result.stderr.split('\n')[0]}`, NO_CLUSTER_HINT);
  return new DeployError(`kubectl ${args[0] ?? ''} failed: ${result.stderr || `exit status ${result.code}`}`, false);
};

/** Runs kubectl and returns stdout; throws `kubectlError` when it fails. */
export const kubectl = async (args: readonly string[], input = ''): Promise<string> => {
  const result = await runKubectl(args, input);
  if (result.code !== 0) throw kubectlError(args, result);
  return result.stdout;
};
