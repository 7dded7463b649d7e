import type { JourneyDefinition, MapEdge, MapNode } from '../api/types';

export const START = '__start__';
export const END = '__end__';

export interface FlowGraph {
  /** Every step, in drawing order (left to right): start first, end last. */
  order: string[];
  /** Edges that move forward in that order: a DAG the Sankey can draw. */
  forward: MapEdge[];
  /** Repeats (A -> A) and moves back (B -> A): a Sankey cannot draw cycles, so these are listed. */
  back: MapEdge[];
}

/**
 * Splits a journey map into a drawable DAG and the back edges. Steps are ordered by the journey's
 * definition (stages, then steps within them); steps it does not list, or every step of a journey
 * without one, take their place from a depth-first walk from the start that follows the busiest
 * edges first (its reverse post-order, a topological order of the walk's tree). An edge is forward
 * when its target comes later in that order; anything else closes a loop.
 */
export function flowGraph(
  nodes: readonly MapNode[],
  edges: readonly MapEdge[],
  definition: JourneyDefinition | null,
): FlowGraph {
  const defined = new Map<string, number>();
  for (const stage of definition?.stages ?? [])
    for (const step of stage.steps) if (!defined.has(step)) defined.set(step, defined.size);

  const steps = new Set<string>(nodes.map((n) => n.step));
  for (const e of edges) steps.add(e.from).add(e.to);
  const out = new Map<string, MapEdge[]>();
  for (const e of edges) (out.get(e.from) ?? out.set(e.from, []).get(e.from)!).push(e);
  const rankOf = (step: string) => defined.get(step) ?? Number.POSITIVE_INFINITY;
  for (const list of out.values())
    list.sort(
      (a, b) => rankOf(a.to) - rankOf(b.to) || b.count - a.count || a.to.localeCompare(b.to),
    );

  // Depth-first, iteratively (journeys can be long), recording post-order.
  const post: string[] = [];
  const seen = new Set<string>();
  const visit = (root: string) => {
    if (seen.has(root)) return;
    seen.add(root);
    const stack: { step: string; next: number }[] = [{ step: root, next: 0 }];
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      const children = out.get(top.step) ?? [];
      if (top.next < children.length) {
        const child = children[top.next++].to;
        if (!seen.has(child)) {
          seen.add(child);
          stack.push({ step: child, next: 0 });
        }
      } else {
        post.push(top.step);
        stack.pop();
      }
    }
  };
  visit(START);
  const busiest = (a: string, b: string) =>
    weight(b, nodes) - weight(a, nodes) || a.localeCompare(b);
  for (const step of [...steps].sort(busiest)) visit(step);
  const walk = post.reverse();

  // Positions: the definition's where it has one; others just after the step before them in the walk.
  const position = new Map<string, number>();
  let last = -1;
  let offset = 0;
  for (const step of walk) {
    const d = defined.get(step);
    if (step === START) position.set(step, -Infinity);
    else if (step === END) position.set(step, Infinity);
    else if (d !== undefined) {
      position.set(step, d);
      last = d;
      offset = 0;
    } else position.set(step, last + ++offset / 1000);
  }
  const order = [...steps].sort(
    (a, b) => position.get(a)! - position.get(b)! || walk.indexOf(a) - walk.indexOf(b),
  );
  const forward: MapEdge[] = [];
  const back: MapEdge[] = [];
  for (const e of edges) (position.get(e.to)! > position.get(e.from)! ? forward : back).push(e);
  return { order, forward, back };
}

function weight(step: string, nodes: readonly MapNode[]): number {
  return nodes.find((n) => n.step === step)?.count ?? 0;
}

/** A step's name for people: the start and end markers get words. */
export function stepLabel(step: string): string {
  return step === START ? 'Start' : step === END ? 'End' : step;
}

/**
 * Moves of an edge that really go back or repeat: moves between steps recorded at the same
 * instant are not, since their order within that instant is arbitrary.
 */
export const movesBack = (e: MapEdge): number =>
  e.count - Math.min(e.count, Math.max(0, e.simultaneous ?? 0));
