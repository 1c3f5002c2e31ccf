// The stack example on s6-rc; see run-stack.ts.
import { stackCase } from './run-stack.js';

stackCase('s6-rc', true, 'ss6rc');
stackCase('s6-rc', false, 'sus6rc');
