/**
 * Turns linked pairs into groups. Plain transitive closure (union-find) lets one weak link
 * chain two unrelated groups together ("A≈B, B≈C" although A and C share nothing), so every
 * group is checked for coherence: most of its member pairs must look alike on their own. A
 * group that fails loses its weakest links and is split again until each part is coherent.
 */

export interface Link {
  a: number;
  b: number;
  /** Match weight of the pair; higher is more alike. */
  weight: number;
}

export interface CoherenceRules {
  /** A member pair "agrees" when its weight reaches this. */
  agreeWeight: number;
  /** Share of the other members each member must agree with for a group of 3+ to stand. */
  minAgreeingShare: number;
  /** Groups above this size are always split further. */
  maxGroupSize: number;
  /**
   * Pairs that may never share a group, however they are chained: a rule rules them out (two
   * different given names) or someone decided they are not duplicates.
   */
  cannotLink?: (a: number, b: number) => boolean;
}

class UnionFind {
  private readonly parent = new Map<number, number>();

  find(x: number): number {
    let root = x;
    for (let p = this.parent.get(root); p !== undefined && p !== root; p = this.parent.get(root)) root = p;
    // Path compression keeps later finds near constant time.
    for (let node = x; node !== root;) {
      const next = this.parent.get(node)!;
      this.parent.set(node, root);
      node = next;
    }
    return root;
  }

  union(a: number, b: number): void {
    if (!this.parent.has(a)) this.parent.set(a, a);
    if (!this.parent.has(b)) this.parent.set(b, b);
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra !== rb) this.parent.set(ra, rb);
  }

  nodes(): IterableIterator<number> {
    return this.parent.keys();
  }
}

/** Connected components of the links, each with its own links. */
function components(links: Link[]): { nodes: number[]; links: Link[] }[] {
  const uf = new UnionFind();
  for (const l of links) uf.union(l.a, l.b);
  const byRoot = new Map<number, { nodes: number[]; links: Link[] }>();
  for (const node of uf.nodes()) {
    const root = uf.find(node);
    let c = byRoot.get(root);
    if (!c) byRoot.set(root, (c = { nodes: [], links: [] }));
    c.nodes.push(node);
  }
  for (const l of links) byRoot.get(uf.find(l.a))!.links.push(l);
  return [...byRoot.values()];
}

/** Every member agrees with at least the required share of the other members. */
function isCoherent(nodes: number[], pairWeight: (a: number, b: number) => number, rules: CoherenceRules): boolean {
  if (nodes.length > rules.maxGroupSize) return false;
  const { cannotLink } = rules;
  if (cannotLink) {
    for (let i = 0; i < nodes.length; i++) {
      for (let j = i + 1; j < nodes.length; j++) if (cannotLink(nodes[i]!, nodes[j]!)) return false;
    }
  }
  if (nodes.length === 2) return true;
  const agreeing = new Array<number>(nodes.length).fill(0);
  for (let i = 0; i < nodes.length; i++) {
    for (let j = i + 1; j < nodes.length; j++) {
      if (pairWeight(nodes[i]!, nodes[j]!) >= rules.agreeWeight) {
        agreeing[i]!++;
        agreeing[j]!++;
      }
    }
  }
  const needed = rules.minAgreeingShare * (nodes.length - 1);
  return agreeing.every((n) => n >= needed);
}

/**
 * Groups of record indexes (each of size ≥ 2) from the links. `pairWeight` scores any two
 * records, used to test the coherence of groups of three or more.
 */
export function clusterLinks(
  links: Link[],
  pairWeight: (a: number, b: number) => number,
  rules: CoherenceRules,
): number[][] {
  const groups: number[][] = [];
  const pending = components(links);
  while (pending.length > 0) {
    const c = pending.pop()!;
    if (isCoherent(c.nodes, pairWeight, rules)) {
      groups.push(c.nodes);
      continue;
    }
    let weakest = Infinity;
    for (const l of c.links) weakest = Math.min(weakest, l.weight);
    const kept = c.links.filter((l) => l.weight > weakest);
    for (const part of components(kept)) pending.push(part);
  }
  return groups;
}
