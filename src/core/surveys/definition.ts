/**
 * Survey definitions as data (docs/surveys.md, "Writing a survey"): YAML (JSON is YAML too),
 * validated with zod, each error reported as `file:line: message` at the line it is about.
 * The question types come from questions/registry.ts.
 */
import { isMap, isSeq, LineCounter, parseDocument, type Document } from "yaml";
import { z } from "zod";
import { QUESTION_TYPES, questionType, type Question } from "./questions/registry.js";

export const TEMPLATE_ID = z
  .string()
  .regex(/^[a-z][a-z0-9-]{0,39}$/, "must be lower-case letters, digits and - (at most 40), starting with a letter");

const GroupSchema = z
  .object({ label: z.string().min(1).max(80), weight: z.number().positive().max(100).default(1) })
  .strict();

const DefinitionSchema = z
  .object({
    id: TEMPLATE_ID,
    version: z.number().int().min(1),
    title: z.string().min(1).max(100),
    description: z.string().max(1000).optional(),
    /** The smallest group whose results are shown (docs/surveys.md, "Anonymity"). */
    minGroup: z.number().int().min(2).max(1000).default(3),
    /** Weighted score groups (e.g. functions, fit criteria): rating questions join one with `score`. */
    groups: z
      .record(z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, "group ids are a-z, 0-9 and _"), GroupSchema)
      .optional(),
    questions: z.array(z.record(z.string(), z.unknown())).min(1, "a survey needs at least one question").max(100),
  })
  .strict();

export interface SurveyDefinition {
  id: string;
  version: number;
  title: string;
  description?: string | undefined;
  minGroup: number;
  groups: Record<string, { label: string; weight: number }>;
  questions: Question[];
}

export type DefinitionResult = { ok: true; definition: SurveyDefinition } | { ok: false; errors: string[] };

interface Issue {
  path: (string | number)[];
  message: string;
}

function lineOf(doc: Document, counter: LineCounter, path: readonly (string | number)[]): number {
  // The deepest node the path reaches: a missing key is reported on its parent's line.
  for (let depth = path.length; depth >= 0; depth--) {
    const node = depth === 0 ? doc.contents : doc.getIn(path.slice(0, depth), true);
    const range = (node as { range?: [number, number, number] } | undefined)?.range;
    if (node && range) return counter.linePos(range[0]).line;
  }
  return 1;
}

function describe(path: readonly (string | number)[]): string {
  return path.length
    ? `${path
        .map((p) => (typeof p === "number" ? `[${p}]` : p))
        .join(".")
        .replace(/\.\[/g, "[")}: `
    : "";
}

function questionIssues(raw: Record<string, unknown>, index: number): { question?: Question; issues: Issue[] } {
  const at = (path: readonly PropertyKey[]): (string | number)[] => [
    "questions",
    index,
    ...path.map((p) => (typeof p === "symbol" ? String(p) : p)),
  ];
  const type = raw.type;
  const kind = typeof type === "string" ? questionType(type) : undefined;
  if (!kind) {
    const names = QUESTION_TYPES.map((t) => t.meta.type).join(", ");
    return {
      issues: [
        {
          path: at(type === undefined ? [] : ["type"]),
          message:
            type === undefined ? `type is missing (${names})` : `"${String(type)}" is not a question type (${names})`,
        },
      ],
    };
  }
  const parsed = kind.schema.safeParse(raw);
  if (parsed.success) return { question: parsed.data, issues: [] };
  return { issues: parsed.error.issues.map((issue) => ({ path: at(issue.path), message: zodMessage(issue) })) };
}

function zodMessage(issue: z.core.$ZodIssue): string {
  if (issue.code === "unrecognized_keys")
    return `unknown field${issue.keys.length > 1 ? "s" : ""} ${issue.keys.join(", ")}`;
  return issue.message;
}

/** Cross-question rules: unique ids, conditions on earlier questions with values they can take, score groups that exist. */
function crossIssues(definition: SurveyDefinition): Issue[] {
  const issues: Issue[] = [];
  const seen = new Map<string, Question>();
  definition.questions.forEach((q, i) => {
    if (seen.has(q.id))
      issues.push({ path: ["questions", i, "id"], message: `"${q.id}" is used by an earlier question` });
    if (q.showIf) {
      const source = seen.get(q.showIf.question);
      if (!source) {
        issues.push({
          path: ["questions", i, "showIf", "question"],
          message: `"${q.showIf.question}" is not an earlier question`,
        });
      } else if (q.showIf.anyOf) {
        const allowed = allowedValues(source);
        const wrong = allowed && q.showIf.anyOf.find((v) => !allowed.includes(String(v)));
        if (wrong !== undefined && wrong !== null && allowed)
          issues.push({
            path: ["questions", i, "showIf", "anyOf"],
            message: `"${String(wrong)}" is not a value of ${source.id} (${allowed.join(", ")})`,
          });
      }
    }
    if (q.type === "rating" && q.score && !(q.score.group in definition.groups))
      issues.push({
        path: ["questions", i, "score", "group"],
        message: `"${q.score.group}" is not one of groups (${Object.keys(definition.groups).join(", ") || "none defined"})`,
      });
    seen.set(q.id, q);
  });
  return issues;
}

/** The values a condition on this question may name; null when any text or number goes. */
export function allowedValues(q: Question): string[] | null {
  if (q.type === "single_choice" || q.type === "multiple_choice") return q.options.map((o) => o.value);
  if (q.type === "rating") return ["1", "2", "3", "4", "5"];
  if (q.type === "scale") return Array.from({ length: 11 }, (_, n) => String(n));
  return null;
}

/** Reads a definition; `file` names it in the errors. */
export function parseDefinition(text: string, file: string): DefinitionResult {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length) {
    return {
      ok: false,
      errors: doc.errors.map((e) => `${file}:${counter.linePos(e.pos[0]).line}: ${e.message.split("\n")[0]}`),
    };
  }
  if (!isMap(doc.contents))
    return { ok: false, errors: [`${file}:1: a survey definition is a mapping (id, version, title, questions)`] };
  const raw: unknown = doc.toJS({ maxAliasCount: 10 });
  const top = DefinitionSchema.safeParse(raw);
  const issues: Issue[] = [];
  const questions: Question[] = [];
  if (!top.success) {
    issues.push(
      ...top.error.issues.map((issue) => ({
        path: issue.path.map((p) => (typeof p === "symbol" ? String(p) : p)),
        message: zodMessage(issue),
      })),
    );
  }
  const rawQuestions = (raw as { questions?: unknown }).questions;
  if (Array.isArray(rawQuestions) && isSeq(doc.get("questions", true))) {
    rawQuestions.forEach((q: unknown, i) => {
      if (typeof q !== "object" || q === null || Array.isArray(q)) return; // reported by DefinitionSchema
      const result = questionIssues(q as Record<string, unknown>, i);
      issues.push(...result.issues);
      if (result.question) questions.push(result.question);
    });
  }
  if (top.success && issues.length === 0) {
    const definition: SurveyDefinition = { ...top.data, groups: top.data.groups ?? {}, questions };
    issues.push(...crossIssues(definition));
    if (issues.length === 0) return { ok: true, definition };
  }
  const errors = issues.map((issue) => ({
    line: lineOf(doc, counter, issue.path),
    text: `${describe(issue.path)}${issue.message}`,
  }));
  errors.sort((a, b) => a.line - b.line);
  return { ok: false, errors: [...new Set(errors.map((e) => `${file}:${e.line}: ${e.text}`))] };
}

/** A definition that passed parseDefinition, read back from storage (its JSON form). */
export function definitionFromJson(json: string): SurveyDefinition {
  return JSON.parse(json) as SurveyDefinition;
}
