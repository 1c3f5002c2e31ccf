/**
 * Environment files next to a source file: parsed with `dotenv`, the parser procform's
 * own `envFiles` use, so what the importer reads is what the build will read.
 * @module
 */
import { parse } from 'dotenv';

/** The variables of a dotenv text, in file order. */
export const parseEnvFile = (text: string): [string, string][] => Object.entries(parse(text));

/** `KEY=VALUE` (or a bare `KEY`, which takes nothing here) as a pair. */
export const splitAssignment = (text: string): [string, string] | undefined => {
  const at = text.indexOf('=');
  return at <= 0 ? undefined : [text.slice(0, at), text.slice(at + 1)];
};
