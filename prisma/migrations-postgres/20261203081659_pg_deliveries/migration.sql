-- CreateTable
CREATE TABLE "deliveries" (
    "key" TEXT NOT NULL,
    "createdAt" BIGINT NOT NULL,

    CONSTRAINT "deliveries_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE INDEX "deliveries_createdAt_idx" ON "deliveries"("createdAt");

