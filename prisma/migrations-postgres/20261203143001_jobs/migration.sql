-- CreateTable
CREATE TABLE "jobs" (
    "id" SERIAL NOT NULL,
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
    "leaseUntil" TIMESTAMP(3),
    "result" TEXT,
    "error" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "startedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "jobs_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "jobs_exclusiveKey_key" ON "jobs"("exclusiveKey");

-- CreateIndex
CREATE INDEX "jobs_state_createdAt_idx" ON "jobs"("state", "createdAt");

-- CreateIndex
CREATE INDEX "jobs_workspaceId_kind_createdAt_idx" ON "jobs"("workspaceId", "kind", "createdAt");

