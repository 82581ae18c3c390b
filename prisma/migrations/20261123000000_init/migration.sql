-- CreateTable
CREATE TABLE "audit_runs" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "workspaceId" TEXT NOT NULL,
    "asOf" DATETIME NOT NULL,
    "startedAt" DATETIME NOT NULL,
    "durationMs" INTEGER NOT NULL,
    "trigger" TEXT NOT NULL,
    "requestedBy" TEXT,
    "config" TEXT NOT NULL,
    "scores" TEXT NOT NULL,
    "metrics" TEXT NOT NULL
);

-- CreateTable
CREATE TABLE "audit_findings" (
    "runId" INTEGER NOT NULL,
    "checkId" TEXT NOT NULL,
    "category" TEXT NOT NULL,
    "severity" TEXT NOT NULL,
    "count" INTEGER NOT NULL,
    "affected" TEXT NOT NULL,

    PRIMARY KEY ("runId", "checkId"),
    CONSTRAINT "audit_findings_runId_fkey" FOREIGN KEY ("runId") REFERENCES "audit_runs" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "check_overrides" (
    "workspaceId" TEXT NOT NULL,
    "checkId" TEXT NOT NULL,
    "enabled" BOOLEAN,
    "severity" TEXT,
    "thresholds" TEXT,
    "updatedAt" DATETIME NOT NULL,
    "updatedBy" TEXT,

    PRIMARY KEY ("workspaceId", "checkId")
);

-- CreateTable
CREATE TABLE "workspaces" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "chat_tenants" (
    "platform" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("platform", "tenantId")
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
    "updatedAt" DATETIME NOT NULL,

    PRIMARY KEY ("platform", "tenantId", "userId")
);

-- CreateTable
CREATE TABLE "slack_installations" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "workspaceId" TEXT NOT NULL,
    "data" TEXT NOT NULL,
    "installedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "conversation_refs" (
    "platform" TEXT NOT NULL,
    "conversationId" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "reference" TEXT NOT NULL,
    "updatedAt" DATETIME NOT NULL,

    PRIMARY KEY ("platform", "conversationId")
);

-- CreateTable
CREATE TABLE "processed_deliveries" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "reminder_log" (
    "workspaceId" TEXT NOT NULL,
    "recordType" TEXT NOT NULL,
    "recordId" TEXT NOT NULL,
    "recipient" TEXT NOT NULL,
    "sentAt" DATETIME NOT NULL,
    "snoozedUntil" DATETIME,

    PRIMARY KEY ("workspaceId", "recordType", "recordId", "recipient")
);

-- CreateTable
CREATE TABLE "crm_users" (
    "workspaceId" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "role" TEXT,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "lastLoginAt" DATETIME,
    "mfaEnabled" BOOLEAN,
    "extra" TEXT,

    PRIMARY KEY ("workspaceId", "id")
);

-- CreateTable
CREATE TABLE "companies" (
    "workspaceId" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "domain" TEXT,
    "industry" TEXT,
    "phone" TEXT,
    "street" TEXT,
    "city" TEXT,
    "postcode" TEXT,
    "state" TEXT,
    "country" TEXT,
    "ownerId" TEXT,
    "lifecycleStage" TEXT,
    "tags" TEXT,
    "createdAt" DATETIME NOT NULL,
    "updatedAt" DATETIME NOT NULL,
    "extra" TEXT,

    PRIMARY KEY ("workspaceId", "id")
);

-- CreateTable
CREATE TABLE "contacts" (
    "workspaceId" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "firstName" TEXT,
    "lastName" TEXT,
    "email" TEXT,
    "phone" TEXT,
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
    "consentAt" DATETIME,
    "tags" TEXT,
    "createdAt" DATETIME NOT NULL,
    "updatedAt" DATETIME NOT NULL,
    "lastActivityAt" DATETIME,
    "extra" TEXT,

    PRIMARY KEY ("workspaceId", "id")
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
    "amount" REAL,
    "currency" TEXT,
    "expectedCloseDate" DATETIME,
    "closedAt" DATETIME,
    "lostReason" TEXT,
    "createdAt" DATETIME NOT NULL,
    "updatedAt" DATETIME NOT NULL,
    "stageEnteredAt" DATETIME,
    "extra" TEXT,

    PRIMARY KEY ("workspaceId", "id")
);

-- CreateTable
CREATE TABLE "tasks" (
    "workspaceId" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "assigneeId" TEXT,
    "dueAt" DATETIME,
    "status" TEXT NOT NULL,
    "completedAt" DATETIME,
    "dealId" TEXT,
    "contactId" TEXT,
    "companyId" TEXT,
    "createdAt" DATETIME NOT NULL,
    "extra" TEXT,

    PRIMARY KEY ("workspaceId", "id")
);

-- CreateTable
CREATE TABLE "activities" (
    "workspaceId" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "occurredAt" DATETIME NOT NULL,
    "contactId" TEXT,
    "companyId" TEXT,
    "dealId" TEXT,
    "extra" TEXT,

    PRIMARY KEY ("workspaceId", "id")
);

-- CreateTable
CREATE TABLE "customer_feedback" (
    "workspaceId" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "score" INTEGER NOT NULL,
    "scale" TEXT NOT NULL,
    "submittedAt" DATETIME NOT NULL,
    "contactId" TEXT,
    "companyId" TEXT,
    "comment" TEXT,
    "extra" TEXT,

    PRIMARY KEY ("workspaceId", "id")
);

-- CreateTable
CREATE TABLE "import_log" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "workspaceId" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "startedAt" DATETIME NOT NULL,
    "durationMs" INTEGER NOT NULL,
    "rowCounts" TEXT NOT NULL,
    "skippedRows" INTEGER NOT NULL DEFAULT 0
);

-- CreateIndex
CREATE INDEX "audit_runs_workspaceId_id_idx" ON "audit_runs"("workspaceId", "id");

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

