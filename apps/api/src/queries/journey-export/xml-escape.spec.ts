import { xmlAttr } from './xml-escape';

describe('xmlAttr', () => {
  it('given the markup characters, then each becomes its entity', () => {
    expect(xmlAttr(`a<b>c&d"e'f`)).toBe('a&lt;b&gt;c&amp;d&quot;e&apos;f');
  });

  it('given an entity already in the text, then its ampersand is escaped again (no double meaning)', () => {
    expect(xmlAttr('&amp;')).toBe('&amp;amp;');
  });

  it('given tab, line feed and carriage return, then character references (kept through attribute normalisation)', () => {
    expect(xmlAttr('a\tb\nc\rd')).toBe('a&#9;b&#10;c&#13;d');
  });

  it('given characters XML 1.0 cannot carry, then U+FFFD in their place', () => {
    expect(xmlAttr('a\u0000b\u0007c\u000bd\u001fe\ufffef')).toBe(
      'a\ufffdb\ufffdc\ufffdd\ufffde\ufffdf',
    );
    expect(xmlAttr('lone \ud800 high, lone \udc00 low')).toBe('lone \ufffd high, lone \ufffd low');
  });

  it('given non-ASCII text and surrogate pairs, then unchanged', () => {
    expect(xmlAttr('é✓ 😀 \u0085')).toBe('é✓ 😀 \u0085');
  });
});
