import { describe, expect, it } from "vitest";
import { ACTION_SCHEMAS, parseActionValue } from "../../../src/core/commands/actions.js";

describe("parseActionValue", () => {
  it("accepts the core's own action ids", () => {
    expect(parseActionValue("task.done", '{"taskId":"t1"}')).toEqual({
      actionId: "task.done",
      value: { taskId: "t1" },
    });
  });

  it.each(["constructor", "__proto__", "toString", "hasOwnProperty", "valueOf", "__defineGetter__"])(
    "treats the inherited name %s as an unknown action, not one of ours",
    (actionId) => {
      expect(Object.hasOwn(ACTION_SCHEMAS, actionId)).toBe(false);
      expect(parseActionValue(actionId, "{}")).toBeNull();
      expect(parseActionValue(actionId, '{"taskId":"t1"}')).toBeNull();
    },
  );
});
