import { QuantileSketch } from '@journey/domain';

/** A sketch exactly as PostgreSQL writes our jsonb: `{"b": {"-3": 1, "12": 4}, "z": 0}`. */
const SKETCH_TEXT = /^\{"b": \{(?:"-?\d+": \d+(?:, "-?\d+": \d+)*)?\}, "z": (\d+)\}$/;
const BUCKETS_START = '{"b": {'.length;
const QUOTE = 34;
const MINUS = 45;
const CLOSE = 125;

/**
 * Adds a daily sketch, read as jsonb text, to `into`. Scanned rather than JSON.parse'd: parsing
 * builds an object with hundreds of integer-like keys per day and edge, which cost a 90-day map
 * more than half its time. Text of any other shape goes through JSON.parse and its checks.
 */
export function mergeSketchText(into: QuantileSketch, text: string): QuantileSketch {
  const whole = SKETCH_TEXT.exec(text);
  if (!whole) return into.mergeJSON(JSON.parse(text));
  into.mergeBucket(null, Number(whole[1]));
  // The shape is checked: `"<int>": <digits>` pairs separated by ", " until the closing brace.
  let i = BUCKETS_START;
  while (text.charCodeAt(i) === QUOTE) {
    i++;
    const negative = text.charCodeAt(i) === MINUS;
    if (negative) i++;
    let index = 0;
    for (let c = text.charCodeAt(i); c !== QUOTE; c = text.charCodeAt(++i))
      index = index * 10 + c - 48;
    i += 3; // '": '
    let count = 0;
    for (let c = text.charCodeAt(i); c >= 48 && c <= 57; c = text.charCodeAt(++i))
      count = count * 10 + c - 48;
    into.mergeBucket(negative ? -index : index, count);
    if (text.charCodeAt(i) === CLOSE) break;
    i += 2; // ', '
  }
  return into;
}
