// Secrets on procform's own supervisor: read from the 0400 file at each start.
import { embedded } from '../../../src/backends/embedded/index.js';
import { runSecretsCase } from '../../conformance/secrets.js';

runSecretsCase({ backend: embedded });
