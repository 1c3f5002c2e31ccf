/**
 * Id assignment: unique ports, uids and gids for the instances of a processes model,
 * handed out from the pools of an id-resources file and kept stable across runs in an
 * ids file. The successor of nix-processmgmt's `nixproc-id-assign`. Everything here is
 * pure; the CLI reads and writes the files.
 * @example
 * const resources = parseIdResources(JSON.parse(resourcesText));
 * const previous = parseIdsFile(idsText === undefined ? undefined : JSON.parse(idsText));
 * const { ids, changes } = assignIds({ resources, previous, instances: idRequirementsOf(model) });
 * const text = serializeIdsFile(ids);
 * @module
 */
export { assignIds } from './assign.js';
export type { AssignIdsInput, AssignIdsResult } from './assign.js';
export { describeChange } from './change.js';
export type { IdChange, KeptChange, AssignedChange, PrunedChange, PrunedCounterChange, PruneReason } from './change.js';
export { EMPTY_IDS_FILE, parseIdsFile, serializeIdsFile } from './file.js';
export type { IdsFile } from './file.js';
export { poolCapacity } from './pool.js';
export type { IdPool, PoolScope } from './pool.js';
export { idRequirementsOf } from './requirements.js';
export type { IdRequirements } from './requirements.js';
export { parseIdResources } from './resources.js';
export type { IdResources } from './resources.js';
