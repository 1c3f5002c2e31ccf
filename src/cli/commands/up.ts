/**
 * `procform up [NAME…]`: run the model in the foreground on the embedded supervisor, its
 * output multiplexed to the terminal, until Ctrl-C or SIGTERM stops everything in
 * reverse dependency order.
 * @module
 */
import { Command } from 'commander';
import { ControlError } from '../../errors.js';
import { embedded } from '../../backends/embedded/index.js';
import { LocalControl } from '../../supervisor/local-control.js';
import { createPrefixer } from '../../logs/prefix.js';
import { supervisorPaths } from '../../backends/embedded/paths.js';
import { serveControl } from '../../supervisor/server.js';
import { Supervisor } from '../../supervisor/supervisor.js';
import { buildGeneration, type BuildOptions } from '../build-generation.js';
import { ensureCredentials } from '../../deploy/credentials-step.js';
import { clearLeftBehind } from '../../backends/embedded/left-behind.js';
import { withModelOptions } from '../options.js';
import { progress } from '../progress.js';
import { painter, useColor } from '../style.js';
import { requireTrustedDirectories } from '../trusted-dirs.js';

interface UpOptions extends BuildOptions {
  readonly quiet?: boolean;
}

/** Runs `up`; resolves when everything has stopped. */
export const runUp = async (names: readonly string[], options: UpOptions): Promise<void> => {
  requireTrustedDirectories(options);
  const report = progress(options.quiet);
  const { result, loaded } = await buildGeneration(options, report, embedded.name);
  const instances = result.model.processes.map((p) => p.instance);
  const prefix = createPrefixer({ names: instances, color: useColor(process.stdout) });
  const paint = painter(process.stderr);
  const supervisor = new Supervisor({
    onOutput: (instance, stream, chunk) => process.stdout.write(prefix(instance, stream, chunk)),
    onChange: (status) => {
      if (status.state === 'ready' || status.state === 'failed' || status.state === 'backoff' || status.state === 'exited') {
        const detail = status.state === 'failed' || status.state === 'backoff' ? ` (last exit ${status.lastExit?.signal ?? status.lastExit?.code ?? '?'})` : status.pid ? ` (pid ${status.pid})` : '';
        report.step(`${status.instance} ${status.state === 'failed' ? paint('red', 'failed') : status.state}${detail}`);
      }
    },
  });
  let finish: () => void = () => {};
  const finished = new Promise<void>((resolve) => { finish = resolve; });
  // `procform down` from another terminal shuts the supervisor down through the socket.
  let stopStarted = 0;
  const control = new LocalControl(supervisor, {
    onShutdownStart: () => {
      stopStarted = performance.now();
      report.step('stopping every process');
    },
    onShutdown: () => finish(),
  });
  const paths = supervisorPaths(loaded.params.runtimeDir, loaded.params.logDir);
  // Claiming the socket comes first: with another supervisor running on this state dir,
  // `up` is refused before it changes anything on the machine (users included).
  const server = await serveControl(control, paths.socket);
  // No other supervisor listens, so a state file is a dead daemon's: what it left would clash with what starts now.
  const { stopped } = await clearLeftBehind(paths, { keepSocket: true });
  if (stopped.length > 0) report.step(`stopped what a supervisor that ended left running: ${stopped.join(', ')}`);
  const stop = (): Promise<void> => control.shutdown();
  const onSignal = (): void => void stop();
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
  for (const signal of signals) process.on(signal, onSignal);
  try {
    await ensureCredentials({ target: result.generation.path, previous: null, libDir: loaded.params.libDir, backend: embedded.name }, (text) => report.step(text));
    const applied = await control.applyOnly(result.generation.path, names);
    // A signal during the start ends `up` like one after it: what started is stopped below.
    if (!supervisor.shuttingDown) {
      if (applied.failed.length > 0) {
        for (const f of applied.failed) report.step(`${paint('red', `${f.instance} did not start`)}: ${f.reason}`);
      } else {
        report.done(`${applied.started.length} processes up; Ctrl-C stops them`);
      }
    }
    await finished;
  } finally {
    // Whatever ended the run (a signal, `procform down`, an error), nothing may be left running.
    await stop();
    for (const signal of signals) process.off(signal, onSignal);
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
  report.done('stopped', stopStarted);
};

/** The up command. */
export const upCommand = (): Command => {
  const command = new Command('up')
    .summary('run the model in the foreground on the embedded supervisor')
    .description('Builds the model and runs it in the foreground: processes start in dependency order once their dependencies are ready, output is shown with a name prefix, and Ctrl-C stops everything in reverse dependency order. Naming processes runs just them and their dependencies. While it runs, status, logs, start, stop and restart work from another terminal.')
    .argument('[name...]', 'instances to run (with their dependencies); default all')
    .option('--no-host-checks', 'do not check users and executables against this machine')
    .option('-q, --quiet', 'no progress on stderr');
  withModelOptions(command);
  return command.action(async (names: string[], options: UpOptions) => {
    if (names.some((n) => n.startsWith('-'))) throw new ControlError(`unknown option ${names.find((n) => n.startsWith('-'))}`);
    await runUp(names, options);
  });
};
