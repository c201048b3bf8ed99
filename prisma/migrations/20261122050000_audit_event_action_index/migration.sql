-- Audit events are looked up by what happened: the schools a service onboarded
-- ("school.onboarded"), the final PDFs stored and mailed (start-up recovery),
-- signatures completed per month. Without this index each is a full scan.
CREATE INDEX "AuditEvent_action_createdAt_idx" ON "AuditEvent"("action", "createdAt");
