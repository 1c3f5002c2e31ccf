/**
 * The manager part of an immutable image, by the manager it runs as its main process: one
 * entry per {@link IMAGE_MANAGERS}, so adding a manager is adding a row, not a branch.
 * @module
 */
import type { BuildSettings } from '../generation/settings.js';
import { embeddedImage } from './manager-embedded.js';
import type { ManagerImage } from './manager-image.js';
import { s6Image } from './manager-s6.js';
import { supervisordImage } from './manager-supervisord.js';
import { sysvinitImage } from './manager-sysvinit.js';
import type { ImageInput, ImageManager } from './types.js';

/** Builds the manager's files, packages and start script of an image. */
export type ManagerImageBuilder = (input: ImageInput, settings: BuildSettings) => ManagerImage;

export const MANAGER_IMAGES: Readonly<Record<ImageManager, ManagerImageBuilder>> = {
  embedded: (input) => embeddedImage(input.build.generation.path),
  supervisord: (input, settings) => supervisordImage(input.build, settings),
  s6: (input, settings) => s6Image(input.build, settings),
  sysvinit: (input) => sysvinitImage(input.build),
};
