import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addAccountsShell, entryField, groupLine, passwdLine, readRunAsShell, runAsValue, SETPRIV } from './container-accounts.js';

const IMAGE_PASSWD = 'root:x:0:0:root:/root:/bin/bash\npostgres:x:101:103:PostgreSQL administrator:/var/lib/postgresql:/bin/bash\nother:x:1000:1000::/home/other:/bin/sh\n';
const IMAGE_GROUP = 'root:x:0:\npostgres:x:103:\nother:x:1000:\n';

const script = (etc: string): string => `${addAccountsShell('P', 'G', etc)}\n`;

test('the entries replace the image\'s of the same name or id, and adding them again changes nothing', (t) => {
  const etc = mkdtempSync(join(tmpdir(), 'pf-accounts-'));
  t.after(() => rmSync(etc, { recursive: true, force: true }));
  writeFileSync(join(etc, 'passwd'), IMAGE_PASSWD);
  writeFileSync(join(etc, 'group'), IMAGE_GROUP);
  const env = {
    ...process.env,
    P: [passwdLine('postgres', 2001, 2001, entryField('db: "x"\nevil'), '/nonexistent', '/usr/sbin/nologin'), passwdLine('web', 1000, 2002, '', '/nonexistent', '/usr/sbin/nologin')].join('\n'),
    G: [groupLine('postgres', 2001, []), groupLine('web', 2002, ['postgres', 'web'])].join('\n'),
  };
  const run = () => spawnSync('sh', ['-c', script(etc)], { env, encoding: 'utf8' });
  if (process.getuid?.() !== 0) {
    assert.equal(run().status, 0);
    assert.equal(readFileSync(join(etc, 'passwd'), 'utf8'), IMAGE_PASSWD, 'not root: nothing is touched');
    return;
  }
  for (let i = 0; i < 2; i++) {
    const result = run();
    assert.equal(result.status, 0, result.stderr);
    assert.equal(readFileSync(join(etc, 'passwd'), 'utf8'), [
      'root:x:0:0:root:/root:/bin/bash',
      'postgres:x:2001:2001:db  "x" evil:/nonexistent:/usr/sbin/nologin',
      'web:x:1000:2002::/nonexistent:/usr/sbin/nologin',
      '',
    ].join('\n'), `run ${i + 1}: postgres replaced by name, other by id`);
    assert.equal(readFileSync(join(etc, 'group'), 'utf8'), 'root:x:0:\nother:x:1000:\npostgres:x:2001:\nweb:x:2002:postgres,web\n');
  }
});

test('whom the process runs as: uid, gid, the sorted groups and home reach setpriv as single words', () => {
  assert.equal(runAsValue(2001, 2002, [27, 2002, 27], '/srv/my home'), '2001:2002:27,2002:/srv/my home');
  const words = execFileSync('sh', ['-c', `${readRunAsShell('R')}\nprintf '%s|' ${SETPRIV} "$home"`], { env: { ...process.env, R: runAsValue(2001, 2002, [27, 2002], '/srv/my home') }, encoding: 'utf8' });
  assert.equal(words, 'setpriv|--reuid=2001|--regid=2002|--groups=27,2002|--|/srv/my home|');
  const none = execFileSync('sh', ['-c', `${readRunAsShell('R')}\nprintf '%s|' ${SETPRIV}`], { env: { ...process.env, R: '5:6::/' }, encoding: 'utf8' });
  assert.equal(none, 'setpriv|--reuid=5|--regid=6|--clear-groups|--|');
});
