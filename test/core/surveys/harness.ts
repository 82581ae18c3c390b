/** A chat core on a real SQLite file with a recording deliverer and a fake directory, for survey tests. */
import { createChatCore } from "../../../src/chat-core.js";
import { CHECKS } from "../../../src/core/checks/registry.js";
import type { ChatCore, FormResult, Responder } from "../../../src/core/commands/types.js";
import type { ChatDirectory, Delivery } from "../../../src/core/delivery.js";
import type { Form, Message } from "../../../src/core/messages/model.js";
import type { Database } from "../../../src/db/database.js";
import { silentLogger } from "../../../src/logger.js";
import { freshDatabase } from "../../helpers/db.js";
import { createTestAuditService } from "../commands/test-audit.js";

export interface SurveyHarness {
  db: Database;
  core: ChatCore;
  ws: string;
  deliveries: Delivery[];
  clock: { now: number };
  say(userId: string, text: string, conversationId?: string): Promise<Message>;
  /** Fills each page with `answers` (by question id) until the form ends; the last result. */
  answer(userId: string, form: Form, answers: Record<string, string | number | undefined>): Promise<FormResult>;
  submit(userId: string, form: Form, values: Record<string, string | number | undefined>): Promise<FormResult>;
  /** The form of the latest delivery to this user. */
  formSentTo(userId: string): Form;
  close(): Promise<void>;
}

export const MEMBERS = ["U1", "U2", "U3", "U4"];

/** Emails u1@example.com … map to U1 …; channel C1 has U1–U4. */
export const directory: ChatDirectory = {
  async findByEmail(_platform, _tenant, email) {
    const m = /^u(\d+)@example\.com$/i.exec(email);
    return m
      ? { found: true, userId: `U${m[1]}`, displayName: null, timeZone: null }
      : { found: false, reason: "no chat user" };
  },
  async members(_platform, _tenant, conversationId) {
    return conversationId === "C1" ? { found: true, userIds: MEMBERS } : { found: false, reason: "not a member" };
  },
};

export function formOf(message: Message): Form {
  const block = message.blocks.find((b) => b.type === "form");
  if (!block || block.type !== "form") throw new Error(`no form in ${message.text}`);
  return block.form;
}

export async function surveyHarness(start: number): Promise<SurveyHarness> {
  const db = freshDatabase("surveys");
  const deliveries: Delivery[] = [];
  const clock = { now: start };
  const core = createChatCore({
    db,
    audit: createTestAuditService(db, start),
    logger: silentLogger,
    adminUserIds: { slack: ["UADMIN"], teams: [] },
    checks: CHECKS,
    now: () => clock.now,
    deliverer: { deliver: async (ds) => void deliveries.push(...ds) },
    directory,
  });
  const ws = await core.resolveWorkspace("slack", "T1");
  const actor = (userId: string) =>
    core.identify({
      platform: "slack",
      tenantId: "T1",
      userId,
      email: null,
      displayName: userId,
      platformAdmin: false,
    });
  const submit = async (userId: string, form: Form, values: Record<string, string | number | undefined>) =>
    core.submitForm({
      workspaceId: ws,
      actor: await actor(userId),
      conversation: { id: userId, kind: "personal" },
      formId: form.formId,
      state: form.state,
      values,
    });
  return {
    db,
    core,
    ws,
    deliveries,
    clock,
    async say(userId, text, conversationId = "C1") {
      const sent: Message[] = [];
      const out: Responder = { reply: async (m) => void sent.push(m), update: async (m) => void sent.push(m) };
      await core.handleCommand(
        { workspaceId: ws, actor: await actor(userId), conversation: { id: conversationId, kind: "channel" }, text },
        out,
      );
      return sent[sent.length - 1]!;
    },
    submit,
    async answer(userId, form, answers) {
      let current = form;
      for (let page = 0; page < 20; page++) {
        const values = Object.fromEntries(current.inputs.map((i) => [i.id, answers[i.id]]));
        const result = await submit(userId, current, values);
        if (!result.ok || !result.next) return result;
        current = result.next;
      }
      throw new Error("the form never ended");
    },
    formSentTo(userId) {
      const mine = deliveries.filter((d) => d.target.kind === "user" && d.target.userId === userId);
      return formOf(mine[mine.length - 1]!.message);
    },
    close: () => db.close(),
  };
}
