-- CreateTable
CREATE TABLE "import_locks" (
    "workspaceId" TEXT NOT NULL PRIMARY KEY,
    "pid" INTEGER NOT NULL,
    "host" TEXT NOT NULL,
    "startedAt" DATETIME NOT NULL
);
