-- Frozen records are immutable in the database itself, whatever code path
-- (Prisma, raw SQL, the sqlite3 shell) tries to change them.
--
-- AgreementVersion: its content and identity never change and it is never
-- deleted (so deleting an agreement that has versions fails, despite the
-- ON DELETE CASCADE, and so does deleting a user who froze a version, despite
-- ON DELETE SET NULL: users are deactivated, not deleted). The status may
-- still move on (concept → ter_ondertekening → ondertekend / vervangen /
-- geweigerd) and finalPdf may be set once, from NULL.
-- The WHEN clauses compare OLD and NEW, so an UPDATE that rewrites a column
-- with its current value (as Prisma may do) is not refused.
--
-- Careful: a later migration that redefines one of these tables (Prisma's
-- "RedefineTables": CREATE new_X, copy, DROP X, rename) drops its triggers;
-- such a migration must create them again.

CREATE TRIGGER "AgreementVersion_immutable_delete"
BEFORE DELETE ON "AgreementVersion"
BEGIN
    SELECT RAISE(ABORT, 'immutable: AgreementVersion rows cannot be deleted');
END;

CREATE TRIGGER "AgreementVersion_immutable_content"
BEFORE UPDATE ON "AgreementVersion"
WHEN OLD."id" IS NOT NEW."id"
  OR OLD."agreementId" IS NOT NEW."agreementId"
  OR OLD."number" IS NOT NEW."number"
  OR OLD."content" IS NOT NEW."content"
  OR OLD."contentHash" IS NOT NEW."contentHash"
  OR OLD."frozenById" IS NOT NEW."frozenById"
  OR OLD."frozenAt" IS NOT NEW."frozenAt"
BEGIN
    SELECT RAISE(ABORT, 'immutable: AgreementVersion id, agreementId, number, content, contentHash, frozenById and frozenAt cannot be changed');
END;

CREATE TRIGGER "AgreementVersion_immutable_final_pdf"
BEFORE UPDATE ON "AgreementVersion"
WHEN OLD."finalPdf" IS NOT NULL AND NEW."finalPdf" IS NOT OLD."finalPdf"
BEGIN
    SELECT RAISE(ABORT, 'immutable: AgreementVersion finalPdf can only be set once');
END;

-- VersionClause: the clauses of a frozen version.
CREATE TRIGGER "VersionClause_immutable_update"
BEFORE UPDATE ON "VersionClause"
BEGIN
    SELECT RAISE(ABORT, 'immutable: VersionClause rows cannot be updated');
END;

CREATE TRIGGER "VersionClause_immutable_delete"
BEFORE DELETE ON "VersionClause"
BEGIN
    SELECT RAISE(ABORT, 'immutable: VersionClause rows cannot be deleted');
END;

-- Signature: what a signatory signed (or declined), with the version hash.
CREATE TRIGGER "Signature_immutable_update"
BEFORE UPDATE ON "Signature"
BEGIN
    SELECT RAISE(ABORT, 'immutable: Signature rows cannot be updated');
END;

CREATE TRIGGER "Signature_immutable_delete"
BEFORE DELETE ON "Signature"
BEGIN
    SELECT RAISE(ABORT, 'immutable: Signature rows cannot be deleted');
END;

-- AuditEvent: the audit log is append-only.
CREATE TRIGGER "AuditEvent_immutable_update"
BEFORE UPDATE ON "AuditEvent"
BEGIN
    SELECT RAISE(ABORT, 'immutable: AuditEvent rows cannot be updated');
END;

CREATE TRIGGER "AuditEvent_immutable_delete"
BEFORE DELETE ON "AuditEvent"
BEGIN
    SELECT RAISE(ABORT, 'immutable: AuditEvent rows cannot be deleted');
END;
