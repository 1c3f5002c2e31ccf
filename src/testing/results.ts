/**
 * What `procform test` found: one cell per backend and profile, one step per column of the
 * matrix. Plain JSON, as `--json` prints it and a cell's process hands it to the matrix.
 * @module
 */

/** A deployment profile: as root with user change, or without it. */
export type Profile = 'privileged' | 'unprivileged';

/** Both profiles, in the order the matrix shows them. */
export const PROFILES: readonly Profile[] = ['privileged', 'unprivileged'];

/** How a step ended; `skipped` when an earlier step failed and it could not run. */
export type StepStatus = 'passed' | 'failed' | 'skipped';

/** The output of one instance, shown under a failure. */
export interface InstanceLines {
  readonly instance: string;
  /** What its manager says of it (state and reason), when it says anything. */
  readonly status: string | null;
  readonly lines: readonly string[];
}

/** Why a step failed, and what to look at. */
export interface StepFailure {
  readonly message: string;
  /** file:line:column of the failing assertion in the tests file, when it was there. */
  readonly at: string | null;
  readonly instances: readonly InstanceLines[];
}

/** One step of a cell: `deploy`, `initialTests`, `ready`, `test <instance>`, `undeploy`, `postTests`, `leftovers`. */
export interface StepResult {
  readonly step: string;
  readonly status: StepStatus;
  readonly ms: number;
  readonly failure?: StepFailure;
  /** Lines the check added with `t.note`. */
  readonly notes?: readonly string[];
}

/** One backend in one profile. */
export interface CellResult {
  readonly backend: string;
  readonly profile: Profile;
  /** Why this cell cannot run on this machine; null when it ran. */
  readonly notRunnable: string | null;
  readonly steps: readonly StepResult[];
  readonly ms: number;
}

/** True when a cell ran and every step passed. */
export const cellPassed = (cell: CellResult): boolean => cell.notRunnable === null && cell.steps.length > 0 && cell.steps.every((s) => s.status === 'passed');

/** True when a cell ran and some step failed (or none ran). */
export const cellFailed = (cell: CellResult): boolean => cell.notRunnable === null && !cellPassed(cell);

/** The whole run. */
export interface TestRun {
  readonly model: string;
  readonly tests: string;
  readonly cells: readonly CellResult[];
  readonly ms: number;
}

/** True when every cell that could run here passed and at least one ran. */
export const runPassed = (run: TestRun): boolean => run.cells.some((c) => c.notRunnable === null) && !run.cells.some(cellFailed);
