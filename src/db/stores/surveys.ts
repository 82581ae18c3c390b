/**
 * SurveyStore on SQLite or PostgreSQL (prisma/schema/surveys.prisma), in portable SQL
 * (src/db/sql.ts: ON CONFLICT, quoted names, timestamps through `sql.ts`, booleans 1/0). The anonymity rules of docs/surveys.md live
 * here: an anonymous round's ballots are made blank at the start, in random order under random
 * ids, and a submission fills one at random while adding the person to survey_answered, which
 * has no time or id; neither table's order nor any column joins the two.
 */
import { randomUUID } from "node:crypto";
import type { Platform } from "../../core/commands/types.js";
import type {
  Answers,
  Audience,
  CrmRespondent,
  Invitation,
  Survey,
  SurveyRound,
  SurveyStore,
} from "../../core/stores/surveys.js";
import type { SurveyDefinition } from "../../core/surveys/definition.js";
import type { SurveyAuditReader } from "../../core/audit/stores.js";
import type { Database } from "../database.js";
import { asDriver, type SqlSource } from "../sql.js";
import type { SqlParam } from "../sql.js";

interface SurveyRow {
  id: number;
  workspaceId: string;
  templateId: string;
  templateVersion: number;
  definition: string;
  anonymous: number;
  audience: string;
  platform: string;
  tenantId: string;
  conversationId: string;
  roundLengthMs: number | null;
  remindEveryDays: number | null;
  repeatCron: string | null;
  repeatTimeZone: string | null;
  scheduleIds: string;
  createdBy: string;
  createdAt: number;
}

const SURVEY_COLUMNS = `"id", "workspaceId", "templateId", "templateVersion", "definition", "anonymous", "audience", "platform", "tenantId", "conversationId", "roundLengthMs", "remindEveryDays", "repeatCron", "repeatTimeZone", "scheduleIds", "createdBy", "createdAt"`;

function toSurvey(row: SurveyRow): Survey {
  return {
    id: row.id,
    workspaceId: row.workspaceId,
    templateId: row.templateId,
    templateVersion: row.templateVersion,
    definition: JSON.parse(row.definition) as SurveyDefinition,
    anonymous: Boolean(row.anonymous),
    audience: JSON.parse(row.audience) as Audience,
    platform: row.platform as Platform,
    tenantId: row.tenantId,
    conversationId: row.conversationId,
    roundLengthMs: row.roundLengthMs,
    remindEveryDays: row.remindEveryDays,
    repeat: row.repeatCron && row.repeatTimeZone ? { cron: row.repeatCron, timeZone: row.repeatTimeZone } : null,
    scheduleIds: JSON.parse(row.scheduleIds) as number[],
    createdBy: row.createdBy,
    createdAt: Number(row.createdAt),
  };
}

interface RoundRow {
  id: number;
  surveyId: number;
  number: number;
  startedAt: number;
  closesAt: number | null;
  closedAt: number | null;
}

const ROUND_COLUMNS = `"id", "surveyId", "number", "startedAt", "closesAt", "closedAt"`;
const toRound = (r: RoundRow): SurveyRound => ({
  id: r.id,
  surveyId: r.surveyId,
  number: r.number,
  startedAt: Number(r.startedAt),
  closesAt: r.closesAt === null ? null : Number(r.closesAt),
  closedAt: r.closedAt === null ? null : Number(r.closedAt),
});

/** Fisher–Yates with crypto-grade randomness: the ballots' order must not follow anything. */
function shuffled<T>(items: T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor((crypto.getRandomValues(new Uint32Array(1))[0]! / 2 ** 32) * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

export function surveyStore(db: Pick<Database, "sql">): SurveyStore {
  const { sql } = db;
  const t = sql.ts;
  const one = <T>(text: string, ...params: SqlParam[]) => sql.get<T>(text, params);
  const all = <T>(text: string, ...params: SqlParam[]) => sql.all<T>(text, params);
  const getSurvey = (workspaceId: string, id: number) => {
    const row = one<SurveyRow>(
      `SELECT ${SURVEY_COLUMNS} FROM "surveys" WHERE "workspaceId" = ? AND "id" = ?`,
      workspaceId,
      id,
    );
    return row ? toSurvey(row) : null;
  };

  return {
    async templates(workspaceId) {
      const rows = all<{ definition: string; addedBy: string; addedAt: number }>(
        `SELECT t."definition", t."addedBy", t."addedAt" FROM "survey_templates" t
          WHERE t."workspaceId" = ? AND t."version" = (SELECT MAX(v."version") FROM "survey_templates" v
                WHERE v."workspaceId" = t."workspaceId" AND v."templateId" = t."templateId")
          ORDER BY t."templateId"`,
        workspaceId,
      );
      return rows.map((r) => ({
        definition: JSON.parse(r.definition) as SurveyDefinition,
        addedBy: r.addedBy,
        addedAt: Number(r.addedAt),
      }));
    },
    async addTemplate(workspaceId, tpl) {
      const changes = sql.run(
        `INSERT INTO "survey_templates" ("workspaceId", "templateId", "version", "definition", "addedBy", "addedAt")
         VALUES (?, ?, ?, ?, ?, ${t}) ON CONFLICT DO NOTHING`,
        [
          workspaceId,
          tpl.definition.id,
          tpl.definition.version,
          JSON.stringify(tpl.definition),
          tpl.addedBy,
          tpl.addedAt,
        ],
      );
      return changes === 1;
    },
    async weights(workspaceId, templateId) {
      const rows = all<{ itemKey: string; weight: number }>(
        `SELECT "itemKey", "weight" FROM "survey_weights" WHERE "workspaceId" = ? AND "templateId" = ?`,
        workspaceId,
        templateId,
      );
      return Object.fromEntries(rows.map((r) => [r.itemKey, Number(r.weight)]));
    },
    async setWeights(workspaceId, templateId, weights) {
      sql.transaction(() => {
        for (const [key, weight] of Object.entries(weights))
          sql.run(
            `INSERT INTO "survey_weights" ("workspaceId", "templateId", "itemKey", "weight") VALUES (?, ?, ?, ?)
             ON CONFLICT ("workspaceId", "templateId", "itemKey") DO UPDATE SET "weight" = excluded."weight"`,
            [workspaceId, templateId, key, weight],
          );
      });
    },

    async create(s) {
      const row = sql.get<{ id: number }>(
        `INSERT INTO "surveys" ("workspaceId", "templateId", "templateVersion", "definition", "anonymous", "audience", "platform", "tenantId",
           "conversationId", "roundLengthMs", "remindEveryDays", "repeatCron", "repeatTimeZone", "scheduleIds", "createdBy", "createdAt")
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '[]', ?, ${t}) RETURNING "id"`,
        [
          s.workspaceId,
          s.templateId,
          s.templateVersion,
          JSON.stringify(s.definition),
          s.anonymous ? 1 : 0,
          JSON.stringify(s.audience),
          s.platform,
          s.tenantId,
          s.conversationId,
          s.roundLengthMs,
          s.remindEveryDays,
          s.repeat?.cron ?? null,
          s.repeat?.timeZone ?? null,
          s.createdBy,
          s.createdAt,
        ],
      )!;
      return { ...s, id: Number(row.id), scheduleIds: [] };
    },
    async get(workspaceId, id) {
      return getSurvey(workspaceId, id);
    },
    async list(workspaceId) {
      return all<SurveyRow>(
        `SELECT ${SURVEY_COLUMNS} FROM "surveys" WHERE "workspaceId" = ? ORDER BY "id"`,
        workspaceId,
      ).map(toSurvey);
    },
    async setScheduleIds(workspaceId, id, scheduleIds) {
      sql.run(`UPDATE "surveys" SET "scheduleIds" = ? WHERE "workspaceId" = ? AND "id" = ?`, [
        JSON.stringify(scheduleIds),
        workspaceId,
        id,
      ]);
    },

    async startRound(survey, round, invitees) {
      return sql.transaction(() => {
        const last = one<{ n: number | null }>(
          `SELECT MAX("number") AS "n" FROM "survey_rounds" WHERE "surveyId" = ?`,
          survey.id,
        );
        const number = (last?.n ?? 0) + 1;
        const inserted = sql.get<{ id: number }>(
          `INSERT INTO "survey_rounds" ("surveyId", "number", "startedAt", "closesAt") VALUES (?, ?, ${t}, ${t}) RETURNING "id"`,
          [survey.id, number, round.startedAt, round.closesAt],
        )!;
        const roundId = Number(inserted.id);
        for (const i of invitees)
          sql.run(
            `INSERT INTO "survey_invitations" ("roundId", "platform", "tenantId", "userId", "crmUserId", "invitedAt")
             VALUES (?, ?, ?, ?, ?, ${t}) ON CONFLICT DO NOTHING`,
            [roundId, i.platform, i.tenantId, i.userId, i.crmUserId, round.startedAt],
          );
        if (survey.anonymous) {
          for (const id of shuffled(invitees.map(() => randomUUID())))
            sql.run(`INSERT INTO "survey_responses" ("id", "roundId", "status") VALUES (?, ?, 'blank')`, [id, roundId]);
        }
        return {
          id: roundId,
          surveyId: survey.id,
          number,
          startedAt: round.startedAt,
          closesAt: round.closesAt,
          closedAt: null,
        };
      });
    },
    async rounds(surveyId) {
      return all<RoundRow>(
        `SELECT ${ROUND_COLUMNS} FROM "survey_rounds" WHERE "surveyId" = ? ORDER BY "number"`,
        surveyId,
      ).map(toRound);
    },
    async round(workspaceId, roundId) {
      const row = one<RoundRow>(`SELECT ${ROUND_COLUMNS} FROM "survey_rounds" WHERE "id" = ?`, roundId);
      if (!row) return null;
      const survey = getSurvey(workspaceId, row.surveyId);
      return survey ? { survey, round: toRound(row) } : null;
    },
    async closeRound(roundId, at) {
      sql.run(`UPDATE "survey_rounds" SET "closedAt" = ${t} WHERE "id" = ? AND "closedAt" IS NULL`, [at, roundId]);
    },

    async invitation(roundId, platform, tenantId, userId) {
      const row = one<Invitation>(
        `SELECT "roundId", "platform", "tenantId", "userId", "crmUserId", "invitedAt", "remindedAt" FROM "survey_invitations"
          WHERE "roundId" = ? AND "platform" = ? AND "tenantId" = ? AND "userId" = ?`,
        roundId,
        platform,
        tenantId,
        userId,
      );
      return row ?? null;
    },
    async invitations(roundId) {
      return all<Invitation>(
        `SELECT "roundId", "platform", "tenantId", "userId", "crmUserId", "invitedAt", "remindedAt" FROM "survey_invitations"
          WHERE "roundId" = ? ORDER BY "platform", "tenantId", "userId"`,
        roundId,
      );
    },
    async answered(roundId) {
      const rows = all<{ respondent: string }>(
        `SELECT "respondent" FROM "survey_answered" WHERE "roundId" = ?`,
        roundId,
      );
      return new Set(rows.map((r) => r.respondent));
    },
    async markReminded(roundId, invitees, at) {
      sql.transaction(() => {
        for (const i of invitees)
          sql.run(
            `UPDATE "survey_invitations" SET "remindedAt" = ${t}
              WHERE "roundId" = ? AND "platform" = ? AND "tenantId" = ? AND "userId" = ?`,
            [at, roundId, i.platform, i.tenantId, i.userId],
          );
      });
    },

    async ownAnswers(roundId, respondent) {
      const row = one<{ answers: string | null; status: string }>(
        `SELECT "answers", "status" FROM "survey_responses" WHERE "roundId" = ? AND "respondent" = ?`,
        roundId,
        respondent,
      );
      if (!row) return null;
      return {
        answers: row.answers ? (JSON.parse(row.answers) as Answers) : {},
        submitted: row.status === "submitted",
      };
    },
    async saveDraft(roundId, respondent, crmUserId, answers, at) {
      sql.run(
        `INSERT INTO "survey_responses" ("id", "roundId", "respondent", "crmUserId", "status", "answers", "updatedAt")
         VALUES (?, ?, ?, ?, 'draft', ?, ${t})
         ON CONFLICT ("roundId", "respondent") DO UPDATE SET "answers" = excluded."answers", "updatedAt" = excluded."updatedAt"`,
        [randomUUID(), roundId, respondent, crmUserId, JSON.stringify(answers), at],
      );
    },
    async submitNamed(roundId, respondent, crmUserId, answers, at) {
      sql.transaction(() => {
        sql.run(
          `INSERT INTO "survey_responses" ("id", "roundId", "respondent", "crmUserId", "status", "answers", "updatedAt", "submittedAt")
           VALUES (?, ?, ?, ?, 'submitted', ?, ${t}, ${t})
           ON CONFLICT ("roundId", "respondent") DO UPDATE SET "status" = 'submitted', "answers" = excluded."answers",
             "updatedAt" = excluded."updatedAt", "submittedAt" = excluded."submittedAt"`,
          [randomUUID(), roundId, respondent, crmUserId, JSON.stringify(answers), at, at],
        );
        sql.run(`INSERT INTO "survey_answered" ("roundId", "respondent") VALUES (?, ?) ON CONFLICT DO NOTHING`, [
          roundId,
          respondent,
        ]);
      });
    },
    async submitAnonymous(roundId, respondent, answers) {
      return sql.transaction(() => {
        const added = sql.run(
          `INSERT INTO "survey_answered" ("roundId", "respondent") VALUES (?, ?) ON CONFLICT DO NOTHING`,
          [roundId, respondent],
        );
        if (added === 0) return "already answered" as const;
        // Ballot ids are random: the first blank one by id is a random one.
        const ballot = one<{ id: string }>(
          `SELECT "id" FROM "survey_responses" WHERE "roundId" = ? AND "status" = 'blank' ORDER BY "id" LIMIT 1`,
          roundId,
        );
        if (!ballot) throw new NoBallot();
        sql.run(
          `UPDATE "survey_responses" SET "status" = 'submitted', "answers" = ? WHERE "id" = ? AND "status" = 'blank'`,
          [JSON.stringify(answers), ballot.id],
        );
        return "stored" as const;
      });
    },
    async responses(roundId) {
      const rows = all<{
        id: string;
        respondent: string | null;
        crmUserId: string | null;
        answers: string;
        submittedAt: number | null;
      }>(
        `SELECT "id", "respondent", "crmUserId", "answers", "submittedAt" FROM "survey_responses"
          WHERE "roundId" = ? AND "status" = 'submitted' ORDER BY "id"`,
        roundId,
      );
      return rows.map((r) => ({
        id: r.id,
        respondent: r.respondent,
        crmUserId: r.crmUserId,
        answers: JSON.parse(r.answers) as Answers,
        submittedAt: r.submittedAt === null ? null : Number(r.submittedAt),
      }));
    },

    async measuredUsage(workspaceId, crmUserIds, from, to) {
      let people = 0;
      let loggedIn = 0;
      let activities = 0;
      // In chunks well under any bound-parameter limit.
      for (let i = 0; i < crmUserIds.length; i += 500) {
        const ids = sql.list(crmUserIds.slice(i, i + 500));
        const users = one<{ people: number; loggedIn: number | null }>(
          `SELECT COUNT(*) AS "people", SUM(CASE WHEN "lastLoginAt" >= ${t} AND "lastLoginAt" < ${t} THEN 1 ELSE 0 END) AS "loggedIn"
             FROM "crm_users" WHERE "workspaceId" = ? AND ${sql.inList(`"id"`)}`,
          from,
          to,
          workspaceId,
          ids,
        )!;
        const logged = one<{ n: number }>(
          `SELECT COUNT(*) AS "n" FROM "activities" WHERE "workspaceId" = ? AND ${sql.inList(`"userId"`)}
              AND "occurredAt" >= ${t} AND "occurredAt" < ${t} AND ("status" IS NULL OR "status" = 'completed')`,
          workspaceId,
          ids,
          from,
          to,
        )!;
        people += Number(users.people);
        loggedIn += Number(users.loggedIn ?? 0);
        activities += Number(logged.n);
      }
      return { people, loggedIn, activities };
    },

    async crmUsers(workspaceId) {
      const rows = all<{
        id: string;
        name: string;
        email: string;
        role: string | null;
        active: number;
        extra: string | null;
      }>(
        `SELECT "id", "name", "email", "role", "active", "extra" FROM "crm_users" WHERE "workspaceId" = ? ORDER BY "id"`,
        workspaceId,
      );
      return rows.map((r): CrmRespondent => {
        let team: string | null = null;
        try {
          const extra = r.extra ? (JSON.parse(r.extra) as Record<string, unknown>) : {};
          const value = extra.team ?? extra.Team;
          if (typeof value === "string" && value.trim()) team = value.trim();
        } catch {
          // An unreadable extra column has no team.
        }
        return { id: r.id, name: r.name, email: r.email, role: r.role, team, active: Boolean(r.active) };
      });
    },
  };
}

/** A submission found no blank ballot: the round has more answers than invitations (never expected). */
class NoBallot extends Error {
  constructor() {
    super("no blank ballot left in this anonymous round");
  }
}

/**
 * The survey tables as the audit reads them, synchronously inside its snapshot
 * (src/core/audit/stores.ts, SurveyAuditReader). Counts per round in one grouped query each.
 */
export function surveyAuditReader(source: SqlSource): SurveyAuditReader {
  const sql = asDriver(source);
  return {
    rounds(workspaceId, asOf) {
      const surveys = new Map(
        sql
          .all<SurveyRow>(`SELECT ${SURVEY_COLUMNS} FROM "surveys" WHERE "workspaceId" = ? ORDER BY "id"`, [
            workspaceId,
          ])
          .map((row) => toSurvey(row))
          // Ids are numbers on both providers only once converted (toSurvey, toRound).
          .map((survey) => [survey.id, survey]),
      );
      if (surveys.size === 0) return [];
      const rows = sql.all<RoundRow & { invited: number; answers: number }>(
        `SELECT r."id", r."surveyId", r."number", r."startedAt", r."closesAt", r."closedAt",
                (SELECT COUNT(*) FROM "survey_invitations" i WHERE i."roundId" = r."id") AS "invited",
                (SELECT COUNT(*) FROM "survey_responses" a WHERE a."roundId" = r."id" AND a."status" = 'submitted') AS "answers"
           FROM "survey_rounds" r JOIN "surveys" s ON s."id" = r."surveyId"
          WHERE s."workspaceId" = ? AND r."startedAt" <= ${sql.ts}
          ORDER BY r."startedAt", r."id"`,
        [workspaceId, asOf],
      );
      return rows.map((r) => ({
        survey: surveys.get(Number(r.surveyId))!,
        round: toRound(r),
        invited: Number(r.invited),
        answers: Number(r.answers),
      }));
    },
    answers(roundId) {
      return sql
        .all<{ answers: string }>(
          `SELECT "answers" FROM "survey_responses" WHERE "roundId" = ? AND "status" = 'submitted' ORDER BY "id"`,
          [roundId],
        )
        .map((r) => JSON.parse(r.answers) as Answers);
    },
    weights(workspaceId, templateId) {
      const rows = sql.all<{ itemKey: string; weight: number }>(
        `SELECT "itemKey", "weight" FROM "survey_weights" WHERE "workspaceId" = ? AND "templateId" = ?`,
        [workspaceId, templateId],
      );
      return Object.fromEntries(rows.map((r) => [r.itemKey, Number(r.weight)]));
    },
  };
}
