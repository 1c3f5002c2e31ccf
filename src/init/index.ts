/**
 * `procform init`: what it writes into a new folder, and which files it offers to import.
 * @module
 */
export { EXAMPLE_MODEL, editorTsconfig, IMPORTABLE } from './template.js';
