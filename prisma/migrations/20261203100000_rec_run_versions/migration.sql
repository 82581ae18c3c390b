-- AlterTable
ALTER TABLE "audit_runs" ADD COLUMN "checksRelease" TEXT;
ALTER TABLE "audit_runs" ADD COLUMN "dataVersion" INTEGER;
