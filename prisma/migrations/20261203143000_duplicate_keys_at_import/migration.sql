-- AlterTable
ALTER TABLE "companies" ADD COLUMN "nameKey" TEXT;

-- AlterTable
ALTER TABLE "contacts" ADD COLUMN "emailKey" TEXT;
ALTER TABLE "contacts" ADD COLUMN "firstNameKey" TEXT;
ALTER TABLE "contacts" ADD COLUMN "lastNameKey" TEXT;
ALTER TABLE "contacts" ADD COLUMN "phoneKey" TEXT;
ALTER TABLE "contacts" ADD COLUMN "postcodeKey" TEXT;
ALTER TABLE "contacts" ADD COLUMN "streetKey" TEXT;
