-- AlterTable
ALTER TABLE "companies" ADD COLUMN "phoneE164" TEXT;
ALTER TABLE "companies" ADD COLUMN "phoneValid" BOOLEAN;

-- AlterTable
ALTER TABLE "contacts" ADD COLUMN "phoneE164" TEXT;
ALTER TABLE "contacts" ADD COLUMN "phoneValid" BOOLEAN;

