/**
 * Quoting for XML 1.0 text and attribute values. XML 1.0 cannot carry most control
 * characters at all, not even as character references, so they are shown as `\uXXXX`.
 * @module
 */

// Tab, line feed and carriage return are the only control characters XML 1.0 allows;
// lone surrogates and U+FFFE/U+FFFF are not characters at all.
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

const visible = (text: string): string => text.replace(NOT_XML, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

/** `text` as XML character data. */
export const xmlText = (text: string): string => visible(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** `text` as a double-quoted XML attribute value (line breaks kept as references, which attribute normalisation would turn into spaces). */
export const xmlAttribute = (text: string): string =>
  `"${xmlText(text).replace(/"/g, '&quot;').replace(/\t/g, '&#9;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;')}"`;
