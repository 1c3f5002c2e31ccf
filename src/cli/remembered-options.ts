/**
 * Sticky backend options: a build for a deployment (switch, compose, undeploy) takes each
 * `-o` option it is not given from the profile's current generation, so that
 * `switch -P docker` after `switch -P docker -o image=… -o network=host` keeps every
 * container instead of recreating them with the defaults.
 * @module
 */
import type { Backend } from '../deploy/backend.js';
import { rememberOptions } from '../deploy/backend-options.js';
import { readGeneration } from '../generation/read.js';
import { currentGeneration } from '../deploy/profiles.js';
import type { BaseParams } from '../model/evaluate.js';
import { profileDir } from '../deploy/profile-dir.js';
import type { Progress } from './progress.js';

/**
 * `params` with the options not given on the command line taken from the current
 * generation of `backend`'s profile, saying so through `report` when that changes
 * anything; unchanged for backends without options and profiles never switched.
 */
export const withRememberedOptions = (params: BaseParams, backend: Backend, report: Progress): BaseParams => {
  if (backend.options === undefined || Object.keys(backend.options).length === 0) return params;
  const current = currentGeneration(profileDir(params.libDir, backend.name));
  if (current === null) return params;
  const recorded = readGeneration(current.path).settings.backendOptions ?? {};
  const from = `generation ${current.number}`;
  const { options, remembered } = rememberOptions(backend.options, params.backendOptions ?? {}, recorded, from);
  const words = Object.entries(remembered).map(([key, value]) => `${key}=${value}`);
  if (words.length > 0) report.step(`using ${words.join(' ')} from ${from}; -o KEY=VALUE changes it`);
  return { ...params, backendOptions: options };
};
