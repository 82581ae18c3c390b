-- AlterTable
ALTER TABLE "companies" ADD COLUMN     "nameKey" TEXT;

-- AlterTable
ALTER TABLE "contacts" ADD COLUMN     "emailKey" TEXT,
ADD COLUMN     "firstNameKey" TEXT,
ADD COLUMN     "lastNameKey" TEXT,
ADD COLUMN     "phoneKey" TEXT,
ADD COLUMN     "postcodeKey" TEXT,
ADD COLUMN     "streetKey" TEXT;

