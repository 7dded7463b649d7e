import { FieldProblem } from './app-error';

/**
 * How deeply arrays and objects may nest in a request body (the body itself is level 1). No
 * endpoint needs more than a few levels; the limit keeps every walk over a body (character checks,
 * class-transformer, class-validator, jsonb) far from the stack's end, which 10,000 levels reach.
 */
export const MAX_JSON_DEPTH = 32;

interface Node {
  readonly value: unknown;
  readonly depth: number;
  readonly parent: Node | null;
  readonly key: string;
}

/**
 * The first array or object nested deeper than `max`, named by its field path, or null. A walk
 * with an explicit stack: the depth of the input cannot overflow the call stack, and a path is
 * only built for the node reported (building one per level would be quadratic).
 */
export function depthProblem(value: unknown, max = MAX_JSON_DEPTH): FieldProblem | null {
  const stack: Node[] = [{ value, depth: 1, parent: null, key: '' }];
  for (let node = stack.pop(); node; node = stack.pop()) {
    if (typeof node.value !== 'object' || node.value === null) continue;
    if (node.depth > max) {
      const field = pathOf(node);
      return {
        index: null,
        field,
        rule: 'depth',
        message: `${field || 'the body'} nests arrays and objects deeper than ${max} levels`,
      };
    }
    const entries = Array.isArray(node.value)
      ? node.value.map((v, i) => [String(i), v] as const)
      : Object.entries(node.value);
    for (let i = entries.length - 1; i >= 0; i--)
      stack.push({ value: entries[i][1], depth: node.depth + 1, parent: node, key: entries[i][0] });
  }
  return null;
}

function pathOf(node: Node): string {
  const keys: string[] = [];
  for (let n: Node | null = node; n?.parent; n = n.parent) keys.push(n.key);
  return keys.reverse().join('.');
}
