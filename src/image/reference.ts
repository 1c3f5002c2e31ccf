/**
 * Image references as `FROM` lines and `-t` take them. A reference is written into the
 * Dockerfile verbatim (FROM has no quoted form), so it is checked against the reference
 * grammar rather than quoted: anything else is refused with the reason.
 * @module
 */
import { InputError } from '../errors.js';

const COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const DOMAIN = '(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*(?::[0-9]+)?/)';
const TAG = '[\\w][\\w.-]{0,127}';
const DIGEST = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}';

/** name[:tag][@digest], the name optionally led by a registry host. */
const REFERENCE = new RegExp(`^(?:${DOMAIN})?${COMPONENT}(?:/${COMPONENT})*(?::${TAG})?(?:@${DIGEST})?$`);
/** name[:tag]: what an image is tagged as. */
const TAGGED = new RegExp(`^(?:${DOMAIN})?${COMPONENT}(?:/${COMPONENT})*(?::${TAG})?$`);

const MAX_LENGTH = 255;

/** Checks the base image reference of `FROM`. */
export const checkBaseImage = (reference: string): string => {
  if (reference.length > MAX_LENGTH || !REFERENCE.test(reference)) {
    throw new InputError(`--base ${JSON.stringify(reference)} is not an image reference`, 'example: --base debian:bookworm-slim or --base registry.example:5000/team/base:1');
  }
  return reference;
};

/** Checks the tag given to the built image (`--tag NAME[:TAG]`). */
export const checkImageTag = (reference: string): string => {
  if (reference.length > MAX_LENGTH || !TAGGED.test(reference)) {
    throw new InputError(`--tag ${JSON.stringify(reference)} is not an image name`, 'use lowercase NAME[:TAG], for example --tag webapps:1 or --tag localhost/webapps:test');
  }
  return reference;
};
