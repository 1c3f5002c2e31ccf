/**
 * A base image for procform's images from Debian's packages alone, built without a
 * registry: a minimal Debian root file system made by debootstrap with Node.js, tini and
 * the managers, imported with `docker import` (or podman's). This module holds the pure
 * part: which packages, the command lines, and the checks of what debootstrap made.
 * @module
 */
import { InputError } from '../errors.js';
import { MANAGER_REQUIREMENTS, TINI } from './manager-image.js';
import { checkImageTag } from './reference.js';
import { IMAGE_MANAGERS, type ImageManager } from './types.js';

/** What to build. */
export interface BaseRequest {
  /** The Debian release (its code name). */
  readonly suite: string;
  readonly managers: readonly ImageManager[];
  /** More Debian packages. */
  readonly packages: readonly string[];
  readonly mirror: string;
  readonly tag: string;
}

/** The first Debian release whose nodejs is 20 or later, which procform needs in an image. */
export const DEFAULT_SUITE = 'trixie';

/** Debian's own mirror. */
export const DEFAULT_MIRROR = 'http://deb.debian.org/debian';

/** The oldest Node.js major version procform runs on. */
export const NODE_MAJOR = 20;

/** The default tag for a suite. */
export const defaultBaseTag = (suite: string): string => `localhost/procform-base:${suite}`;

const PACKAGE = /^[a-z0-9][a-z0-9+.-]+$/;
const SUITE = /^[a-z][a-z0-9-]*$/;

/** Checks the request; every value reaches debootstrap or the importer as one argument. */
export const checkBaseRequest = (request: BaseRequest): BaseRequest => {
  if (!SUITE.test(request.suite)) throw new InputError(`--suite ${JSON.stringify(request.suite)} is not a Debian release name`, `for example --suite ${DEFAULT_SUITE}`);
  checkImageTag(request.tag);
  const bad = request.packages.find((name) => !PACKAGE.test(name));
  if (bad !== undefined) throw new InputError(`--package ${JSON.stringify(bad)} is not a Debian package name`, 'for example --package procps');
  if (!/^(https?|file):\/\/[^\s]+$/.test(request.mirror)) throw new InputError(`--mirror ${JSON.stringify(request.mirror)} is not a URL`, `for example --mirror ${DEFAULT_MIRROR}`);
  const unknown = request.managers.find((m) => !(IMAGE_MANAGERS as readonly string[]).includes(m));
  if (unknown !== undefined) throw new InputError(`-P ${unknown} is not an image manager`, `choose among ${IMAGE_MANAGERS.join(', ')}`);
  return request;
};

/** The packages debootstrap adds to the minimal system, sorted. */
export const basePackages = (request: BaseRequest): string[] => [...new Set([
  'nodejs',
  TINI.debianPackage,
  ...request.managers.flatMap((m) => MANAGER_REQUIREMENTS[m].map((r) => r.debianPackage)),
  ...request.packages,
])].sort();

/** debootstrap's arguments, making `root`. */
export const debootstrapArguments = (request: BaseRequest, root: string): string[] =>
  ['--variant=minbase', `--include=${basePackages(request).join(',')}`, request.suite, root, request.mirror];

/** The arguments of `docker import` (after the command), reading the tar stream on stdin. */
export const importArguments = (request: BaseRequest): string[] => [
  'import',
  '--change', 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
  '--change', 'CMD ["/bin/bash"]',
  '--change', `LABEL org.procform.base=${request.suite}`,
  '-', request.tag,
];

/** The version of an installed package in a dpkg status file, or null. */
export const installedVersion = (status: string, name: string): string | null => {
  for (const stanza of status.split(/\n\n+/)) {
    if (!new RegExp(`^Package: ${name.replace(/[.+]/g, '\\$&')}$`, 'm').test(stanza)) continue;
    if (!/^Status: .* installed$/m.test(stanza)) return null;
    return /^Version: (\S+)$/m.exec(stanza)?.[1] ?? null;
  }
  return null;
};

/** Checks that the release's Node.js runs procform (the base image is useless otherwise). */
export const checkNodeVersion = (suite: string, version: string | null): string => {
  // Debian versions: [epoch:]upstream[-revision], upstream starting with the major version.
  const major = version === null ? NaN : Number(/^(?:\d+:)?(\d+)\./.exec(version)?.[1]);
  if (!(major >= NODE_MAJOR)) {
    throw new InputError(
      `Debian ${suite}'s nodejs is ${version ?? 'missing'}, but procform runs in every image and needs Node.js ${NODE_MAJOR} or later`,
      `use --suite ${DEFAULT_SUITE} (Debian 13, nodejs 20) or later`,
    );
  }
  return version!;
};
