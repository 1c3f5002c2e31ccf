// The stack example on the embedded supervisor, with switch and with up; see run-stack.ts.
import { stackCase, upCase } from './run-stack.js';

stackCase('embedded', true, 'se');
stackCase('embedded', false, 'sue');
upCase('sup');
