/**
 * What the reference says about a library, between reading its source and writing Markdown.
 * @module
 */

/** One argument or field: a table row. */
export interface Row {
  /** Its name, with the path from the table's root for nested fields: `roles[].name`. */
  readonly name: string;
  /** Its type as written in the source, an inline object type shortened to `{ … }`. */
  readonly type: string;
  readonly optional: boolean;
  /** The `@default` text. */
  readonly default?: string;
  readonly description: string;
}

/** A table of rows, alone or as one variant of a union. */
export interface Table {
  /** What this variant is called: the type's name or its discriminant (`kind: 'static'`). */
  readonly label?: string;
  readonly description?: string;
  readonly rows: readonly Row[];
}

/** An object type or union of object types the library declares, documented in its own subsection. */
export interface TypeDoc {
  /** The type's name, or the path of the field whose inline union it is. */
  readonly name: string;
  readonly description?: string;
  /** One table for an object type, one per variant for a union. */
  readonly variants: readonly Table[];
}

/** An exported function. */
export interface FunctionDoc {
  readonly name: string;
  /** Whether it returns a managed process, rather than helping to write one. */
  readonly constructs: boolean;
  readonly summary: string;
  readonly example?: string;
  /** `name(params: …, options: …): Result` */
  readonly signature: string;
  /** Its parameters that are not expanded into fields (all but `params` and `options` objects). */
  readonly parameters: readonly Row[];
  /** Its object parameters, each with its fields: `options` of a constructor. */
  readonly objects: readonly { readonly parameter: string; readonly type: string; readonly rows: readonly Row[] }[];
  /** The library's types its arguments use, in order of first use. */
  readonly types: readonly TypeDoc[];
}

/** Something documented without the text the reference needs. */
export interface Problem {
  /** `file:line`, relative to the working directory. */
  readonly at: string;
  readonly message: string;
}
