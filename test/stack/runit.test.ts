// The stack example on runit; see run-stack.ts.
import { stackCase } from './run-stack.js';

stackCase('runit', true, 'sru');
stackCase('runit', false, 'suru');
