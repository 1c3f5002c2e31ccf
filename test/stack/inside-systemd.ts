// Run INSIDE scripts/systemd-user-sandbox (systemd.test.ts does): the stack example on the
// sandbox's systemd --user manager, privileged (PROCFORM_STACK_PRIVILEGED=1: root's manager,
// units with User=) or not (a manager of the ordinary user procform runs as).
import { stackCase } from './run-stack.js';

const privileged = process.env.PROCFORM_STACK_PRIVILEGED === '1';
stackCase('systemd', privileged, privileged ? 'ssd' : 'susd');
