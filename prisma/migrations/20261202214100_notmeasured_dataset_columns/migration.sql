-- CreateTable
CREATE TABLE "dataset_columns" (
    "workspaceId" TEXT NOT NULL,
    "entity" TEXT NOT NULL,
    "column" TEXT NOT NULL,
    "supplied" BOOLEAN NOT NULL,
    "suppliedRows" INTEGER,
    "source" TEXT NOT NULL,
    "hint" TEXT,

    PRIMARY KEY ("workspaceId", "entity", "column")
);
