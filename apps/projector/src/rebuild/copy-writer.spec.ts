import { escapeCopyText, pgTextArray } from './copy-writer';

describe('escapeCopyText (COPY text format)', () => {
  it.each([
    ['plain', 'plain'],
    ['tab\there', 'tab\\there'],
    ['line\nbreak', 'line\\nbreak'],
    ['carriage\rreturn', 'carriage\\rreturn'],
    ['back\\slash', 'back\\\\slash'],
    ['\\N', '\\\\N'],
    ['{"a":"b\\"c"}', '{"a":"b\\\\"c"}'],
  ])('given %j, when escaped, then it reads back as the same text', (raw, escaped) => {
    expect(escapeCopyText(raw)).toBe(escaped);
  });
});

describe('pgTextArray', () => {
  it('given strings with quotes, backslashes and commas, when written, then each is quoted and escaped', () => {
    expect(pgTextArray(['a', 'b"c', 'd\\e', 'f,g', ''])).toBe('{"a","b\\"c","d\\\\e","f,g",""}');
  });
});
