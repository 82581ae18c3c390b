-- AlterTable
ALTER TABLE "chat_identities" ADD COLUMN     "timeZone" TEXT;

-- AlterTable
ALTER TABLE "schedule_runs" ADD COLUMN     "trigger" TEXT NOT NULL DEFAULT 'timer';

-- CreateTable
CREATE TABLE "check_outcome_cache" (
    "workspaceId" TEXT NOT NULL,
    "checkId" TEXT NOT NULL,
    "dataVersion" INTEGER NOT NULL,
    "settingsHash" TEXT NOT NULL,
    "outcome" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "check_outcome_cache_pkey" PRIMARY KEY ("workspaceId","checkId")
);

-- CreateTable
CREATE TABLE "kpi_snapshots" (
    "id" SERIAL NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "asOf" TIMESTAMP(3) NOT NULL,
    "importId" INTEGER NOT NULL,
    "customers" TEXT NOT NULL,
    "counts" TEXT NOT NULL,

    CONSTRAINT "kpi_snapshots_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "outbox" (
    "id" SERIAL NOT NULL,
    "key" TEXT NOT NULL,
    "batch" TEXT,
    "workspaceId" TEXT NOT NULL,
    "platform" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "targetKind" TEXT NOT NULL,
    "targetId" TEXT NOT NULL,
    "message" TEXT NOT NULL,
    "notBefore" TIMESTAMP(3) NOT NULL,
    "status" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "leaseOwner" TEXT,
    "leaseUntil" TIMESTAMP(3),
    "suspect" BOOLEAN NOT NULL DEFAULT false,
    "lastError" TEXT,
    "sentRef" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "sentAt" TIMESTAMP(3),

    CONSTRAINT "outbox_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "personal_chats" (
    "platform" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "conversationId" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "personal_chats_pkey" PRIMARY KEY ("platform","tenantId","userId")
);

-- CreateTable
CREATE TABLE "reminder_matches" (
    "workspaceId" TEXT NOT NULL,
    "platform" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "crmUserId" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "chatUserId" TEXT,
    "reason" TEXT,
    "timeZone" TEXT,
    "checkedAt" BIGINT NOT NULL,
    "failedAt" BIGINT,

    CONSTRAINT "reminder_matches_pkey" PRIMARY KEY ("workspaceId","platform","tenantId","crmUserId")
);

-- CreateTable
CREATE TABLE "reminder_settings" (
    "platform" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL,
    "quietStart" INTEGER,
    "quietEnd" INTEGER,
    "days" TEXT NOT NULL,
    "timeZone" TEXT,
    "updatedAt" BIGINT NOT NULL,

    CONSTRAINT "reminder_settings_pkey" PRIMARY KEY ("platform","tenantId","userId")
);

-- CreateTable
CREATE TABLE "reminder_ledger" (
    "workspaceId" TEXT NOT NULL,
    "ownerId" TEXT NOT NULL,
    "recordType" TEXT NOT NULL,
    "recordId" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "sentAt" BIGINT NOT NULL,
    "bucket" INTEGER NOT NULL,

    CONSTRAINT "reminder_ledger_pkey" PRIMARY KEY ("workspaceId","ownerId","recordType","recordId","reason")
);

-- CreateTable
CREATE TABLE "survey_templates" (
    "workspaceId" TEXT NOT NULL,
    "templateId" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "definition" TEXT NOT NULL,
    "addedBy" TEXT NOT NULL,
    "addedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "survey_templates_pkey" PRIMARY KEY ("workspaceId","templateId","version")
);

-- CreateTable
CREATE TABLE "survey_weights" (
    "workspaceId" TEXT NOT NULL,
    "templateId" TEXT NOT NULL,
    "itemKey" TEXT NOT NULL,
    "weight" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "survey_weights_pkey" PRIMARY KEY ("workspaceId","templateId","itemKey")
);

-- CreateTable
CREATE TABLE "surveys" (
    "workspaceId" TEXT NOT NULL,
    "id" SERIAL NOT NULL,
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
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "surveys_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "survey_rounds" (
    "id" SERIAL NOT NULL,
    "surveyId" INTEGER NOT NULL,
    "number" INTEGER NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL,
    "closesAt" TIMESTAMP(3),
    "closedAt" TIMESTAMP(3),

    CONSTRAINT "survey_rounds_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "survey_invitations" (
    "roundId" INTEGER NOT NULL,
    "platform" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "crmUserId" TEXT,
    "invitedAt" TIMESTAMP(3) NOT NULL,
    "remindedAt" TIMESTAMP(3),

    CONSTRAINT "survey_invitations_pkey" PRIMARY KEY ("roundId","platform","tenantId","userId")
);

-- CreateTable
CREATE TABLE "survey_answered" (
    "roundId" INTEGER NOT NULL,
    "respondent" TEXT NOT NULL,

    CONSTRAINT "survey_answered_pkey" PRIMARY KEY ("roundId","respondent")
);

-- CreateTable
CREATE TABLE "survey_responses" (
    "id" TEXT NOT NULL,
    "roundId" INTEGER NOT NULL,
    "respondent" TEXT,
    "crmUserId" TEXT,
    "status" TEXT NOT NULL,
    "answers" TEXT,
    "updatedAt" TIMESTAMP(3),
    "submittedAt" TIMESTAMP(3),

    CONSTRAINT "survey_responses_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "check_outcome_cache_dataVersion_idx" ON "check_outcome_cache"("dataVersion");

-- CreateIndex
CREATE INDEX "kpi_snapshots_workspaceId_asOf_idx" ON "kpi_snapshots"("workspaceId", "asOf");

-- CreateIndex
CREATE UNIQUE INDEX "outbox_key_key" ON "outbox"("key");

-- CreateIndex
CREATE INDEX "outbox_status_notBefore_idx" ON "outbox"("status", "notBefore");

-- CreateIndex
CREATE INDEX "outbox_batch_idx" ON "outbox"("batch");

-- CreateIndex
CREATE INDEX "surveys_workspaceId_idx" ON "surveys"("workspaceId");

-- CreateIndex
CREATE UNIQUE INDEX "survey_rounds_surveyId_number_key" ON "survey_rounds"("surveyId", "number");

-- CreateIndex
CREATE INDEX "survey_responses_roundId_status_idx" ON "survey_responses"("roundId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "survey_responses_roundId_respondent_key" ON "survey_responses"("roundId", "respondent");

-- AddForeignKey
ALTER TABLE "check_outcome_cache" ADD CONSTRAINT "check_outcome_cache_dataVersion_fkey" FOREIGN KEY ("dataVersion") REFERENCES "import_log"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "survey_rounds" ADD CONSTRAINT "survey_rounds_surveyId_fkey" FOREIGN KEY ("surveyId") REFERENCES "surveys"("id") ON DELETE CASCADE ON UPDATE CASCADE;

