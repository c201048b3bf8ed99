-- CreateTable
CREATE TABLE "OrganisationDayOff" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "organisationId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "startDate" TEXT NOT NULL,
    "endDate" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "source" TEXT NOT NULL DEFAULT 'pagina',
    "createdById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "OrganisationDayOff_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "OrganisationDayOff_organisationId_startDate_idx" ON "OrganisationDayOff"("organisationId", "startDate");

-- CreateIndex
CREATE INDEX "OrganisationDayOff_startDate_endDate_idx" ON "OrganisationDayOff"("startDate", "endDate");
