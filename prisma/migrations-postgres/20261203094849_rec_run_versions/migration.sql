-- AlterTable
ALTER TABLE "audit_runs" ADD COLUMN     "checksRelease" TEXT,
ADD COLUMN     "dataVersion" INTEGER;

