-- What an outbox message concerns, so /beheer/berichten shows a beheerder only
-- the messages of their own organisations (additive, portable).
ALTER TABLE "OutboxMessage" ADD COLUMN "agreementId" TEXT REFERENCES "Agreement" ("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "OutboxMessage" ADD COLUMN "recipientUserId" TEXT REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE;

CREATE INDEX "OutboxMessage_agreementId_idx" ON "OutboxMessage"("agreementId");
CREATE INDEX "OutboxMessage_recipientUserId_idx" ON "OutboxMessage"("recipientUserId");

-- Messages already waiting: their recipient's account, where there is one.
UPDATE "OutboxMessage" SET "recipientUserId" = (SELECT "User"."id" FROM "User" WHERE "User"."email" = LOWER("OutboxMessage"."recipient"));
