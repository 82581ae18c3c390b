-- Schedules and their fires; a fire is claimed by inserting its (scheduleId, fireAt) row.
-- CreateTable
CREATE TABLE "schedules" (
    "workspaceId" TEXT NOT NULL,
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "kind" TEXT NOT NULL,
    "cron" TEXT NOT NULL,
    "timeZone" TEXT NOT NULL,
    "platform" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "conversationId" TEXT NOT NULL,
    "options" TEXT NOT NULL,
    "paused" BOOLEAN NOT NULL DEFAULT false,
    "createdBy" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "schedule_runs" (
    "scheduleId" INTEGER NOT NULL,
    "fireAt" DATETIME NOT NULL,
    "claimedBy" TEXT NOT NULL,
    "startedAt" DATETIME NOT NULL,
    "finishedAt" DATETIME,
    "outcome" TEXT NOT NULL,
    "error" TEXT,

    PRIMARY KEY ("scheduleId", "fireAt"),
    CONSTRAINT "schedule_runs_scheduleId_fkey" FOREIGN KEY ("scheduleId") REFERENCES "schedules" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "schedules_workspaceId_idx" ON "schedules"("workspaceId");
