// The container benchmark's table: medians of the runs, procform next to the peer (podman
// kube play) and the floor (plain podman run), with procform's ratio to each; the runs
// themselves, errors and the cleanup check underneath.
import { BASE_IMAGE } from '../../test/helpers/podman.js';
import { median } from '../supervisor/poll.js';
import { cell, formatTable, ratio } from '../supervisor/table.js';

/** What was measured: ms per run by key, plus what the notes need. */
export interface Figures {
  readonly runs: Map<string, number[]>;
  readonly errors: string[];
  readonly notes: Set<string>;
  /** What was still there after the measured removals (should be nothing). */
  leftovers: string[];
  /** What was still there even after the forced cleanup. */
  forced: string[];
}

/** The circumstances printed above the table. */
export interface Context {
  readonly runs: number;
  readonly managers: readonly string[];
  readonly cores: number;
  readonly versions: string;
  readonly seconds: number;
  /** Why nothing ran, or null. */
  readonly skipped: string | null;
}

const HEADER = ['measurement', 'procform', 'podman kube play', 'plain podman run', 'ratio'];

/** A row: its label, and the keys of the procform, peer and floor figures (null: not measured). */
type RowSpec = [label: string, procform: string, peer: string | null, floor: string | null];

const rowSpecs = (managers: readonly string[]): RowSpec[] => [
  ['deploy from nothing → proxy answers (ms)', 'docker.deploy', 'kube.up', 'plain.up'],
  ["switch: the webapp moves port → proxy answers again (ms)", 'docker.change', null, null],
  ['switch with no change: nothing to do (ms)', 'docker.noChange', null, null],
  ['undeploy: stopped and removed (ms)', 'docker.undeploy', 'kube.down', 'plain.down'],
  ['advanced example, deploy → every route of both proxies answers (ms)', 'docker.advanced.deploy', 'kube.advanced.up', 'plain.advanced.up'],
  ['advanced example, undeploy (ms)', 'docker.advanced.undeploy', 'kube.advanced.down', 'plain.advanced.down'],
  ...managers.flatMap((m): RowSpec[] => [
    [`image, ${m}: procform image --build, warm cache (ms)`, `image.${m}.build`, null, null],
    [`image, ${m}: podman run -d → proxy answers (ms)`, `image.${m}.start`, null, 'plain.up'],
    [`image, ${m}: podman stop -t 30 (ms)`, `image.${m}.stop`, null, null],
  ]),
];

const runsOf = (values: readonly number[] | undefined): string => `[${(values ?? []).map((v) => v.toFixed(0)).join(', ')}]`;

/** Prints the table and its notes. */
export const printTable = (figures: Figures, context: Context): void => {
  const value = (key: string | null): number | null => {
    const runs = key === null ? undefined : figures.runs.get(key);
    return runs === undefined || runs.length === 0 ? null : median(runs);
  };
  console.log('');
  console.log(`container benchmark: the webapps examples (webapp + node proxy; advanced: 6 webapps + 2 proxies) through podman, host network; ${context.versions === '' ? '' : `${context.versions}; `}node ${process.version}, ${context.cores} cores; median of ${context.runs} runs${context.seconds > 0 ? ` (${context.seconds.toFixed(0)} s)` : ''}`);
  if (context.skipped !== null) {
    console.log(formatTable(HEADER, [['container benchmark', `skipped: ${context.skipped}`, '—', '—', '—']]));
    return;
  }
  const rows = rowSpecs(context.managers).map(([label, pf, peer, floor]) => {
    const p = value(pf);
    const ratios = [peer === null ? null : `pf÷kube ${ratio(p, value(peer))}`, floor === null ? null : `pf÷plain ${ratio(p, value(floor))}`].filter((r) => r !== null);
    return [label, cell(p, 0), peer === null ? '—' : cell(value(peer), 0), floor === null ? '—' : cell(value(floor), 0), ratios.length === 0 ? '—' : ratios.join(', ')];
  });
  console.log(formatTable(HEADER, rows));
  console.log('');
  console.log('notes:');
  console.log('  every start is timed until the proxy answers Host: webapp.local with the page of the expected webapp port (polled every 2 ms); models are built before timing starts');
  console.log(`  procform docker backend: in-process switchBackend, image ${BASE_IMAGE}, network host; each deploy waits for the webapp's readiness before it starts the proxy; undeploy is podman stop (SIGTERM: the processes exit on their own) and rm per container; in-process build of one generation ${runsOf(figures.runs.get('docker.build'))} ms (not counted; the first run's includes loading the model file)`);
  console.log('  advanced example: six webapps (independent of each other, so procform starts them side by side, four at a time) behind two node proxies that wait for their webapps; undeploy stops the proxies, then the webapps, four at a time');
  console.log('  podman kube play: the Kubernetes backend\'s ConfigMap, Services and Deployments (hostNetwork, hostPaths), init containers stripped (podman 4.3.1 waits ~20 s on each), so every pod starts at once; kube down kills the containers (stop timeout 0 in podman\'s debug log) and, in some runs, spends ~3 s removing a pod\'s cgroup');
  console.log('  plain podman run: every process with the docker backend\'s commands, environment and mounts, --init, started one after the other without a readiness wait; removed with podman rm -f (SIGTERM, forwarded by --init)');
  console.log('  images: a warm-up build per manager first; each measured build is of a fresh copy of the example (new ports and directory, so the model\'s layers are new and the base layers cached); the container runs tini and the manager');
  for (const note of figures.notes) console.log(`  ${note}`);
  console.log('  runs (ms):');
  for (const [label, pf, peer, floor] of rowSpecs(context.managers)) {
    const parts = [`procform ${runsOf(figures.runs.get(pf))}`, ...(peer ? [`kube ${runsOf(figures.runs.get(peer))}`] : []), ...(floor ? [`plain ${runsOf(figures.runs.get(floor))}`] : [])];
    console.log(`    ${label.replace(/ \(ms\)$/, '')}: ${parts.join('; ')}`);
  }
  console.log(figures.leftovers.length === 0
    ? '  cleanup: every container, pod, image (with the layers its build added) and temp dir the benchmark created is gone'
    : `  cleanup: LEFT after the measured removals: ${figures.leftovers.join(', ')}; ${figures.forced.length === 0 ? 'removed by the forced cleanup' : `STILL THERE: ${figures.forced.join(', ')}`}`);
  for (const error of figures.errors) console.log(`  ERROR: ${error}`);
};
