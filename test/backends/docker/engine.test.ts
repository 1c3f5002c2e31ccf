// The shared acceptance sequence, hostile case and oneshot case on the docker backend
// against a real Docker Engine (Debian's docker.io): a dockerd of the test's own, the test
// base image loaded into it from podman, host networking. The engine restarts the crashed
// process (restart policy), as the sequence checks.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { docker } from '../../../src/backends/docker/index.js';
import { runAcceptance, runHostileCase, runOneshotCase } from '../../conformance/acceptance.js';
import { dockerdMissing, loadImage, startDockerd, type Dockerd } from '../../helpers/dockerd.js';
import { BASE_IMAGE, ensureBaseImage } from '../../helpers/podman.js';

const missing = dockerdMissing();
const suffix = `${process.pid.toString(36)}${Date.now().toString(36).slice(-4)}`;

if (missing === null) {
  let engine: Dockerd | null = null;
  before(async () => {
    await ensureBaseImage();
    engine = await startDockerd();
    loadImage(engine, BASE_IMAGE);
    // The activator runs `docker` with this process's environment.
    Object.assign(process.env, { PROCFORM_DOCKER: 'docker', DOCKER_HOST: engine.host });
  });
  after(async () => { await engine?.stop(); });
  const options = (name: string) => ({ image: BASE_IMAGE, network: 'host', deployment: `${name}-${suffix}` });
  runAcceptance({ backend: docker, privileged: true, backendOptions: options('pfea') });
  runHostileCase({ backend: docker, backendOptions: options('pfeh') });
  runOneshotCase({ backend: docker, backendOptions: options('pfeo') });
} else {
  test('docker: acceptance, hostile and oneshot cases on Docker Engine', (t) => {
    if (process.env.CI === 'true') assert.fail(`the Docker Engine tests need ${missing} under CI (.ci/run installs it)`);
    t.skip(`needs ${missing}`);
  });
}
