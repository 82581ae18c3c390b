-- One snapshot per import of what the KPIs need over time (customers at that moment, counts).
-- CreateTable
CREATE TABLE "kpi_snapshots" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "workspaceId" TEXT NOT NULL,
    "asOf" DATETIME NOT NULL,
    "importId" INTEGER NOT NULL,
    "customers" TEXT NOT NULL,
    "counts" TEXT NOT NULL
);

-- CreateIndex
CREATE INDEX "kpi_snapshots_workspaceId_asOf_idx" ON "kpi_snapshots"("workspaceId", "asOf");
