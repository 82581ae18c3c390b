import { describe, expect, it } from "vitest";
import { forEachCandidatePair, hashKey } from "../../../src/core/duplicates/blocking.js";
import { clusterLinks } from "../../../src/core/duplicates/clustering.js";

const rules = { agreeWeight: 8, minAgreeingShare: 0.5, maxGroupSize: 100 };

describe("clustering", () => {
  it("groups linked pairs transitively", () => {
    const links = [
      { a: 0, b: 1, weight: 20 },
      { a: 1, b: 2, weight: 20 },
      { a: 5, b: 6, weight: 15 },
    ];
    const groups = clusterLinks(links, () => 20, rules).map((g) => g.sort());
    expect(groups.sort((x, y) => x[0]! - y[0]!)).toEqual([
      [0, 1, 2],
      [5, 6],
    ]);
  });

  it("breaks a chain held together by one weak link", () => {
    // Two tight triangles {0,1,2} and {3,4,5}, joined only by a weak 2-3 link.
    const strong = (a: number, b: number) => ({ a, b, weight: 20 });
    const links = [
      strong(0, 1),
      strong(1, 2),
      strong(0, 2),
      strong(3, 4),
      strong(4, 5),
      strong(3, 5),
      { a: 2, b: 3, weight: 11 },
    ];
    const sameSide = (a: number, b: number) => a < 3 === b < 3;
    const weight = (a: number, b: number) => (sameSide(a, b) ? 20 : a === 2 && b === 3 ? 11 : -10);
    const groups = clusterLinks(links, weight, rules).map((g) => g.sort());
    expect(groups.sort((x, y) => x[0]! - y[0]!)).toEqual([
      [0, 1, 2],
      [3, 4, 5],
    ]);
  });

  it("drops a record chained on by one link that the rest of the group contradicts", () => {
    // 0-1-2 agree with each other; 3 is linked to 2 only and contradicts 0 and 1.
    const links = [
      { a: 0, b: 1, weight: 20 },
      { a: 1, b: 2, weight: 20 },
      { a: 0, b: 2, weight: 20 },
      { a: 2, b: 3, weight: 11 },
    ];
    const weight = (a: number, b: number) => (b === 3 || a === 3 ? (a === 2 ? 11 : -10) : 20);
    expect(clusterLinks(links, weight, rules).map((g) => g.sort())).toEqual([[0, 1, 2]]);
  });
});

describe("blocking", () => {
  it("visits each pair sharing a key once and skips oversized blocks", () => {
    // Key kind 0: records 0-3 share "x" (block of 4 > cap 3, skipped); 4 and 5 share "y".
    // Key kind 1: records 0 and 1 share "z"; 4 and 5 also share "w" (already visited under kind 0).
    const k0 = new Uint32Array(["x", "x", "x", "x", "y", "y"].map(hashKey));
    const k1 = new Uint32Array([hashKey("z"), hashKey("z"), 0, 0, hashKey("w"), hashKey("w")]);
    const seen: string[] = [];
    const stats = forEachCandidatePair([k0, k1], 6, 3, (a, b) => seen.push(`${a}-${b}`));
    expect(seen.sort()).toEqual(["0-1", "4-5"]);
    expect(stats).toEqual({ pairsCompared: 2, oversizedBlocks: 1 });
  });
});
