-- CreateTable
CREATE TABLE "check_outcome_cache" (
    "workspaceId" TEXT NOT NULL,
    "checkId" TEXT NOT NULL,
    "dataVersion" INTEGER NOT NULL,
    "settingsHash" TEXT NOT NULL,
    "outcome" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL,

    PRIMARY KEY ("workspaceId", "checkId"),
    CONSTRAINT "check_outcome_cache_dataVersion_fkey" FOREIGN KEY ("dataVersion") REFERENCES "import_log" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "check_outcome_cache_dataVersion_idx" ON "check_outcome_cache"("dataVersion");
