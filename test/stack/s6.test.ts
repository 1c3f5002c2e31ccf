// The stack example on s6; see run-stack.ts.
import { stackCase } from './run-stack.js';

stackCase('s6', true, 'ss6');
stackCase('s6', false, 'sus6');
