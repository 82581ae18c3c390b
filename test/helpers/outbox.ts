/** An outbox stand-in for scheduler tests: records what a fire hands over, per batch. */
import type { Delivery } from "../../src/core/delivery.js";
import type { Message } from "../../src/core/messages/model.js";
import type { ScheduleTarget } from "../../src/core/stores/schedules.js";

export interface RecordedPost {
  workspaceId: string;
  target: ScheduleTarget;
  message: Message;
  key: string;
  batch: string;
}

export function recordingOutbox(fail?: () => Error) {
  const posts: RecordedPost[] = [];
  const deliveries: (Delivery & { batch: string })[] = [];
  return {
    posts,
    deliveries,
    deliverer: {
      async deliver(list: readonly Delivery[]) {
        if (fail) throw fail();
        for (const d of list) {
          const batch = d.batch ?? "";
          deliveries.push({ ...d, batch });
          if (d.target.kind === "channel") {
            const { platform, tenantId, conversationId } = d.target;
            posts.push({
              workspaceId: d.workspaceId,
              target: { platform, tenantId, conversationId },
              message: d.message,
              key: d.key,
              batch,
            });
          }
        }
      },
    },
  };
}
