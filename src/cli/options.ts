/**
 * Options shared by every command that evaluates a model.
 * @module
 */
import { InvalidArgumentError, Option, type Command } from 'commander';
import { DIRECTORIES } from './params.js';

/** Adds the model-file, directory, user-change, ids and extra-params options. */
export const withModelOptions = (command: Command): Command => {
  command
    .option('-f, --file <path>', 'processes model file (default: $PROCFORM_PROCESSES, else ./processes.ts)')
    .option('--state-dir <dir>', 'root of the directory family (default: /var as root, else ~/.local/state/procform; $PROCFORM_STATE_DIR)');
  for (const dir of DIRECTORIES) command.option(`--${dir.flag} <dir>`, `${dir.key} (default: derived from the state dir; $${dir.env})`);
  return command
    .option('--store-dir <dir>', 'store location (default: <lib-dir>/procform/store; $PROCFORM_STORE_DIR)')
    .option('--force-disable-user-change', 'run every process as the calling user (default when not root; $PROCFORM_FORCE_DISABLE_USER_CHANGE)')
    .option('--ids <file>', 'ids file read into params.ids (default: ids.json next to the model; $PROCFORM_IDS)')
    .option('--extra-params <json>', 'JSON object of extra model parameters ($PROCFORM_EXTRA_PARAMS)');
};

/** Adds only the directory options, for commands that talk to a running supervisor. */
export const withDirectoryOptions = (command: Command): Command => {
  command.option('--state-dir <dir>', 'root of the directory family ($PROCFORM_STATE_DIR)');
  for (const dir of DIRECTORIES.filter((d) => d.key === 'runtimeDir' || d.key === 'logDir' || d.key === 'libDir')) {
    command.option(`--${dir.flag} <dir>`, `${dir.key} ($${dir.env})`);
  }
  return command;
};

/** Adds `-P/--process-manager`. */
export const withBackendOption = (command: Command, fallback: string): Command =>
  command
    .addOption(new Option('-P, --process-manager <name>', `backend to build for (default: ${fallback}; $PROCFORM_PROCESS_MANAGER)`))
    .option('-o, --backend-option <key=value>', 'a backend option, e.g. -o network=host for docker (repeatable; see the README)', (word: string, all: string[] = []) => [...all, word]);

/** Adds `--timeout SECONDS`: how long a switch waits for each process to come up. */
export const withTimeoutOption = (command: Command): Command =>
  command.option('--timeout <seconds>', "seconds to wait for each process to come up before going back to the previous generation (default: each process's startTimeout, 120 s unless it says otherwise)", parseSeconds);

const parseSeconds = (text: string): number => {
  const seconds = Number(text);
  if (!Number.isFinite(seconds) || seconds <= 0) throw new InvalidArgumentError('must be a positive number of seconds');
  return seconds;
};

/** Adds `-P/--process-manager` to a command that looks at a deployment (status, logs, start, stop, restart). */
export const withDeploymentOption = (command: Command): Command =>
  command.addOption(new Option('-P, --process-manager <name>', 'the deployment of this backend (default: the embedded supervisor when it runs, else what this state dir deployed with other backends; $PROCFORM_PROCESS_MANAGER)'));

/** Adds `--json`. */
export const withJsonOption = (command: Command): Command => command.option('--json', 'print machine-readable JSON on stdout');
