-- A short human reference per agreement ("AN-2026-0042") and an organisation's logo.

-- AlterTable
ALTER TABLE "Agreement" ADD COLUMN "reference" TEXT;

-- CreateTable
CREATE TABLE "OrganisationLogo" (
    "organisationId" TEXT NOT NULL PRIMARY KEY,
    "mimeType" TEXT NOT NULL,
    "width" INTEGER NOT NULL,
    "height" INTEGER NOT NULL,
    "bytes" BLOB NOT NULL,
    "uploadedById" TEXT,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "OrganisationLogo_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "AgreementReferenceCounter" (
    "prefix" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "lastValue" INTEGER NOT NULL,

    PRIMARY KEY ("prefix", "year")
);

-- Backfill: existing agreements are numbered per prefix and first year of the
-- school year in the order they were created (id breaks ties), the way
-- app/domain/agreements/reference.ts builds a reference. Window functions,
-- CASE and || are shared by SQLite (3.25+) and PostgreSQL.
CREATE TEMPORARY TABLE "AgreementReferenceBackfill" AS
SELECT
    "id",
    "prefix",
    "year",
    ROW_NUMBER() OVER (PARTITION BY "prefix", "year" ORDER BY "createdAt", "id") AS "n"
FROM (
    SELECT
        "id",
        "createdAt",
        CASE "documentType"
            WHEN 'afsprakennota' THEN 'AN'
            WHEN 'engagementsverklaring-brugfiguren' THEN 'EV'
            WHEN 'samenwerkingsovereenkomst' THEN 'SO'
            WHEN 'engagementsverklaring-ouders' THEN 'EO'
            ELSE 'OV'
        END AS "prefix",
        CAST(SUBSTR("schoolYear", 1, 4) AS INTEGER) AS "year"
    FROM "Agreement"
) AS "typed";

UPDATE "Agreement"
SET "reference" = (
    SELECT b."prefix" || '-' || CAST(b."year" AS TEXT) || '-' ||
        CASE
            WHEN b."n" < 10 THEN '000'
            WHEN b."n" < 100 THEN '00'
            WHEN b."n" < 1000 THEN '0'
            ELSE ''
        END || CAST(b."n" AS TEXT)
    FROM "AgreementReferenceBackfill" AS b
    WHERE b."id" = "Agreement"."id"
);

INSERT INTO "AgreementReferenceCounter" ("prefix", "year", "lastValue")
SELECT "prefix", "year", MAX("n") FROM "AgreementReferenceBackfill" GROUP BY "prefix", "year";

DROP TABLE "AgreementReferenceBackfill";

-- CreateIndex
CREATE UNIQUE INDEX "Agreement_reference_key" ON "Agreement"("reference");
