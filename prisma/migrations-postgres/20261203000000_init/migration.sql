-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateTable
CREATE TABLE "audit_runs" (
    "id" SERIAL NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "asOf" TIMESTAMP(3) NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL,
    "durationMs" INTEGER NOT NULL,
    "trigger" TEXT NOT NULL,
    "requestedBy" TEXT,
    "config" TEXT NOT NULL,
    "scores" TEXT NOT NULL,
    "metrics" TEXT NOT NULL,
    "selection" TEXT,

    CONSTRAINT "audit_runs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "audit_findings" (
    "runId" INTEGER NOT NULL,
    "checkId" TEXT NOT NULL,
    "category" TEXT NOT NULL,
    "severity" TEXT NOT NULL,
    "count" INTEGER NOT NULL,
    "affected" TEXT NOT NULL,

    CONSTRAINT "audit_findings_pkey" PRIMARY KEY ("runId","checkId")
);

-- CreateTable
CREATE TABLE "check_overrides" (
    "workspaceId" TEXT NOT NULL,
    "checkId" TEXT NOT NULL,
    "enabled" BOOLEAN,
    "severity" TEXT,
    "thresholds" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "updatedBy" TEXT,

    CONSTRAINT "check_overrides_pkey" PRIMARY KEY ("workspaceId","checkId")
);

-- CreateTable
CREATE TABLE "duplicate_decisions" (
    "workspaceId" TEXT NOT NULL,
    "entity" TEXT NOT NULL,
    "idA" TEXT NOT NULL,
    "idB" TEXT NOT NULL,
    "decidedBy" TEXT,
    "decidedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "duplicate_decisions_pkey" PRIMARY KEY ("workspaceId","entity","idA","idB")
);

-- CreateTable
CREATE TABLE "workspaces" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "workspaces_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "chat_tenants" (
    "platform" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "chat_tenants_pkey" PRIMARY KEY ("platform","tenantId")
);

-- CreateTable
CREATE TABLE "chat_identities" (
    "platform" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "crmUserId" TEXT,
    "email" TEXT,
    "displayName" TEXT,
    "isAdmin" BOOLEAN NOT NULL DEFAULT false,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "chat_identities_pkey" PRIMARY KEY ("platform","tenantId","userId")
);

-- CreateTable
CREATE TABLE "slack_installations" (
    "id" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "data" TEXT NOT NULL,
    "installedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "slack_installations_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "conversation_refs" (
    "platform" TEXT NOT NULL,
    "conversationId" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "reference" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "conversation_refs_pkey" PRIMARY KEY ("platform","conversationId")
);

-- CreateTable
CREATE TABLE "record_marks" (
    "workspaceId" TEXT NOT NULL,
    "recordType" TEXT NOT NULL,
    "recordId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "until" TIMESTAMP(3),
    "markedBy" TEXT NOT NULL,
    "markedAt" TIMESTAMP(3) NOT NULL,
    "fingerprint" TEXT NOT NULL,

    CONSTRAINT "record_marks_pkey" PRIMARY KEY ("workspaceId","recordType","recordId")
);

-- CreateTable
CREATE TABLE "crm_users" (
    "workspaceId" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "role" TEXT,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "lastLoginAt" TIMESTAMP(3),
    "mfaEnabled" BOOLEAN,
    "extra" TEXT,

    CONSTRAINT "crm_users_pkey" PRIMARY KEY ("workspaceId","id")
);

-- CreateTable
CREATE TABLE "companies" (
    "workspaceId" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "domain" TEXT,
    "industry" TEXT,
    "phone" TEXT,
    "phoneE164" TEXT,
    "phoneValid" BOOLEAN,
    "street" TEXT,
    "city" TEXT,
    "postcode" TEXT,
    "state" TEXT,
    "country" TEXT,
    "ownerId" TEXT,
    "lifecycleStage" TEXT,
    "tags" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "extra" TEXT,

    CONSTRAINT "companies_pkey" PRIMARY KEY ("workspaceId","id")
);

-- CreateTable
CREATE TABLE "contacts" (
    "workspaceId" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "firstName" TEXT,
    "lastName" TEXT,
    "email" TEXT,
    "phone" TEXT,
    "phoneE164" TEXT,
    "phoneValid" BOOLEAN,
    "jobTitle" TEXT,
    "companyId" TEXT,
    "ownerId" TEXT,
    "lifecycleStage" TEXT,
    "street" TEXT,
    "city" TEXT,
    "postcode" TEXT,
    "state" TEXT,
    "country" TEXT,
    "consent" TEXT,
    "consentAt" TIMESTAMP(3),
    "tags" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "lastActivityAt" TIMESTAMP(3),
    "extra" TEXT,

    CONSTRAINT "contacts_pkey" PRIMARY KEY ("workspaceId","id")
);

-- CreateTable
CREATE TABLE "deals" (
    "workspaceId" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "companyId" TEXT,
    "contactId" TEXT,
    "ownerId" TEXT,
    "stage" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "amount" DOUBLE PRECISION,
    "currency" TEXT,
    "expectedCloseDate" TIMESTAMP(3),
    "closedAt" TIMESTAMP(3),
    "lostReason" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "stageEnteredAt" TIMESTAMP(3),
    "lastActivityAt" TIMESTAMP(3),
    "extra" TEXT,

    CONSTRAINT "deals_pkey" PRIMARY KEY ("workspaceId","id")
);

-- CreateTable
CREATE TABLE "tasks" (
    "workspaceId" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "assigneeId" TEXT,
    "dueAt" TIMESTAMP(3),
    "status" TEXT NOT NULL,
    "completedAt" TIMESTAMP(3),
    "dealId" TEXT,
    "contactId" TEXT,
    "companyId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "extra" TEXT,

    CONSTRAINT "tasks_pkey" PRIMARY KEY ("workspaceId","id")
);

-- CreateTable
CREATE TABLE "activities" (
    "workspaceId" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "occurredAt" TIMESTAMP(3) NOT NULL,
    "contactId" TEXT,
    "companyId" TEXT,
    "dealId" TEXT,
    "status" TEXT,
    "extra" TEXT,

    CONSTRAINT "activities_pkey" PRIMARY KEY ("workspaceId","id")
);

-- CreateTable
CREATE TABLE "customer_feedback" (
    "workspaceId" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "score" INTEGER NOT NULL,
    "scale" TEXT NOT NULL,
    "submittedAt" TIMESTAMP(3) NOT NULL,
    "contactId" TEXT,
    "companyId" TEXT,
    "comment" TEXT,
    "extra" TEXT,

    CONSTRAINT "customer_feedback_pkey" PRIMARY KEY ("workspaceId","id")
);

-- CreateTable
CREATE TABLE "import_log" (
    "id" SERIAL NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL,
    "durationMs" INTEGER NOT NULL,
    "rowCounts" TEXT NOT NULL,
    "skippedRows" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "import_log_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "import_locks" (
    "workspaceId" TEXT NOT NULL,
    "pid" INTEGER NOT NULL,
    "host" TEXT NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "import_locks_pkey" PRIMARY KEY ("workspaceId")
);

-- CreateTable
CREATE TABLE "dataset_columns" (
    "workspaceId" TEXT NOT NULL,
    "entity" TEXT NOT NULL,
    "column" TEXT NOT NULL,
    "supplied" BOOLEAN NOT NULL,
    "suppliedRows" INTEGER,
    "source" TEXT NOT NULL,
    "hint" TEXT,

    CONSTRAINT "dataset_columns_pkey" PRIMARY KEY ("workspaceId","entity","column")
);

-- CreateTable
CREATE TABLE "schedules" (
    "workspaceId" TEXT NOT NULL,
    "id" SERIAL NOT NULL,
    "kind" TEXT NOT NULL,
    "cron" TEXT NOT NULL,
    "timeZone" TEXT NOT NULL,
    "platform" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "conversationId" TEXT NOT NULL,
    "options" TEXT NOT NULL,
    "paused" BOOLEAN NOT NULL DEFAULT false,
    "createdBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "schedules_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "schedule_runs" (
    "scheduleId" INTEGER NOT NULL,
    "fireAt" TIMESTAMP(3) NOT NULL,
    "claimedBy" TEXT NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL,
    "finishedAt" TIMESTAMP(3),
    "outcome" TEXT NOT NULL,
    "error" TEXT,

    CONSTRAINT "schedule_runs_pkey" PRIMARY KEY ("scheduleId","fireAt")
);

-- CreateIndex
CREATE INDEX "audit_runs_workspaceId_id_idx" ON "audit_runs"("workspaceId", "id");

-- CreateIndex
CREATE INDEX "audit_runs_workspaceId_selection_id_idx" ON "audit_runs"("workspaceId", "selection", "id");

-- CreateIndex
CREATE INDEX "chat_identities_workspaceId_crmUserId_idx" ON "chat_identities"("workspaceId", "crmUserId");

-- CreateIndex
CREATE INDEX "conversation_refs_workspaceId_idx" ON "conversation_refs"("workspaceId");

-- CreateIndex
CREATE INDEX "crm_users_workspaceId_email_idx" ON "crm_users"("workspaceId", "email");

-- CreateIndex
CREATE INDEX "contacts_workspaceId_ownerId_idx" ON "contacts"("workspaceId", "ownerId");

-- CreateIndex
CREATE INDEX "deals_workspaceId_status_idx" ON "deals"("workspaceId", "status");

-- CreateIndex
CREATE INDEX "deals_workspaceId_ownerId_idx" ON "deals"("workspaceId", "ownerId");

-- CreateIndex
CREATE INDEX "tasks_workspaceId_status_dueAt_idx" ON "tasks"("workspaceId", "status", "dueAt");

-- CreateIndex
CREATE INDEX "tasks_workspaceId_assigneeId_idx" ON "tasks"("workspaceId", "assigneeId");

-- CreateIndex
CREATE INDEX "activities_workspaceId_contactId_occurredAt_idx" ON "activities"("workspaceId", "contactId", "occurredAt");

-- CreateIndex
CREATE INDEX "activities_workspaceId_dealId_occurredAt_idx" ON "activities"("workspaceId", "dealId", "occurredAt");

-- CreateIndex
CREATE INDEX "activities_workspaceId_userId_occurredAt_idx" ON "activities"("workspaceId", "userId", "occurredAt");

-- CreateIndex
CREATE INDEX "import_log_workspaceId_id_idx" ON "import_log"("workspaceId", "id");

-- CreateIndex
CREATE INDEX "schedules_workspaceId_idx" ON "schedules"("workspaceId");

-- AddForeignKey
ALTER TABLE "audit_findings" ADD CONSTRAINT "audit_findings_runId_fkey" FOREIGN KEY ("runId") REFERENCES "audit_runs"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "schedule_runs" ADD CONSTRAINT "schedule_runs_scheduleId_fkey" FOREIGN KEY ("scheduleId") REFERENCES "schedules"("id") ON DELETE CASCADE ON UPDATE CASCADE;

