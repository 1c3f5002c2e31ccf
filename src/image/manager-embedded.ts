/**
 * Images whose main process is procform (`procform image-run`) under tini. An immutable
 * embedded image runs its generation on procform's supervisor, serving the control
 * socket so `procform status`, `logs`, `restart` work inside the container. A mutable
 * image runs the profile's current generation, or deploys the model at its first start,
 * and takes `procform switch` later; with another manager, procform starts that manager
 * and drives it through its activator, as `procform switch -P` does on a machine. On
 * SIGTERM every process stops in reverse dependency order, then procform exits 0.
 * @module
 */
import { quoteShell } from '../render/shell.js';
import { MANAGER_REQUIREMENTS, scriptHeader, TINI, type ManagerImage } from './manager-image.js';
import { PROCFORM_COMMAND } from './paths.js';
import type { ImageManager } from './types.js';

const procformImage = (purpose: string, args: string, manager: ImageManager): ManagerImage => ({
  items: [],
  roots: [],
  start: [...scriptHeader(purpose), `exec ${PROCFORM_COMMAND} image-run${args}`, ''].join('\n'),
  packages: [TINI, ...MANAGER_REQUIREMENTS[manager]],
  directories: [],
});

/** The embedded part of an immutable image running `generation`. */
export const embeddedImage = (generation: string): ManagerImage =>
  procformImage("procform's supervisor in the foreground, running the image's generation.", ` --generation ${quoteShell(generation)}`, 'embedded');

/** The part of a mutable image for `manager`. */
export const mutableImage = (manager: ImageManager): ManagerImage =>
  procformImage(`procform in the foreground with ${manager}: the current generation, or at the first start the model.`, '', manager);
