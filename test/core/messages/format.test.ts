import { describe, expect, it } from "vitest";
import { numberRange, plural } from "../../../src/core/messages/format.js";

describe("message wording", () => {
  it.each([
    [1, 1, "1"],
    [1, 8, "1–8"],
    [26, 27, "26–27"],
    [1000, 1000, "1,000"],
  ])("numberRange(%i, %i) is %s", (first, last, text) => {
    expect(numberRange(first, last)).toBe(text);
  });

  it("says one thing in the singular", () => {
    expect(plural(1, "user")).toBe("1 user");
    expect(plural(2, "user")).toBe("2 users");
  });
});
