-- A draft clause keeps the template data of the version it was drafted with.
ALTER TABLE "DraftClause" ADD COLUMN "bouwsteen" TEXT;
ALTER TABLE "DraftClause" ADD COLUMN "variables" TEXT NOT NULL DEFAULT '[]';
ALTER TABLE "DraftClause" ADD COLUMN "commitments" TEXT NOT NULL DEFAULT '[]';
