-- AlterTable
ALTER TABLE "SigningRequest" ADD COLUMN "linkSeed" TEXT;
