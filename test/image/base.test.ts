// `procform image base`: the packages and command lines of a base image from Debian alone,
// the Node.js check of what debootstrap made, refused input, and the base the image tests
// run on (built with this command), inspected with podman.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { basePackages, checkBaseRequest, checkNodeVersion, debootstrapArguments, importArguments, installedVersion, type BaseRequest } from '../../src/image/base-image.js';
import { InputError } from '../../src/errors.js';
import { procform } from '../helpers/cli.js';
import { ensureImageBase, podman, skipWithoutPodman } from '../helpers/podman.js';

const request: BaseRequest = { suite: 'trixie', managers: ['s6', 'sysvinit'], packages: ['procps'], mirror: 'http://deb.debian.org/debian', tag: 'localhost/procform-base:trixie' };

test('the base holds nodejs, tini and the managers\' packages; debootstrap and import get them as single arguments', () => {
  assert.deepEqual(basePackages(request), ['dpkg', 'nodejs', 'procps', 's6', 'tini']);
  assert.deepEqual(basePackages({ ...request, managers: ['embedded', 'supervisord'], packages: [] }), ['nodejs', 'supervisor', 'tini']);
  assert.deepEqual(debootstrapArguments(request, '/tmp/x/root'), ['--variant=minbase', '--include=dpkg,nodejs,procps,s6,tini', 'trixie', '/tmp/x/root', 'http://deb.debian.org/debian']);
  assert.deepEqual(importArguments(request).slice(-2), ['-', 'localhost/procform-base:trixie']);
  assert.ok(importArguments(request).includes('LABEL org.procform.base=trixie'));
});

test('a release whose nodejs is older than 20 is refused, saying which release has one', () => {
  const status = (version: string, state = 'install ok installed'): string =>
    `Package: libnode\nStatus: install ok installed\nVersion: 1.0\n\nPackage: nodejs\nStatus: ${state}\nPriority: optional\nVersion: ${version}\n\nPackage: tini\nStatus: install ok installed\nVersion: 0.19\n`;
  assert.equal(installedVersion(status('20.19.2+dfsg-1+deb13u3'), 'nodejs'), '20.19.2+dfsg-1+deb13u3');
  assert.equal(installedVersion(status('20.1', 'deinstall ok config-files'), 'nodejs'), null);
  assert.equal(installedVersion(status('20.1'), 'node'), null);
  assert.equal(checkNodeVersion('trixie', '20.19.2+dfsg-1+deb13u3'), '20.19.2+dfsg-1+deb13u3');
  assert.equal(checkNodeVersion('forky', '1:22.1.0-1'), '1:22.1.0-1');
  assert.throws(() => checkNodeVersion('bookworm', '18.20.4+dfsg-1~deb12u1'), (e: Error) => e instanceof InputError && /bookworm's nodejs is 18\.20\.4/.test(e.message) && /--suite trixie/.test(e.hint ?? ''));
  assert.throws(() => checkNodeVersion('bookworm', null), /nodejs is missing/);
});

test('procform image base refuses names that are not Debian\'s before it runs anything', () => {
  for (const bad of [{ ...request, suite: 'Trixie; rm' }, { ...request, packages: ['-o=APT::x'] }, { ...request, mirror: 'deb.debian.org' }, { ...request, tag: 'Base:1' }]) {
    assert.throws(() => checkBaseRequest(bad), InputError, JSON.stringify(bad));
  }
  const suite = procform(['image', 'base', '--suite', '../etc']);
  assert.equal(suite.code, 2);
  assert.match(suite.stderr, /not a Debian release name/);
  // -t and --json are base's own, though image has options of the same names (a bad mirror keeps a mistake from running anything).
  const tag = procform(['image', 'base', '-t', 'Not:valid', '--json', '--mirror', 'nowhere']);
  assert.equal(tag.code, 2);
  assert.match(tag.stderr, /--tag "Not:valid" is not an image name/);
  const manager = procform(['image', 'base', '-P', 'systemd']);
  assert.equal(manager.code, 100);
  assert.match(manager.stderr, /Allowed choices are embedded, supervisord, s6, sysvinit/);
  assert.match(procform(['image', 'base', '--help']).stdout, /debootstrap/);
});

test('the base built by procform image base runs Debian\'s own Node.js 20, tini and every manager', { timeout: 900_000 }, async (t) => {
  if (skipWithoutPodman(t)) return;
  const base = await ensureImageBase();
  const found = podman(['run', '--rm', base, 'sh', '-c', 'dpkg -S "$(readlink -f /usr/bin/node)"; node --version; for c in tini supervisord s6-svscan start-stop-daemon useradd ps; do command -v "$c"; done']);
  assert.match(found, /^(libnode\d+|nodejs): /m, 'node comes from a Debian package');
  assert.ok(Number(/^v(\d+)\./m.exec(found)?.[1]) >= 20, found);
  assert.equal(found.trim().split('\n').slice(2).length, 6, `every command is there:\n${found}`);
  assert.equal(podman(['inspect', '-f', '{{index .Config.Labels "org.procform.base"}}', base]).trim(), 'trixie');
});
