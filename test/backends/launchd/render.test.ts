// translate + render of the launchd backend: golden files for the webapps example,
// determinism, plist parse-back (plist.parse and Debian's plistutil), exact argv and
// environment round-trip of HOSTILE_VALUES, key mapping and refusals.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import plist from 'plist';
import { launchd, type LaunchdJob } from '../../../src/backends/launchd/index.js';
import { computeBuild, type BuildResult } from '../../../src/build/build.js';
import { InputError } from '../../../src/errors.js';
import { loadDefinition } from '../../../src/model/load.js';
import { createManagedProcess } from '../../../src/model/managed-process.js';
import { defineProcesses, type ProcessesDefinition } from '../../../src/model/define-processes.js';
import { goldenDirectory } from '../../helpers/golden.js';
import { testParams } from '../../helpers/params.js';
import { HOSTILE_ENVIRONMENT, HOSTILE_VALUES } from '../../conformance/hostile.js';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const examples = join(root, 'examples/webapps');
const golden = goldenDirectory(import.meta.url, ['webapps', 'webapps-advanced']);
const havePlistutil = spawnSync('sh', ['-c', 'command -v plistutil']).status === 0;
const skipPlistutil = !havePlistutil && process.env.CI !== 'true' ? 'plistutil (libplist-utils) is not installed' : false;

const buildModel = (definition: ProcessesDefinition, options: { userChange?: boolean; extraParams?: Record<string, unknown> } = {}): BuildResult =>
  computeBuild({
    definition,
    params: { ...testParams('/srv/pf', { forceDisableUserChange: !(options.userChange ?? false) }), processManager: 'launchd', extraParams: options.extraParams ?? {} },
    backend: launchd,
    sourceFile: '/nowhere/processes.ts',
  });

const buildFile = async (model: string, extraParams: Record<string, unknown> = {}): Promise<BuildResult> =>
  computeBuild({ definition: await loadDefinition(model), params: { ...testParams('/srv/pf'), processManager: 'launchd', extraParams }, backend: launchd, sourceFile: model });

const filesOf = (result: BuildResult): Map<string, Map<string, string>> => {
  const out = new Map<string, Map<string, string>>();
  for (const [instance, entry] of result.processEntries) {
    const files = new Map<string, string>();
    for (const node of entry.files) files.set(node.path, node.kind === 'file' ? node.content.replaceAll(root, '<root>/') : `-> ${node.target}`);
    out.set(instance, files);
  }
  return out;
};

const plistOf = (result: BuildResult, instance: string): string => {
  const node = result.processEntries.get(instance)!.files.find((f) => f.path.endsWith('.plist'))!;
  assert.equal(node.kind, 'file');
  return node.kind === 'file' ? node.content : '';
};

/** Parses a plist with Debian's plistutil: XML → binary → XML, then plist.parse. */
const throughPlistutil = (xml: string): unknown => {
  const dir = mkdtempSync(join(tmpdir(), 'procform-launchd-'));
  try {
    writeFileSync(join(dir, 'in.plist'), xml);
    const toBinary = spawnSync('plistutil', ['-i', join(dir, 'in.plist'), '-o', join(dir, 'bin.plist'), '-f', 'bin'], { encoding: 'utf8' });
    assert.equal(toBinary.status, 0, toBinary.stderr);
    assert.equal(readFileSync(join(dir, 'bin.plist')).subarray(0, 8).toString('latin1'), 'bplist00');
    const back = spawnSync('plistutil', ['-i', join(dir, 'bin.plist'), '-o', '-', '-f', 'xml'], { encoding: 'utf8' });
    assert.equal(back.status, 0, back.stderr);
    // libplist reads our &#xD; correctly (the binary holds 0x0d) but writes a raw CR back
    // into XML, which any XML parser normalizes to LF: escape it before parsing.
    return plist.parse(back.stdout.replaceAll('\r', '&#xD;'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};

const hostileDefinition = defineProcesses(() => ({
  h: {
    pkg: createManagedProcess({
      foregroundProcess: '/usr/bin/printf', args: HOSTILE_VALUES, environment: { ...HOSTILE_ENVIRONMENT, 'WITH_CR': 'a\rb\r\nc' },
      directory: '/tmp/with space & <angle>', initialize: "echo 'init' \"$HOME\" $(id)",
    }),
  },
}));
const hostileArgv = ['/usr/bin/printf', ...HOSTILE_VALUES];

describe('launchd rendering', () => {
  test('the webapps example matches the golden files', async () => {
    for (const [name, result] of [
      ['webapps', await buildFile(join(examples, 'processes.ts'))],
      ['webapps-advanced', await buildFile(join(examples, 'processes-advanced.ts'))],
    ] as const) {
      golden.match(name, new Map([...filesOf(result)].flatMap(([instance, files]) => [...files].map(([path, content]) => [`${instance}/${path}`, content] as const))));
    }
  });

  test('every webapps plist parses back with plist.parse and maps the model', async () => {
    const result = await buildFile(join(examples, 'processes.ts'));
    for (const [instance, entry] of result.processEntries) {
      const record = JSON.parse((entry.files.find((f) => f.path === 'launchd.json') as { content: string }).content) as LaunchdJob;
      const parsed = plist.parse(plistOf(result, instance)) as Record<string, unknown>;
      assert.equal(parsed.Label, `org.procform.${record.name}`);
      assert.ok(entry.files.some((f) => f.path === `org.procform.${record.name}.plist`));
      assert.deepEqual(parsed, JSON.parse(JSON.stringify(record.plist)));
      assert.equal(parsed.RunAtLoad, true);
      assert.match(String(parsed.StandardOutPath), /^\/srv\/pf\/log\/procform\/launchd\/.+\.stdout\.log$/);
    }
  });

  test('every webapps plist is read by plistutil', { skip: skipPlistutil }, async () => {
    for (const model of ['processes.ts', 'processes-advanced.ts']) {
      const result = await buildFile(join(examples, model));
      for (const instance of result.processEntries.keys()) {
        const xml = plistOf(result, instance);
        assert.deepEqual(throughPlistutil(xml), plist.parse(xml), `${model} ${instance}`);
      }
    }
  });

  test('hostile argv and environment round-trip exactly through plist.parse', () => {
    const parsed = plist.parse(plistOf(buildModel(hostileDefinition), 'h')) as Record<string, unknown>;
    assert.deepEqual(parsed.ProgramArguments, hostileArgv);
    const env = parsed.EnvironmentVariables as Record<string, string>;
    for (const [key, value] of Object.entries(HOSTILE_ENVIRONMENT)) assert.equal(env[key], value, key);
    assert.equal(env.WITH_CR, 'a\rb\r\nc');
    assert.equal(parsed.WorkingDirectory, '/tmp/with space & <angle>');
  });

  test('hostile argv and environment round-trip exactly through plistutil', { skip: skipPlistutil }, () => {
    const parsed = throughPlistutil(plistOf(buildModel(hostileDefinition), 'h')) as Record<string, unknown>;
    assert.deepEqual(parsed.ProgramArguments, hostileArgv);
    const env = parsed.EnvironmentVariables as Record<string, string>;
    for (const [key, value] of Object.entries(HOSTILE_ENVIRONMENT)) assert.equal(env[key], value, key);
    assert.equal(env.WITH_CR, 'a\rb\r\nc');
  });

  test('the pre-start script quotes every value and is valid sh', () => {
    const result = buildModel(hostileDefinition);
    const prestart = result.processEntries.get('h')!.files.find((f) => f.path === 'bin/prestart');
    assert.ok(prestart !== undefined && prestart.kind === 'file' && prestart.executable);
    assert.equal(spawnSync('sh', ['-n'], { input: prestart.content }).status, 0);
    assert.match(prestart.content, /\/bin\/sh -c 'echo '\\''init'\\'' "\$HOME" \$\(id\)'\n/);
    // Run it: the environment reaches initialize exactly.
    const dir = mkdtempSync(join(tmpdir(), 'procform-launchd-'));
    try {
      const definition = defineProcesses(() => ({
        p: { pkg: createManagedProcess({ foregroundProcess: '/bin/sleep', args: ['1'], environment: HOSTILE_ENVIRONMENT, initialize: `printf '%s' "$HOSTILE_6" > ${JSON.stringify(join(dir, 'out'))}`, stateDirs: [join(dir, 'state dir')] }) },
      }));
      const script = buildModel(definition).processEntries.get('p')!.files.find((f) => f.path === 'bin/prestart') as { content: string };
      const run = spawnSync('sh', ['-c', script.content], { encoding: 'utf8' });
      assert.equal(run.status, 0, run.stderr);
      assert.equal(readFileSync(join(dir, 'out'), 'utf8'), HOSTILE_VALUES[6]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('settings map to launchd keys with the right types', () => {
    const definition = defineProcesses(() => ({
      a: { pkg: createManagedProcess({ foregroundProcess: '/bin/sleep', args: ['9'], umask: '0027', nice: 5, user: 'alice', credentials: { users: { alice: { group: 'staff' } }, groups: { staff: {} } }, restart: { policy: 'on-failure', backoff: { initial: 2.6 } }, stopTimeout: 7 }) },
      b: { pkg: createManagedProcess({ foregroundProcess: '/bin/sleep', args: ['9'], restart: 'no', dependencies: ['a'] }) },
      c: { pkg: createManagedProcess({ foregroundProcess: '/bin/sleep', args: ['9'] }) },
    }));
    const result = buildModel(definition, { userChange: true });
    const a = plistOf(result, 'a');
    assert.match(a, /<key>Umask<\/key>\s*<integer>23<\/integer>/);
    assert.match(a, /<key>Nice<\/key>\s*<integer>5<\/integer>/);
    const pa = plist.parse(a) as Record<string, unknown>;
    assert.equal(pa.UserName, 'alice');
    assert.equal(pa.GroupName, 'staff');
    assert.deepEqual(pa.KeepAlive, { SuccessfulExit: false });
    assert.equal(pa.ThrottleInterval, 3);
    assert.equal(pa.ExitTimeOut, 7);
    assert.equal((plist.parse(plistOf(result, 'b')) as Record<string, unknown>).KeepAlive, false);
    assert.equal((plist.parse(plistOf(result, 'c')) as Record<string, unknown>).KeepAlive, true);
    // Without user change there is no UserName.
    const plain = plist.parse(plistOf(buildModel(definition), 'a')) as Record<string, unknown>;
    assert.equal(plain.UserName, undefined);
    assert.equal(plain.GroupName, undefined);
  });

  test('overrides set and remove plist keys', () => {
    const definition = defineProcesses(() => ({
      a: { pkg: createManagedProcess({ foregroundProcess: '/bin/sleep', args: ['9'], overrides: { launchd: { plist: { ProcessType: 'Background', RunAtLoad: null } } } }) },
    }));
    const parsed = plist.parse(plistOf(buildModel(definition), 'a')) as Record<string, unknown>;
    assert.equal(parsed.ProcessType, 'Background');
    assert.equal('RunAtLoad' in parsed, false);
  });

  test('refuses what launchd cannot express', () => {
    const refuse = (input: Parameters<typeof createManagedProcess>[0], pattern: RegExp): void => {
      assert.throws(() => buildModel(defineProcesses(() => ({ x: { pkg: createManagedProcess(input) } }))), (error: unknown) => error instanceof InputError && pattern.test(error.message));
    };
    refuse({ foregroundProcess: '/bin/sleep', args: ['bell\u0007'] }, /control character/);
  });
});
