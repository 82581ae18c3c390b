-- The durable outbox, the bot's personal chats per user, and how each schedule fire was triggered.
CREATE TABLE "outbox" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "key" TEXT NOT NULL,
    "batch" TEXT,
    "workspaceId" TEXT NOT NULL,
    "platform" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "targetKind" TEXT NOT NULL,
    "targetId" TEXT NOT NULL,
    "message" TEXT NOT NULL,
    "notBefore" DATETIME NOT NULL,
    "status" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "leaseOwner" TEXT,
    "leaseUntil" DATETIME,
    "suspect" BOOLEAN NOT NULL DEFAULT false,
    "lastError" TEXT,
    "sentRef" TEXT,
    "createdAt" DATETIME NOT NULL,
    "sentAt" DATETIME
);

CREATE TABLE "personal_chats" (
    "platform" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "conversationId" TEXT NOT NULL,
    "updatedAt" DATETIME NOT NULL,

    PRIMARY KEY ("platform", "tenantId", "userId")
);

ALTER TABLE "schedule_runs" ADD COLUMN "trigger" TEXT NOT NULL DEFAULT 'timer';

CREATE UNIQUE INDEX "outbox_key_key" ON "outbox"("key");
CREATE INDEX "outbox_status_notBefore_idx" ON "outbox"("status", "notBefore");
CREATE INDEX "outbox_batch_idx" ON "outbox"("batch");
