/**
 * `crm-audit survey templates|list|start|status|results|close|export`: the chat command's surveys
 * from the command line, for scripting (docs/surveys.md). `--format json` prints the stable JSON
 * of docs/surveys.md. The command line has no chat connection: `start` runs a survey in the
 * console (named console users answer with `survey answer <round>` there); surveys on Slack or
 * Teams are started in chat, where invitations can be delivered.
 */
import fs from "node:fs";
import { Command, Option } from "commander";
import type { Message } from "../../core/messages/model.js";
import type { SurveyStatus } from "../../core/surveys/run.js";
import { withChatStores, type CliContext } from "../context.js";
import { CliFailure } from "../errors.js";

interface CommonOptions {
  workspace?: string;
  format?: "text" | "json";
}

const idOf = (value: string, what = "survey id") => {
  const id = Number(value.replace(/^#/, ""));
  if (!Number.isInteger(id) || id < 1) throw new CliFailure(`error: "${value}" is not a ${what}`, { usage: true });
  return id;
};

/** A message as plain text: the console's renderer without colour. */
async function printMessage(message: Message): Promise<void> {
  const { renderMessage } = await import("../../console/render.js");
  const { withCommandForm } = await import("../../core/messages/command-form.js");
  console.log(renderMessage(withCommandForm(message, "crm-audit "), { color: false }).text);
}

const print = (value: unknown) => console.log(JSON.stringify(value, null, 2));

export function surveyCommand({ env }: CliContext): Command {
  const survey = new Command("survey").description(
    "feedback surveys: templates, list, start, status, results, close, export",
  );
  const workspace = ["--workspace <id>", "workspace (default: CRM_AUDIT_WORKSPACE or 'default')"] as const;
  const format = () => new Option("--format <format>", "text or json").choices(["text", "json"]).default("text");

  survey
    .command("templates")
    .description("the survey templates (built-in and this workspace's); --add stores a definition file")
    .option("--add <file>", "a YAML or JSON survey definition to add to the workspace (a new id or a higher version)")
    .option(...workspace)
    .addOption(format())
    .action(async (options: CommonOptions & { add?: string }) => {
      const { parseDefinition } = await import("../../core/surveys/definition.js");
      const { templatesOf } = await import("../../core/surveys/templates.js");
      await withChatStores(env, options.workspace, async (stores, workspaceId) => {
        if (options.add) {
          let text: string;
          try {
            text = fs.readFileSync(options.add, "utf8");
          } catch (error) {
            throw new CliFailure(
              `error: cannot read ${options.add}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
            );
          }
          const parsed = parseDefinition(text, options.add);
          if (!parsed.ok) throw new CliFailure(parsed.errors.join("\n"));
          const { definition } = parsed;
          const added = await stores.surveys.addTemplate(workspaceId, {
            definition,
            addedBy: "cli",
            addedAt: Date.now(),
          });
          if (!added)
            throw new CliFailure(
              `error: ${definition.id} version ${definition.version} is already stored; raise its version to add a change`,
            );
          console.error(`added ${definition.id} version ${definition.version} to workspace ${workspaceId}`);
        }
        const templates = await templatesOf(stores.surveys, workspaceId);
        if (options.format === "json")
          return print(
            templates.map((t) => ({
              id: t.definition.id,
              version: t.definition.version,
              title: t.definition.title,
              source: t.source,
              questions: t.definition.questions.length,
            })),
          );
        for (const t of templates)
          console.log(
            `${t.definition.id} v${t.definition.version}  ${t.definition.title}  (${t.definition.questions.length} questions, ${t.source})`,
          );
      });
    });

  survey
    .command("list")
    .description("the workspace's surveys: round, open or closed, answered/invited")
    .option(...workspace)
    .addOption(format())
    .action(async (options: CommonOptions) => {
      const { surveyStatus } = await import("../../core/surveys/run.js");
      await withChatStores(env, options.workspace, async (stores, workspaceId) => {
        const all = await Promise.all(
          (await stores.surveys.list(workspaceId)).map((s) => surveyStatus({ stores }, s, Date.now())),
        );
        if (options.format === "json") return print(all.map(statusJson));
        if (all.length === 0) return console.log(`no surveys in workspace ${workspaceId}`);
        for (const s of all)
          console.log(
            `#${s.survey.id} ${s.survey.definition.title}  round ${s.round?.number ?? "–"}  ${s.open ? "open" : "closed"}  ${s.responded}/${s.invited} answered${s.survey.anonymous ? "  anonymous" : ""}`,
          );
      });
    });

  survey
    .command("start")
    .description("start a survey in the console: <template> --to @<user>[,@<user>…] [--anonymous] [--closes <date>]")
    .argument("<spec...>", "template id and options, as in chat")
    .option(...workspace)
    .allowUnknownOption()
    .helpOption("-h, --help")
    .action(async (spec: string[], options: CommonOptions) => {
      const { parseStartSpec, StartSpecError } = await import("../../core/surveys/start-spec.js");
      const { findTemplate } = await import("../../core/surveys/templates.js");
      const { startSurvey } = await import("../../core/surveys/run.js");
      const { refusingDirectory } = await import("../../core/delivery.js");
      let parsed;
      try {
        parsed = parseStartSpec(spec, Date.now(), "console");
      } catch (error) {
        if (error instanceof StartSpecError) throw new CliFailure(`error: ${error.message}`, { usage: true });
        throw error;
      }
      if (parsed.audience.kind !== "users")
        throw new CliFailure(
          "error: --to: the command line starts console surveys for named console users (--to @alice,@bob); start Slack or Teams surveys in chat",
        );
      if (parsed.repeat || parsed.remindEveryDays !== null)
        throw new CliFailure("error: --repeat and --remind need the running bot; start the survey in chat");
      await withChatStores(env, options.workspace, async (stores, workspaceId) => {
        const template = await findTemplate(stores.surveys, workspaceId, parsed.template);
        if (!template)
          throw new CliFailure(`error: there is no survey template "${parsed.template}" (survey templates)`);
        const started = await startSurvey(
          {
            stores,
            directory: refusingDirectory,
            // The console has no inbox: the invitation is the round's `survey answer` command.
            deliver: async (deliveries) => {
              for (const d of deliveries)
                if (d.target.kind === "user") console.error(`invited ${d.target.userId} (key ${d.key})`);
            },
          },
          {
            workspaceId,
            definition: template.definition,
            anonymous: parsed.anonymous,
            audience: parsed.audience,
            platform: "console",
            tenantId: "local",
            conversationId: "console",
            closesAt: parsed.closesAt,
            remindEveryDays: null,
            repeat: null,
            createdBy: "cli",
            now: Date.now(),
          },
        );
        console.log(
          `survey #${started.survey.id} started: ${started.invited} invited; they answer in the console with \`survey answer ${started.round.id}\``,
        );
      });
    });

  for (const [verb, description] of [
    ["status", "a survey's latest round: answered/invited, open or closed"],
    ["close", "close a survey's open round now and remove its reminders and repeats"],
  ] as const) {
    survey
      .command(verb)
      .description(description)
      .argument("<id>", "the survey's id (survey list)")
      .option(...workspace)
      .addOption(format())
      .action(async (value: string, options: CommonOptions) => {
        const id = idOf(value);
        const { surveyStatus, closeSurvey } = await import("../../core/surveys/run.js");
        await withChatStores(env, options.workspace, async (stores, workspaceId) => {
          const found = await stores.surveys.get(workspaceId, id);
          if (!found) throw new CliFailure(`error: no survey #${id} in workspace ${workspaceId}`);
          if (verb === "close") await closeSurvey({ stores }, found, Date.now());
          const status = await surveyStatus({ stores }, (await stores.surveys.get(workspaceId, id))!, Date.now());
          if (options.format === "json") return print(statusJson(status));
          console.log(
            `#${id} ${found.definition.title}: round ${status.round?.number ?? "–"} ${status.open ? "open" : "closed"}, ${status.responded}/${status.invited} answered`,
          );
        });
      });
  }

  survey
    .command("results")
    .description("a round's results: response rate, per question counts, averages, NPS, fitness, themes")
    .argument("<id>", "the survey's id (survey list)")
    .option("--round <n>", "the round (default: the latest)")
    .option(...workspace)
    .addOption(format())
    .action(async (value: string, options: CommonOptions & { round?: string }) => {
      const id = idOf(value);
      const round = options.round === undefined ? undefined : idOf(options.round, "round number");
      const { surveyResults } = await import("../../core/surveys/results.js");
      const { resultsJson } = await import("../../core/surveys/export.js");
      const { resultsMessage } = await import("../../core/messages/surveys.js");
      await withChatStores(env, options.workspace, async (stores, workspaceId) => {
        const found = await stores.surveys.get(workspaceId, id);
        if (!found) throw new CliFailure(`error: no survey #${id} in workspace ${workspaceId}`);
        const results = await surveyResults(stores.surveys, found, Date.now(), round);
        if (!results) throw new CliFailure(`error: survey #${id} has no round ${round ?? ""}`.trim());
        if (options.format === "json") return print(resultsJson(results));
        await printMessage(resultsMessage(results));
      });
    });

  survey
    .command("export")
    .description("a round's responses as CSV, or its results as JSON")
    .argument("<id>", "the survey's id (survey list)")
    .option("--round <n>", "the round (default: the latest)")
    .addOption(
      new Option("--format <format>", "csv (responses) or json (results)").choices(["csv", "json"]).default("csv"),
    )
    .option("--out <file>", "write to this file instead of standard output")
    .option(...workspace)
    .action(
      async (value: string, options: { workspace?: string; format: "csv" | "json"; round?: string; out?: string }) => {
        const id = idOf(value);
        const { surveyResults } = await import("../../core/surveys/results.js");
        const { resultsJson, responsesCsv } = await import("../../core/surveys/export.js");
        await withChatStores(env, options.workspace, async (stores, workspaceId) => {
          const found = await stores.surveys.get(workspaceId, id);
          if (!found) throw new CliFailure(`error: no survey #${id} in workspace ${workspaceId}`);
          const rounds = await stores.surveys.rounds(id);
          const wanted =
            options.round === undefined
              ? rounds[rounds.length - 1]
              : rounds.find((r) => r.number === idOf(options.round!, "round number"));
          if (!wanted) throw new CliFailure(`error: survey #${id} has no round ${options.round ?? ""}`.trim());
          let text: string;
          if (options.format === "json") {
            text =
              JSON.stringify(
                resultsJson((await surveyResults(stores.surveys, found, Date.now(), wanted.number))!),
                null,
                2,
              ) + "\n";
          } else {
            const { isOpen } = await import("../../core/surveys/results.js");
            const csv = responsesCsv(found, await stores.surveys.responses(wanted.id), isOpen(wanted, Date.now()));
            if (!csv.ok) throw new CliFailure(`error: ${csv.reason}`);
            text = csv.csv;
          }
          if (options.out) fs.writeFileSync(options.out, text);
          else process.stdout.write(text);
        });
      },
    );
  return survey;
}

function statusJson(s: SurveyStatus) {
  return {
    id: s.survey.id,
    title: s.survey.definition.title,
    template: { id: s.survey.templateId, version: s.survey.templateVersion },
    anonymous: s.survey.anonymous,
    round: s.round?.number ?? null,
    roundId: s.round?.id ?? null,
    open: s.open,
    invited: s.invited,
    responded: s.responded,
    closesAt: s.round?.closesAt ? new Date(s.round.closesAt).toISOString() : null,
  };
}
