-- CreateTable
CREATE TABLE "duplicate_decisions" (
    "workspaceId" TEXT NOT NULL,
    "entity" TEXT NOT NULL,
    "idA" TEXT NOT NULL,
    "idB" TEXT NOT NULL,
    "decidedBy" TEXT,
    "decidedAt" DATETIME NOT NULL,

    PRIMARY KEY ("workspaceId", "entity", "idA", "idB")
);
