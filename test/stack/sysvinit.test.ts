// The stack example on sysvinit; see run-stack.ts.
import { stackCase } from './run-stack.js';

stackCase('sysvinit', true, 'ssy');
stackCase('sysvinit', false, 'susy');
