// procform status, logs, restart, stop and start on a docker deployment, through the CLI,
// with podman as the engine (PROCFORM_DOCKER=podman, the settings of test/helpers/podman.ts).
import { before } from 'node:test';
import { spawnSync } from 'node:child_process';
import { runObserveCase } from '../../conformance/observe.js';
import { BASE_IMAGE, ensureBaseImage, podmanEnv } from '../../helpers/podman.js';

const usable = process.getuid?.() === 0 && ['podman', 'runc', 'debootstrap'].every((c) => spawnSync('sh', ['-c', `command -v ${c}`]).status === 0);
const deployment = `pfo-${process.pid.toString(36)}${Date.now().toString(36).slice(-4)}`;

before(async () => {
  if (usable) await ensureBaseImage();
});

runObserveCase({
  backend: 'docker',
  manager: false,
  switchArgs: ['-o', `image=${BASE_IMAGE}`, '-o', 'network=host', '-o', `deployment=${deployment}`],
  env: podmanEnv(),
  commands: ['podman', 'runc', 'debootstrap'],
  skip: process.getuid?.() === 0 ? false : 'needs root',
});
