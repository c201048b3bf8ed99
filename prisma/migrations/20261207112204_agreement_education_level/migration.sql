-- The level of education an agreement is drafted for (basis | secundair | buitengewoon):
-- it decides which clauses fit, and a renewal keeps it. Existing agreements: basis.
ALTER TABLE "Agreement" ADD COLUMN "educationLevel" TEXT NOT NULL DEFAULT 'basis';
