// The container benchmark: the webapps example (a webapp behind the node proxy) and the
// advanced one (six webapps, two proxies) deployed through podman by procform's docker
// backend, next to `podman kube play` of the Kubernetes backend's manifests of the same
// model (the peer) and plain `podman run` of the same commands (the floor: the engine
// alone), all in the same run; then
// procform's multi-process images, one per manager: build, start, stop. Every figure is
// the time until the proxy answers `Host: webapp.local` (or until a stop or removal
// returns). Every container, pod, image and temp dir is removed afterwards, with a check
// that nothing is left. Prints a table. Run alone with `node --import tsx
// bench/run-containers.ts` (after `npm run build`), or as part of `npm run bench`.
//
// Environment: BENCH_CT_RUNS (3; the median is shown), BENCH_CT_MANAGERS (the image
// managers, comma-separated; default every one).
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { IMAGE_MANAGERS, type ImageManager } from '../src/image/types.js';
import { BASE_IMAGE, ensureBaseImage } from '../test/helpers/podman.js';
import { Created } from './containers/created.js';
import { engineVersions, missing, podmanOk, usePodmanSettings } from './containers/engine.js';
import { imageRun, warmUp } from './containers/images.js';
import { kubePlayAdvancedRun, kubePlayRun } from './containers/kube-play.js';
import { plainAdvancedRun, plainRun } from './containers/plain-run.js';
import { dockerBackendAdvancedRun, dockerBackendRun } from './containers/procform-docker.js';
import { printTable, type Figures } from './containers/report.js';

const RUNS = Math.max(1, Number(process.env.BENCH_CT_RUNS ?? 3));
const MANAGERS = (process.env.BENCH_CT_MANAGERS?.split(',').map((s) => s.trim()) ?? [...IMAGE_MANAGERS])
  .filter((m): m is ImageManager => (IMAGE_MANAGERS as readonly string[]).includes(m));

const progress = (text: string): void => {
  process.stderr.write(`container bench: ${text}\n`);
};

const message = (error: unknown): string => (error instanceof Error ? error.message : String(error)).split('\n')[0]!.slice(0, 300);

/** Runs `body`, recording its error instead of throwing, so one column's failure leaves the others. */
const attempt = async (figures: Figures, what: string, body: () => Promise<void>): Promise<void> => {
  try {
    await body();
  } catch (error) {
    figures.errors.push(`${what}: ${message(error)}`);
  }
};

const push = (figures: Figures, key: string, value: number): void => {
  figures.runs.set(key, [...(figures.runs.get(key) ?? []), value]);
};

/** The three deployments of each example, RUNS times. */
const deployments = async (created: Created, figures: Figures, suffix: string): Promise<void> => {
  const columns: [string, (run: number) => Promise<void>][] = [
    ['procform docker backend', async (run) => {
      const r = await dockerBackendRun(created, `pfbench-${suffix}-d${run}`);
      for (const key of ['deploy', 'change', 'noChange', 'undeploy', 'build'] as const) push(figures, `docker.${key}`, r[key]);
      figures.notes.add(`the switch that moves the webapp's port stops [${r.changePlan.stop.join(', ')}], starts [${r.changePlan.start.join(', ')}] (the proxy's route names the port), keeps [${r.changePlan.keep.join(', ')}]`);
    }],
    ['podman kube play', async (run) => {
      const r = await kubePlayRun(created, `pfbench-${suffix}-k${run}`);
      push(figures, 'kube.up', r.up);
      push(figures, 'kube.down', r.down);
    }],
    ['plain podman run', async (run) => {
      const r = await plainRun(created, `pfbench-${suffix}-p${run}`);
      push(figures, 'plain.up', r.up);
      push(figures, 'plain.down', r.down);
    }],
    ['procform docker backend, advanced example', async (run) => {
      const r = await dockerBackendAdvancedRun(created, `pfbench-${suffix}-da${run}`);
      push(figures, 'docker.advanced.deploy', r.deploy);
      push(figures, 'docker.advanced.undeploy', r.undeploy);
    }],
    ['podman kube play, advanced example', async (run) => {
      const r = await kubePlayAdvancedRun(created, `pfbench-${suffix}-ka${run}`);
      push(figures, 'kube.advanced.up', r.up);
      push(figures, 'kube.advanced.down', r.down);
    }],
    ['plain podman run, advanced example', async (run) => {
      const r = await plainAdvancedRun(created, `pfbench-${suffix}-pa${run}`);
      push(figures, 'plain.advanced.up', r.up);
      push(figures, 'plain.advanced.down', r.down);
    }],
  ];
  for (let run = 1; run <= RUNS; run++) {
    // Each run starts with another column, so a drift in the machine's load spreads over all.
    for (let k = 0; k < columns.length; k++) {
      const [name, body] = columns[(run - 1 + k) % columns.length]!;
      progress(`${name} (${run}/${RUNS})`);
      await attempt(figures, `${name}, run ${run}`, () => body(run));
    }
  }
};

/** The images of each manager: a warm-up build, then RUNS measured runs. */
const images = async (created: Created, figures: Figures, suffix: string): Promise<void> => {
  for (const manager of MANAGERS) {
    const warm = `localhost/pfbench-${manager}:${suffix}-warm`;
    progress(`${manager} image: warm-up build`);
    await attempt(figures, `${manager} image, warm-up build`, async () => {
      figures.notes.add(`${manager} image: the warm-up build (cold model layers, base layers possibly cached already) took ${(await warmUp(created, manager, warm)).toFixed(0)} ms`);
    });
    for (let run = 1; run <= RUNS; run++) {
      progress(`${manager} image (${run}/${RUNS})`);
      await attempt(figures, `${manager} image, run ${run}`, async () => {
        const r = await imageRun(created, manager, `localhost/pfbench-${manager}:${suffix}-${run}`, `pfbench-${suffix}-${manager}-${run}`);
        push(figures, `image.${manager}.build`, r.build);
        push(figures, `image.${manager}.start`, r.start);
        push(figures, `image.${manager}.stop`, r.stop);
        if (r.exitCode !== '0') figures.errors.push(`${manager} image, run ${run}: exit code ${r.exitCode} after podman stop`);
      });
    }
    created.removeImage(warm);
  }
};

/** Runs the container benchmark and prints its table. */
export const runContainersBench = async (): Promise<void> => {
  const started = performance.now();
  const figures: Figures = { runs: new Map(), errors: [], notes: new Set(), leftovers: [], forced: [] };
  const context = { runs: RUNS, managers: MANAGERS, cores: cpus().length, versions: '', seconds: 0, skipped: missing() };
  if (context.skipped !== null) {
    printTable(figures, context);
    return;
  }
  usePodmanSettings();
  context.versions = engineVersions();
  const suffix = `${process.pid.toString(36)}${Date.now().toString(36).slice(-4)}`;
  const created = new Created();
  const interrupted = (signal: NodeJS.Signals): void => {
    created.cleanup();
    process.stderr.write(`container bench: ${signal}, removed what the benchmark had created\n`);
    process.exit(130);
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  try {
    progress(`base image ${BASE_IMAGE}`);
    await ensureBaseImage();
    // The first container start after a while reads the image and node from disk: not counted.
    podmanOk(['run', '--rm', '--network=host', BASE_IMAGE, 'node', '-e', '0']);
    await deployments(created, figures, suffix);
    await images(created, figures, suffix);
  } catch (error) {
    figures.errors.push(message(error));
  } finally {
    figures.leftovers = created.leftovers();
    created.cleanup();
    figures.forced = created.leftovers();
    process.removeListener('SIGINT', interrupted);
    process.removeListener('SIGTERM', interrupted);
  }
  context.seconds = (performance.now() - started) / 1000;
  printTable(figures, context);
};

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await runContainersBench();
}
