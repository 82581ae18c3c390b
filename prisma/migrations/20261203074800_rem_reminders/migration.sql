-- Owner reminders (docs/reminders.md): owners matched to chat users, personal settings, the
-- ledger of what was sent, and the platform profile's time zone of chat users.
-- AlterTable
ALTER TABLE "chat_identities" ADD COLUMN "timeZone" TEXT;

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

    PRIMARY KEY ("workspaceId", "platform", "tenantId", "crmUserId")
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

    PRIMARY KEY ("platform", "tenantId", "userId")
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

    PRIMARY KEY ("workspaceId", "ownerId", "recordType", "recordId", "reason")
);
