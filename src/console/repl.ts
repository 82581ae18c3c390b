/**
 * The local chat surface: a readline loop where `/crm-audit status` (or just `status`) is
 * typed, answered through the same ChatCore as Slack and Teams, and printed. Typing a
 * number presses that button of the last message; a form asks for its inputs one by one.
 */
import readline from "node:readline";
import type { Readable, Writable } from "node:stream";
import type { ChatCore, RequestContext, Responder } from "../core/commands/types.js";
import type { Form, InputSpec, Message } from "../core/messages/model.js";
import { renderInline, renderMessage, type Choice } from "./render.js";
import { withCommandForm } from "../core/messages/command-form.js";
import { saveMessageFiles } from "./files.js";

export interface ConsoleOptions {
  core: ChatCore;
  context: RequestContext;
  input: Readable;
  output: Writable;
  /** Colours and readline's terminal handling; true only for a real TTY. */
  terminal: boolean;
  /** Called once when the user leaves (exit, Ctrl+D on a TTY, Ctrl+C). */
  onExit?: () => void;
  /** Where chart images and report files are written (default ./data/exports). */
  exportsDir?: string;
}

export interface ConsoleSession {
  /** Resolves when the input ended and every typed line was answered. */
  closed: Promise<void>;
  close(): void;
}

interface FormState {
  form: Form;
  /** Inputs still to ask, in order. */
  queue: InputSpec[];
  values: Record<string, string | number | undefined>;
}

export const PROMPT = "crm-audit> ";

function describeInput(input: InputSpec): string {
  const optional = "optional" in input && input.optional ? " (optional, Enter to skip)" : "";
  switch (input.kind) {
    case "select": {
      const how = input.multiple ? " (numbers separated by commas)" : "";
      return `${input.label}${how}${optional}:\n${input.options.map((o, i) => `  ${i + 1}. ${o.label}`).join("\n")}`;
    }
    case "number":
      return `${input.label}${input.min !== undefined ? ` (${input.min}–${input.max ?? "…"})` : ""}${optional}`;
    case "rating":
      return `${input.label} (${input.min}–${input.max})${optional}`;
    case "text":
      return `${input.label}${input.placeholder ? ` [${input.placeholder}]` : ""}${optional}`;
  }
}

/** A typed answer → the form value: a select accepts the option's number, value or label. */
function readAnswer(input: InputSpec, raw: string): string | number | undefined {
  const text = raw.trim();
  if (text === "") return input.kind === "select" ? input.initial : undefined;
  if (input.kind === "select" && input.multiple) {
    const one = { ...input, multiple: false };
    return text
      .split(",")
      .map((part) => readAnswer(one, part))
      .filter((v) => v !== undefined && v !== "")
      .join(",");
  }
  if (input.kind === "select") {
    const byNumber = /^\d+$/.test(text) ? input.options[Number(text) - 1] : undefined;
    const match =
      byNumber ?? input.options.find((o) => o.value === text || o.label.toLowerCase() === text.toLowerCase());
    return match?.value ?? text;
  }
  if (input.kind === "number" || input.kind === "rating") return /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : text;
  return text;
}

export function startConsole(options: ConsoleOptions): ConsoleSession {
  const { core, context, output } = options;
  const rl = readline.createInterface({
    input: options.input,
    output,
    terminal: options.terminal,
    prompt: PROMPT,
    historySize: 200,
  });
  let choices: Choice[] = [];
  let form: FormState | null = null;
  let work: Promise<void> = Promise.resolve();
  let exited = false;
  let left = false;

  const write = (text: string) => output.write(text + "\n");
  const show = (message: Message, updated: boolean) => {
    // The console takes the plain words: `status`, not `/crm-audit status`.
    const rendered = renderMessage(withCommandForm(message, ""), { color: options.terminal });
    // A message without buttons (a confirmation) leaves the previous buttons pressable, as in chat.
    if (rendered.choices.length) choices = rendered.choices;
    write((updated ? "\n↻ " : "\n") + rendered.text + "\n");
  };
  // Charts and reports become files first: a terminal shows the path and the numbers.
  const responder: Responder = {
    reply: async (m) => show(await saveMessageFiles(m, options.exportsDir), false),
    update: async (m) => show(await saveMessageFiles(m, options.exportsDir), true),
  };
  const askNext = () => {
    const next = form?.queue[0];
    if (next) write(describeInput(next));
    rl.setPrompt(next ? "> " : PROMPT);
  };

  function openForm(opened: Form): void {
    write(`${opened.title} (Enter on an optional input skips it)`);
    if (opened.intro) write(renderInline(opened.intro, options.terminal));
    form = { form: opened, queue: [...opened.inputs], values: {} };
  }

  async function submit(state: FormState): Promise<void> {
    const result = await core.submitForm({
      ...context,
      formId: state.form.formId,
      state: state.form.state,
      values: state.values,
    });
    if (result.ok) {
      form = null;
      // The next page of a multi-page form (a survey): asked like the first.
      if (result.next) return openForm(result.next);
      if (result.message) show(result.message, false);
      else write("Saved.");
      return;
    }
    // Ask again only for the inputs that were refused, saying why.
    for (const error of Object.values(result.errors)) write(`✗ ${error}`);
    const refused = state.form.inputs.filter((i) => i.id in result.errors);
    if (refused.length === 0) {
      form = null;
      return;
    }
    form = { ...state, queue: refused };
  }

  async function handle(line: string): Promise<void> {
    if (left) return; // lines pasted after "exit" are not run
    const text = line.trim();
    if (form) {
      const input = form.queue.shift()!;
      form.values[input.id] = readAnswer(input, text);
      if (form.queue.length === 0) await submit(form);
      return;
    }
    if (text === "") return;
    if (text === "exit" || text === "quit") {
      left = true;
      rl.close();
      return;
    }
    if (/^\d+$/.test(text)) {
      const choice = choices[Number(text) - 1];
      if (!choice) {
        write(
          choices.length === 1
            ? "Type 1 to press the button."
            : choices.length
              ? `Type 1–${choices.length} to press a button.`
              : "No buttons to press here.",
        );
        return;
      }
      if (choice.kind === "form") return openForm(choice.form);
      await core.handleAction({ ...context, actionId: choice.button.actionId, value: choice.button.value }, responder);
      return;
    }
    await core.handleCommand({ ...context, text }, responder);
  }

  rl.on("line", (line) => {
    // Lines are answered strictly in order: a pasted script behaves like typing it.
    work = work
      .then(() => handle(line))
      .catch((error: unknown) => write(`Error: ${(error as Error).message}`))
      .then(() => {
        askNext();
        if (!exited) rl.prompt();
      });
  });
  const closed = new Promise<void>((resolve) => {
    rl.on("close", () => {
      exited = true;
      void work.then(() => {
        options.onExit?.();
        resolve();
      });
    });
  });
  rl.on("SIGINT", () => rl.close());

  const hint = "Type a command such as `status`, `run`, `overdue` or `help`; a number presses a button; `exit` leaves.";
  write(renderInline(hint, options.terminal));
  rl.prompt();
  return { closed, close: () => rl.close() };
}
