// The stack example on supervisord; see run-stack.ts.
import { stackCase } from './run-stack.js';

stackCase('supervisord', true, 'ssu');
stackCase('supervisord', false, 'susu');
