-- Each party acts only for itself (issue 12, point 1; docs/decisions/001-parties-act-for-themselves.md).
-- A party is "uitgenodigd" until a member of its organisation accepts; a signatory named by
-- another party is "voorgesteld" until a member of its own party confirms it.
ALTER TABLE "AgreementParty" ADD COLUMN "status" TEXT NOT NULL DEFAULT 'uitgenodigd';
ALTER TABLE "AgreementParty" ADD COLUMN "acceptedAt" DATETIME;
ALTER TABLE "AgreementParty" ADD COLUMN "acceptedById" TEXT;
ALTER TABLE "Signatory" ADD COLUMN "status" TEXT NOT NULL DEFAULT 'voorgesteld';
ALTER TABLE "Signatory" ADD COLUMN "namedById" TEXT;
ALTER TABLE "Signatory" ADD COLUMN "confirmedById" TEXT;
ALTER TABLE "Signatory" ADD COLUMN "confirmedAt" DATETIME;

-- Parties and signatories from before this rule: agreements that are already under way or
-- signed keep working. Only drafts that were never sent go back to "uitgenodigd"/"voorgesteld"
-- for the parties that did not create them, so a member of that party looks at them once.
UPDATE "AgreementParty" SET "status" = 'aanvaard'
  WHERE "agreementId" IN (SELECT "id" FROM "Agreement" WHERE "status" <> 'concept' OR "createdById" IS NULL)
     OR "organisationId" IN (
       SELECT "m"."organisationId" FROM "Membership" "m"
       JOIN "Agreement" "a" ON "a"."createdById" = "m"."userId"
       WHERE "a"."id" = "AgreementParty"."agreementId");
UPDATE "Signatory" SET "status" = 'bevestigd'
  WHERE "partyId" IN (SELECT "id" FROM "AgreementParty" WHERE "status" = 'aanvaard');
