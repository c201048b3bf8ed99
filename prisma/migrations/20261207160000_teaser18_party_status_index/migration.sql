-- CreateIndex
CREATE INDEX "AgreementParty_status_organisationId_idx" ON "AgreementParty"("status", "organisationId");

