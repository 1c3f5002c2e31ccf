// The shared acceptance sequence, hostile, oneshot and secrets cases on the docker backend, through podman:
// host networking, so listener pids are visible in the host's /proc as the sequence
// expects, and the test base image, which has node for the example's scripts.
import { before, test } from 'node:test';
import { spawnSync } from 'node:child_process';
import { docker } from '../../../src/backends/docker/index.js';
import { runAcceptance, runHostileCase, runOneshotCase } from '../../conformance/acceptance.js';
import { runSecretsCase } from '../../conformance/secrets.js';
import { BASE_IMAGE, ensureBaseImage, podmanEnv, skipWithoutPodman } from '../../helpers/podman.js';

Object.assign(process.env, podmanEnv({ ulimits: false }));

const usable = process.getuid?.() === 0 && ['podman', 'runc', 'debootstrap'].every((c) => spawnSync('sh', ['-c', `command -v ${c}`]).status === 0);
// Unique per run: other test files and other runs share the engine.
const suffix = `${process.pid.toString(36)}${Date.now().toString(36).slice(-4)}`;

if (usable) {
  before(async () => { await ensureBaseImage(); });
  runAcceptance({ backend: docker, privileged: true, backendOptions: { image: BASE_IMAGE, network: 'host', deployment: `pfa-${suffix}` } });
  runHostileCase({ backend: docker, backendOptions: { image: BASE_IMAGE, network: 'host', deployment: `pfh-${suffix}` } });
  runOneshotCase({ backend: docker, backendOptions: { image: BASE_IMAGE, network: 'host', deployment: `pfo-${suffix}` } });
  runSecretsCase({ backend: docker, backendOptions: { image: BASE_IMAGE, network: 'host', deployment: `pfs-${suffix}` } });
} else {
  test('docker: acceptance and hostile case through podman', (t) => { skipWithoutPodman(t); });
}
