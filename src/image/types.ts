/**
 * The data of a multi-process container image: what goes where in the image, and the
 * Dockerfile that assembles it. Computing it is pure (`context.ts`); writing and building
 * it is the I/O side (`write-context.ts`, `docker-build.ts`).
 * @module
 */
import type { BuildResult } from '../build/build.js';

/** The process managers an image can run as its main process. */
export const IMAGE_MANAGERS = ['embedded', 'supervisord', 's6', 'sysvinit'] as const;

/** One of {@link IMAGE_MANAGERS}. */
export type ImageManager = (typeof IMAGE_MANAGERS)[number];

/** A text file written into the image. */
export interface ImageFile {
  readonly kind: 'file';
  /** Absolute path inside the image. */
  readonly path: string;
  readonly content: string;
  readonly executable: boolean;
}

/** A symbolic link in the image. */
export interface ImageLink {
  readonly kind: 'link';
  readonly path: string;
  readonly target: string;
}

/** A file or directory of this machine copied into the image (`.git` left out). */
export interface ImageCopy {
  readonly kind: 'copy';
  readonly path: string;
  /** Absolute path on this machine. */
  readonly from: string;
}

/** Anything the image's single `COPY` layer holds. */
export type ImageItem = ImageFile | ImageLink | ImageCopy;

/** A host path and where it goes in the image. */
export interface HostCopy {
  readonly from: string;
  readonly to: string;
}

/** What an image is computed from. */
export interface ImageInput {
  readonly manager: ImageManager;
  /** Deploy the model at the first start and accept `procform switch` inside the container. */
  readonly mutable: boolean;
  /** The `FROM` image. */
  readonly base: string;
  /** The model built for `manager` with the image's directories (for a mutable image: a check). */
  readonly build: BuildResult;
  /** Absolute path of the model file on this machine. */
  readonly modelFile: string;
  /** An ids file given explicitly (not the one next to the model), or null. */
  readonly idsFile: string | null;
  /** More host paths to copy to the same place in the image. */
  readonly includes: readonly string[];
  /** The host paths the processes name, copied to the same place (immutable images; see host-paths.ts). */
  readonly copies: readonly string[];
  /** The installed procform package, which every image runs. */
  readonly procform: readonly HostCopy[];
  /** `--extra-params` as given, for `procform switch` inside a mutable image. */
  readonly extraParams: string | null;
}

/** `/etc/procform/image/image.json`: what the image runs, for people and tools. */
export interface ImageDescription {
  readonly formatVersion: 1;
  readonly manager: ImageManager;
  readonly mutable: boolean;
  /** The generation the image runs; null for a mutable image, which deploys at its first start. */
  readonly generation: string | null;
  /** Instances in start order; they stop in the reverse order. */
  readonly processes: readonly string[];
  /** Seconds a stop may take in the worst case: every process's stopTimeout, one after another. */
  readonly stopTimeout: number;
}

/** The computed image. */
export interface ImageContext {
  readonly dockerfile: string;
  /** Sorted by path. */
  readonly items: readonly ImageItem[];
  /**
   * The directories (or files) the Dockerfile copies, one COPY each, holding every item.
   * Copying whole trees from / would reset the modes of directories the base image has
   * (such as /tmp) on the way down; a COPY to a deeper path creates only what is missing.
   */
  readonly roots: readonly string[];
  readonly description: ImageDescription;
}
