// Layered layout of the process map by dagre (@dagrejs/dagre 3): synchronous, about 50 kB, and made
// for exactly this (ranked directed graphs with cycles, edge routing and label placement). elkjs
// lays out better but is ~1.5 MB and asynchronous (a worker), which a 40-node map does not need.
import dagre from '@dagrejs/dagre';
import type { ShownEdge } from './simplify';

export interface Point {
  x: number;
  y: number;
}

export interface LaidNode {
  step: string;
  /** Centre, as dagre gives it. */
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface LaidEdge {
  edge: ShownEdge;
  points: Point[];
  label: Point;
  /** A repeat of the same step: drawn as an arc on the node, not laid out by dagre. */
  self: boolean;
  /** Goes right to left: closes a loop. */
  back: boolean;
}

export interface ProcessLayout {
  nodes: LaidNode[];
  edges: LaidEdge[];
  width: number;
  height: number;
}

export const NODE_HEIGHT = 38;
const LOOP_RISE = 30;

/** Left to right; heavy edges pull their steps together, light ones are the ones reversed. */
export function layoutProcessMap(
  steps: readonly string[],
  edges: readonly ShownEdge[],
  widthOf: (step: string) => number,
): ProcessLayout {
  const g = new dagre.graphlib.Graph({ multigraph: false });
  g.setGraph({
    rankdir: 'LR',
    nodesep: 18,
    ranksep: 40,
    edgesep: 10,
    acyclicer: 'greedy',
  });
  g.setDefaultEdgeLabel(() => ({}));
  for (const step of steps) g.setNode(step, { width: widthOf(step), height: NODE_HEIGHT });
  for (const e of edges) {
    if (e.from === e.to) continue;
    // No room reserved for labels: dagre would double the ranks, and a long journey gets too wide.
    g.setEdge(e.from, e.to, { weight: Math.max(1, Math.round(Math.log2(1 + e.weight))) });
  }
  dagre.layout(g);
  const nodes = steps.map((step) => {
    const n = g.node(step) as { x: number; y: number; width: number; height: number };
    return { step, x: n.x, y: n.y, width: n.width, height: n.height };
  });
  const at = new Map(nodes.map((n) => [n.step, n]));
  const pairs = new Set(edges.map((e) => `${e.from}\u0001${e.to}`));
  const laid = edges.map((edge): LaidEdge => {
    const from = at.get(edge.from)!;
    if (edge.from === edge.to) {
      const top = from.y - from.height / 2;
      const points = [
        { x: from.x - 10, y: top },
        { x: from.x, y: top - LOOP_RISE },
        { x: from.x + 10, y: top },
      ];
      return { edge, points, label: { x: from.x, y: top - LOOP_RISE - 4 }, self: true, back: true };
    }
    const e = g.edge(edge.from, edge.to) as { points: Point[] };
    let points = e.points.map((p) => ({ ...p }));
    // A pair of opposite edges would share a route: each moves to its own side.
    if (pairs.has(`${edge.to}\u0001${edge.from}`)) points = shifted(points, 5);
    const back = at.get(edge.to)!.x < from.x;
    return { edge, points, label: middle(points), self: false, back };
  });
  return framed(nodes, laid);
}

const MARGIN = 12;

/**
 * Moved so that everything drawn starts at MARGIN: dagre's own extent counts nodes, not the
 * routes of long edges (which can pass outside them), nor the arcs of repeats.
 */
function framed(nodes: LaidNode[], edges: LaidEdge[]): ProcessLayout {
  const xs = nodes.flatMap((n) => [n.x - n.width / 2, n.x + n.width / 2]);
  const ys = nodes.flatMap((n) => [n.y - n.height / 2, n.y + n.height / 2]);
  for (const e of edges)
    for (const p of [...e.points, e.label]) {
      xs.push(p.x);
      ys.push(p.y - (e.self ? 8 : 0));
    }
  const [x0, y0] = [Math.min(...xs, 0) - MARGIN, Math.min(...ys, 0) - MARGIN];
  const move = (p: Point) => ({ x: p.x - x0, y: p.y - y0 });
  return {
    nodes: nodes.map((n) => ({ ...n, ...move(n) })),
    edges: edges.map((e) => ({ ...e, points: e.points.map(move), label: move(e.label) })),
    width: Math.max(...xs, 0) - x0 + MARGIN,
    height: Math.max(...ys, 0) - y0 + MARGIN,
  };
}

/** The point halfway along a polyline (where its label goes). */
function middle(points: Point[]): Point {
  const lengths = points.slice(1).map((p, i) => Math.hypot(p.x - points[i].x, p.y - points[i].y));
  let half = lengths.reduce((t, l) => t + l, 0) / 2;
  for (let i = 0; i < lengths.length; i++) {
    if (half <= lengths[i] && lengths[i] > 0) {
      const t = half / lengths[i];
      const [a, b] = [points[i], points[i + 1]];
      return { x: a.x + (b.x - a.x) * t, y: a.y + (b.y - a.y) * t - 3 };
    }
    half -= lengths[i];
  }
  return points[0] ?? { x: 0, y: 0 };
}

/** The points moved sideways (to the right of the edge's direction) by `d`. */
function shifted(points: Point[], d: number): Point[] {
  const a = points[0];
  const b = points[points.length - 1];
  const len = Math.hypot(b.x - a.x, b.y - a.y) || 1;
  const nx = (-(b.y - a.y) / len) * d;
  const ny = ((b.x - a.x) / len) * d;
  return points.map((p) => ({ x: p.x + nx, y: p.y + ny }));
}

/** A smooth SVG path through dagre's points (quadratic segments between their midpoints). */
export function smoothPath(points: readonly Point[]): string {
  if (points.length === 0) return '';
  const f = (n: number) => n.toFixed(1);
  let d = `M${f(points[0].x)},${f(points[0].y)}`;
  if (points.length === 3 && points[0].y === points[2].y && points[1].y < points[0].y) {
    // A self-loop: one arc over the node.
    const [a, m, b] = points;
    return `${d}C${f(a.x - 14)},${f(m.y)} ${f(b.x + 14)},${f(m.y)} ${f(b.x)},${f(b.y)}`;
  }
  for (let i = 1; i < points.length - 1; i++) {
    const p = points[i];
    const q = points[i + 1];
    d += `Q${f(p.x)},${f(p.y)} ${f((p.x + q.x) / 2)},${f((p.y + q.y) / 2)}`;
  }
  const last = points[points.length - 1];
  return `${d}L${f(last.x)},${f(last.y)}`;
}
