-- AlterTable
ALTER TABLE "Organisation" ADD COLUMN "boardName" TEXT;
ALTER TABLE "Organisation" ADD COLUMN "boardNumber" TEXT;
ALTER TABLE "Organisation" ADD COLUMN "clbInstellingsnummer" TEXT;
ALTER TABLE "Organisation" ADD COLUMN "clbName" TEXT;
ALTER TABLE "Organisation" ADD COLUMN "educationLevel" TEXT;
ALTER TABLE "Organisation" ADD COLUMN "onderwijsnet" TEXT;
ALTER TABLE "Organisation" ADD COLUMN "scholengemeenschap" TEXT;
-- AlterTable
ALTER TABLE "Signatory" ADD COLUMN "mandate" TEXT;
ALTER TABLE "Signatory" ADD COLUMN "onBehalfOf" TEXT;
-- CreateTable
CREATE TABLE "AgreementContact" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "agreementId" TEXT NOT NULL,
    "partyId" TEXT NOT NULL,
    "contactRole" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "namedById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "AgreementContact_agreementId_fkey" FOREIGN KEY ("agreementId") REFERENCES "Agreement" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "AgreementContact_partyId_fkey" FOREIGN KEY ("partyId") REFERENCES "AgreementParty" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "AgreementContact_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_CommitmentRole" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "commitmentId" TEXT NOT NULL,
    "partyId" TEXT NOT NULL,
    "rasci" TEXT NOT NULL,
    "userId" TEXT,
    CONSTRAINT "CommitmentRole_commitmentId_fkey" FOREIGN KEY ("commitmentId") REFERENCES "Commitment" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "CommitmentRole_partyId_fkey" FOREIGN KEY ("partyId") REFERENCES "AgreementParty" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "CommitmentRole_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_CommitmentRole" ("commitmentId", "id", "partyId", "rasci") SELECT "commitmentId", "id", "partyId", "rasci" FROM "CommitmentRole";
DROP TABLE "CommitmentRole";
ALTER TABLE "new_CommitmentRole" RENAME TO "CommitmentRole";
CREATE INDEX "CommitmentRole_userId_idx" ON "CommitmentRole"("userId");
CREATE UNIQUE INDEX "CommitmentRole_commitmentId_partyId_key" ON "CommitmentRole"("commitmentId", "partyId");
CREATE TABLE "new_ServiceSchool" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "serviceId" TEXT NOT NULL,
    "schoolId" TEXT NOT NULL,
    "contactUserId" TEXT,
    "source" TEXT NOT NULL,
    "intakeNotes" TEXT,
    "createdById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "ServiceSchool_serviceId_fkey" FOREIGN KEY ("serviceId") REFERENCES "Organisation" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ServiceSchool_schoolId_fkey" FOREIGN KEY ("schoolId") REFERENCES "Organisation" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ServiceSchool_contactUserId_fkey" FOREIGN KEY ("contactUserId") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_ServiceSchool" ("createdAt", "createdById", "id", "intakeNotes", "schoolId", "serviceId", "source", "updatedAt") SELECT "createdAt", "createdById", "id", "intakeNotes", "schoolId", "serviceId", "source", "updatedAt" FROM "ServiceSchool";
DROP TABLE "ServiceSchool";
ALTER TABLE "new_ServiceSchool" RENAME TO "ServiceSchool";
CREATE INDEX "ServiceSchool_schoolId_idx" ON "ServiceSchool"("schoolId");
CREATE INDEX "ServiceSchool_contactUserId_idx" ON "ServiceSchool"("contactUserId");
CREATE UNIQUE INDEX "ServiceSchool_serviceId_schoolId_key" ON "ServiceSchool"("serviceId", "schoolId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
-- CreateIndex
CREATE INDEX "AgreementContact_agreementId_idx" ON "AgreementContact"("agreementId");
-- CreateIndex
CREATE INDEX "AgreementContact_userId_idx" ON "AgreementContact"("userId");
-- CreateIndex
CREATE UNIQUE INDEX "AgreementContact_partyId_contactRole_userId_key" ON "AgreementContact"("partyId", "contactRole", "userId");
