-- CreateTable
CREATE TABLE "ServiceSchool" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "serviceId" TEXT NOT NULL,
    "schoolId" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "intakeNotes" TEXT,
    "createdById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "ServiceSchool_serviceId_fkey" FOREIGN KEY ("serviceId") REFERENCES "Organisation" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ServiceSchool_schoolId_fkey" FOREIGN KEY ("schoolId") REFERENCES "Organisation" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "ServiceSchool_schoolId_idx" ON "ServiceSchool"("schoolId");

-- CreateIndex
CREATE UNIQUE INDEX "ServiceSchool_serviceId_schoolId_key" ON "ServiceSchool"("serviceId", "schoolId");

-- Backfill (SQLite): one link per (service, school) named by the onboarding
-- and intake audit events that used to be the only record of the link.
INSERT INTO "ServiceSchool" ("id", "serviceId", "schoolId", "source", "createdById", "createdAt", "updatedAt")
SELECT lower(hex(randomblob(12))), l."serviceId", l."schoolId", l."source", l."actor", l."at", l."at"
FROM (
    SELECT json_extract(e."data", '$.serviceId') AS "serviceId",
           json_extract(e."data", '$.schoolId') AS "schoolId",
           CASE WHEN e."action" = 'school.onboarded' THEN COALESCE(json_extract(e."data", '$.source'), 'bestaand') ELSE 'intake' END AS "source",
           e."actorUserId" AS "actor",
           e."createdAt" AS "at",
           ROW_NUMBER() OVER (
               PARTITION BY json_extract(e."data", '$.serviceId'), json_extract(e."data", '$.schoolId')
               ORDER BY CASE WHEN e."action" = 'school.onboarded' THEN 0 ELSE 1 END, e."createdAt", e."id"
           ) AS "n"
    FROM "AuditEvent" e
    WHERE e."action" IN ('school.onboarded', 'school.intake-saved') AND json_valid(e."data")
) l
JOIN "Organisation" s ON s."id" = l."schoolId" AND s."kind" = 'school'
JOIN "Organisation" svc ON svc."id" = l."serviceId"
WHERE l."n" = 1;

-- The one shared intake goes to the service that saved it last (else the
-- first service that onboarded the school); no other service inherits it.
UPDATE "ServiceSchool" SET "intakeNotes" = (SELECT o."intakeNotes" FROM "Organisation" o WHERE o."id" = "ServiceSchool"."schoolId")
WHERE "id" IN (
    SELECT r."id" FROM (
        SELECT l."id",
               ROW_NUMBER() OVER (
                   PARTITION BY l."schoolId"
                   ORDER BY CASE WHEN l."serviceId" = last."serviceId" THEN 0 ELSE 1 END, l."createdAt", l."id"
               ) AS "n"
        FROM "ServiceSchool" l
        JOIN "Organisation" o ON o."id" = l."schoolId" AND o."intakeNotes" IS NOT NULL
        LEFT JOIN (
            SELECT json_extract(e."data", '$.schoolId') AS "schoolId",
                   json_extract(e."data", '$.serviceId') AS "serviceId",
                   ROW_NUMBER() OVER (PARTITION BY json_extract(e."data", '$.schoolId') ORDER BY e."createdAt" DESC, e."id" DESC) AS "k"
            FROM "AuditEvent" e
            WHERE e."action" = 'school.intake-saved' AND json_valid(e."data")
        ) last ON last."schoolId" = l."schoolId" AND last."k" = 1
    ) r
    WHERE r."n" = 1
);

UPDATE "Organisation" SET "intakeNotes" = NULL
WHERE "id" IN (SELECT "schoolId" FROM "ServiceSchool" WHERE "intakeNotes" IS NOT NULL);
