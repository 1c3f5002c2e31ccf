/**
 * What `procform init` writes into an empty folder: a commented model with one example
 * process, and a tsconfig.json through which an editor finds procform's types.
 * @module
 */

/** The example model: one process that runs until stopped, with the usual fields shown. */
export const EXAMPLE_MODEL = `/**
 * The processes of this project, for procform.
 *
 *   procform build     check this model and build it
 *   procform up        run it in the foreground (Ctrl-C stops it)
 *   procform switch    run it in the background; procform status, logs and down follow it
 *
 * Every field of createManagedProcess is described in procform's README.
 * @module
 */
import { createManagedProcess, defineProcesses } from 'procform';

// The default export is a function of the deployment's parameters (params.stateDir,
// params.ids, …) that returns the instances: each has a pkg made by createManagedProcess.
export default defineProcesses(() => {
  const hello = {
    pkg: createManagedProcess({
      // The program and its arguments: a bare name is looked up on PATH.
      foregroundProcess: 'sh',
      args: ['-c', 'while true; do echo "hello from procform, $GREETING"; sleep 5; done'],
      environment: { GREETING: 'welcome' },
      // Dotenv files read at build time (no secrets: the store is readable by local users).
      // envFiles: ['.env'],
      // When dependents may start: a port that accepts connections, an HTTP answer, a log line.
      // readiness: { kind: 'tcp', port: 8080 },
      // restart: { policy: 'on-failure', maxRestarts: 5 },
      // Other instances' pkg, started (and ready) before this one.
      // dependencies: [],
    }),
  };
  return { hello };
});
`;

/**
 * A tsconfig.json for the model's folder: `procform` resolves to the types of the procform
 * at `typesPath`, which is also what runs the model.
 */
export const editorTsconfig = (typesPath: string): string => `${JSON.stringify({
  compilerOptions: {
    target: 'ES2022',
    module: 'NodeNext',
    moduleResolution: 'NodeNext',
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    paths: { procform: [typesPath] },
  },
  include: ['*.ts'],
}, null, 2)}\n`;

/** Files another process manager reads, in the order `init` offers to import them. */
export const IMPORTABLE = [
  'Procfile', 'process-compose.yaml', 'process-compose.yml', 'compose.yaml', 'compose.yml', 'docker-compose.yaml', 'docker-compose.yml',
  'ecosystem.config.js', 'ecosystem.config.cjs', 'ecosystem.config.mjs', 'ecosystem.json', 'supervisord.conf',
] as const;
