// The stack example on the embedded supervisor; see run-stack.ts.
import { stackCase } from './run-stack.js';

stackCase('embedded', true, 'se');
stackCase('embedded', false, 'sue');
