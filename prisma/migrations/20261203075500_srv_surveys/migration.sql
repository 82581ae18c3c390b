-- Surveys: own templates and weights, surveys, rounds, invitations, the "has answered" set and responses (docs/surveys.md).
-- CreateTable
CREATE TABLE "survey_templates" (
    "workspaceId" TEXT NOT NULL,
    "templateId" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "definition" TEXT NOT NULL,
    "addedBy" TEXT NOT NULL,
    "addedAt" DATETIME NOT NULL,

    PRIMARY KEY ("workspaceId", "templateId", "version")
);

-- CreateTable
CREATE TABLE "survey_weights" (
    "workspaceId" TEXT NOT NULL,
    "templateId" TEXT NOT NULL,
    "itemKey" TEXT NOT NULL,
    "weight" REAL NOT NULL,

    PRIMARY KEY ("workspaceId", "templateId", "itemKey")
);

-- CreateTable
CREATE TABLE "surveys" (
    "workspaceId" TEXT NOT NULL,
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "templateId" TEXT NOT NULL,
    "templateVersion" INTEGER NOT NULL,
    "definition" TEXT NOT NULL,
    "anonymous" BOOLEAN NOT NULL,
    "audience" TEXT NOT NULL,
    "platform" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "conversationId" TEXT NOT NULL,
    "roundLengthMs" INTEGER,
    "remindEveryDays" INTEGER,
    "repeatCron" TEXT,
    "repeatTimeZone" TEXT,
    "scheduleIds" TEXT NOT NULL DEFAULT '[]',
    "createdBy" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "survey_rounds" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "surveyId" INTEGER NOT NULL,
    "number" INTEGER NOT NULL,
    "startedAt" DATETIME NOT NULL,
    "closesAt" DATETIME,
    "closedAt" DATETIME,
    CONSTRAINT "survey_rounds_surveyId_fkey" FOREIGN KEY ("surveyId") REFERENCES "surveys" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "survey_invitations" (
    "roundId" INTEGER NOT NULL,
    "platform" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "crmUserId" TEXT,
    "invitedAt" DATETIME NOT NULL,
    "remindedAt" DATETIME,

    PRIMARY KEY ("roundId", "platform", "tenantId", "userId")
);

-- CreateTable
CREATE TABLE "survey_answered" (
    "roundId" INTEGER NOT NULL,
    "respondent" TEXT NOT NULL,

    PRIMARY KEY ("roundId", "respondent")
);

-- CreateTable
CREATE TABLE "survey_responses" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "roundId" INTEGER NOT NULL,
    "respondent" TEXT,
    "crmUserId" TEXT,
    "status" TEXT NOT NULL,
    "answers" TEXT,
    "updatedAt" DATETIME,
    "submittedAt" DATETIME
);

-- CreateIndex
-- CreateIndex
CREATE INDEX "surveys_workspaceId_idx" ON "surveys"("workspaceId");

-- CreateIndex
CREATE UNIQUE INDEX "survey_rounds_surveyId_number_key" ON "survey_rounds"("surveyId", "number");

-- CreateIndex
CREATE INDEX "survey_responses_roundId_status_idx" ON "survey_responses"("roundId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "survey_responses_roundId_respondent_key" ON "survey_responses"("roundId", "respondent");

