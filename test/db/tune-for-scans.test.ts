import { describe, expect, it } from "vitest";
import { openSqlite, SCAN_CACHE_KIB, tuneForScans } from "../../src/db/database.js";

describe("tuneForScans", () => {
  it("gives the connection a large page cache and in-memory temporaries", () => {
    const sqlite = openSqlite(":memory:");
    try {
      expect(sqlite.pragma("cache_size", { simple: true })).not.toBe(-SCAN_CACHE_KIB);
      expect(tuneForScans(sqlite)).toBe(sqlite);
      expect(sqlite.pragma("cache_size", { simple: true })).toBe(-SCAN_CACHE_KIB);
      // 2 = MEMORY
      expect(sqlite.pragma("temp_store", { simple: true })).toBe(2);
    } finally {
      sqlite.close();
    }
  });
});
