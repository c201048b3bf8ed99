-- A commitment remembers its key in the version snapshot, so amendments and renewals find it again.
ALTER TABLE "Commitment" ADD COLUMN "snapshotKey" TEXT;
CREATE INDEX "Commitment_agreementId_snapshotKey_idx" ON "Commitment"("agreementId", "snapshotKey");

-- A renewed draft clause remembers its key in last year's signed version.
ALTER TABLE "DraftClause" ADD COLUMN "previousKey" TEXT;
