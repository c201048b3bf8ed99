-- An amendment of a signed agreement is drafted while the signed version stays in force.
ALTER TABLE "Agreement" ADD COLUMN "amending" BOOLEAN NOT NULL DEFAULT false;
