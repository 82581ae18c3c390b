-- AlterTable
ALTER TABLE "deals" ADD COLUMN "lastActivityAt" DATETIME;

-- AlterTable
ALTER TABLE "activities" ADD COLUMN "status" TEXT;
