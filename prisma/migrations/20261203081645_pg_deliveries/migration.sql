-- CreateTable
CREATE TABLE "deliveries" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "createdAt" BIGINT NOT NULL
);

-- CreateIndex
CREATE INDEX "deliveries_createdAt_idx" ON "deliveries"("createdAt");
