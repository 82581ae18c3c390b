/**
 * The survey templates a workspace can start: the built-in ones (surveys/templates/*.yaml in
 * the repository, read once) and the workspace's own, added with `crm-audit survey templates
 * --add <file>` and stored per version. A workspace template with a built-in's id replaces it
 * for that workspace.
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { SurveyStore } from "../stores/surveys.js";
import { parseDefinition, type SurveyDefinition } from "./definition.js";

const BUILT_IN_DIR = fileURLToPath(new URL("../../../surveys/templates/", import.meta.url));

export interface Template {
  definition: SurveyDefinition;
  source: "built-in" | "workspace";
  /** The file a built-in was read from, relative to the repository. */
  file?: string;
}

let builtIns: Template[] | null = null;

/** The built-in templates; a built-in that fails validation is a bug, so it throws with file:line. */
export function builtInTemplates(): Template[] {
  if (builtIns) return builtIns;
  const files = fs
    .readdirSync(BUILT_IN_DIR)
    .filter((f) => f.endsWith(".yaml"))
    .sort();
  builtIns = files.map((f) => {
    const file = path.join("surveys/templates", f);
    const result = parseDefinition(fs.readFileSync(path.join(BUILT_IN_DIR, f), "utf8"), file);
    if (!result.ok) throw new Error(`built-in survey template is invalid:\n${result.errors.join("\n")}`);
    return { definition: result.definition, source: "built-in" as const, file };
  });
  return builtIns;
}

export async function templatesOf(store: Pick<SurveyStore, "templates">, workspaceId: string): Promise<Template[]> {
  const own = (await store.templates(workspaceId)).map((t) => ({
    definition: t.definition,
    source: "workspace" as const,
  }));
  const ownIds = new Set(own.map((t) => t.definition.id));
  return [...builtInTemplates().filter((t) => !ownIds.has(t.definition.id)), ...own];
}

export async function findTemplate(
  store: Pick<SurveyStore, "templates">,
  workspaceId: string,
  id: string,
): Promise<Template | undefined> {
  return (await templatesOf(store, workspaceId)).find((t) => t.definition.id === id.toLowerCase());
}
