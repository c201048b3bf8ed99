-- CreateIndex
CREATE INDEX "Commitment_dueDate_status_agreementId_bearerPartyId_id_idx" ON "Commitment"("dueDate", "status", "agreementId", "bearerPartyId", "id");
