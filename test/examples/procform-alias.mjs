/**
 * Module resolution hook for the model tests: `procform` resolves to the repository's
 * sources, the way the CLI's loader resolves it to its own entry, so the example models
 * can be evaluated without building dist/ first. Registered with `module.register`.
 */
const entry = new URL('../../src/index.ts', import.meta.url).href;

export const resolve = (specifier, context, nextResolve) =>
  specifier === 'procform' ? { url: entry, shortCircuit: true } : nextResolve(specifier, context);
