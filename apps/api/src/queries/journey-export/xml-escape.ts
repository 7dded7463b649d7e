/**
 * Text for an XML 1.0 attribute value. The five markup characters become entities; tab, line feed
 * and carriage return become character references, since a parser would otherwise normalise them to
 * spaces in an attribute; characters XML 1.0 cannot carry at all (other C0 controls, lone
 * surrogates, U+FFFE/U+FFFF) become U+FFFD, as a reader could not parse the document otherwise.
 * Hand-written rather than a library: it is a dozen lines, and the spec tests every case.
 */
const NEEDS_ESCAPE =
  // eslint-disable-next-line no-control-regex
  /[&<>"'\t\n\r\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
  '\t': '&#9;',
  '\n': '&#10;',
  '\r': '&#13;',
};

/** The same characters, tested without the global flag's state: most values need no escaping. */
const ANY_TO_ESCAPE = new RegExp(NEEDS_ESCAPE.source);

export function xmlAttr(value: string): string {
  if (!ANY_TO_ESCAPE.test(value)) return value;
  return value.replace(NEEDS_ESCAPE, (c) => ENTITIES[c] ?? '\ufffd');
}
