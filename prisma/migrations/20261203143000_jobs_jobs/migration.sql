-- Long work queued in the database (docs/jobs.md): audits started from chat.
CREATE TABLE "jobs" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "kind" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "payload" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "maxAttempts" INTEGER NOT NULL,
    "exclusiveKey" TEXT,
    "requestedBy" TEXT,
    "requesters" TEXT NOT NULL DEFAULT '',
    "leaseOwner" TEXT,
    "leaseUntil" DATETIME,
    "result" TEXT,
    "error" TEXT,
    "createdAt" DATETIME NOT NULL,
    "startedAt" DATETIME,
    "finishedAt" DATETIME
);

CREATE UNIQUE INDEX "jobs_exclusiveKey_key" ON "jobs"("exclusiveKey");
CREATE INDEX "jobs_state_createdAt_idx" ON "jobs"("state", "createdAt");
CREATE INDEX "jobs_workspaceId_kind_createdAt_idx" ON "jobs"("workspaceId", "kind", "createdAt");
