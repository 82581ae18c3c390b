-- Chat marks (done, snooze, not mine) are the bot's own annotations, kept apart from the imported
-- tables; reminder_log was written by Snooze but never read, and record_marks replaces it.
DROP TABLE "reminder_log";

-- CreateTable
CREATE TABLE "record_marks" (
    "workspaceId" TEXT NOT NULL,
    "recordType" TEXT NOT NULL,
    "recordId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "until" DATETIME,
    "markedBy" TEXT NOT NULL,
    "markedAt" DATETIME NOT NULL,
    "fingerprint" TEXT NOT NULL,

    PRIMARY KEY ("workspaceId", "recordType", "recordId")
);
