// Frozen records are immutable in the database itself (migration
// 20261122010000_immutable_records): SQLite triggers refuse the change,
// whether it comes through Prisma or raw SQL.
//
// How the refusal surfaces: RAISE(ABORT, 'immutable: …') gives
// SQLITE_CONSTRAINT_TRIGGER, which the better-sqlite3 driver adapter reports as
// a foreign-key violation. A model operation (update, delete, deleteMany)
// throws PrismaClientKnownRequestError P2003 "Foreign key constraint violated
// on the foreign key" — the trigger's text is only in
// meta.driverAdapterError.cause.originalMessage. A raw query throws P2010 whose
// message contains the trigger's text.
import { beforeAll, describe, expect, it } from "vitest";
import { Prisma } from "~/generated/prisma/client";
import { db } from "~/utils/db.server";
import { createAgreementBetween, createOrganisation, createUser } from "../factories";

/** The trigger's message, wherever Prisma put it. */
function triggerMessage(error: unknown): string {
  if (!(error instanceof Prisma.PrismaClientKnownRequestError)) return String(error);
  const cause = (error.meta?.driverAdapterError as { cause?: { originalMessage?: string } } | undefined)?.cause;
  return cause?.originalMessage ?? error.message;
}

async function expectImmutable(operation: Promise<unknown>, pattern: RegExp = /^immutable: /) {
  const outcome = await operation.then(
    () => ({ refused: false as const }),
    (error: unknown) => ({ refused: true as const, error }),
  );
  expect(outcome.refused, "expected the database to refuse the change").toBe(true);
  if (outcome.refused) expect(triggerMessage(outcome.error)).toMatch(pattern);
}

const CONTENT = '{"clauses":[],"format":1}';
const HASH = "a".repeat(64);

async function setUp() {
  const school = await createOrganisation("school");
  const clb = await createOrganisation("clb");
  const user = await createUser([{ organisationId: clb.id, role: "clb_medewerker" }]);
  const agreement = await createAgreementBetween(school, clb);
  const party = await db.agreementParty.findFirstOrThrow({ where: { agreementId: agreement.id, partyRole: "school" } });
  const version = await db.agreementVersion.create({
    data: { agreementId: agreement.id, number: 1, content: CONTENT, contentHash: HASH, frozenById: user.id, status: "ter_ondertekening" },
  });
  const clause = await db.versionClause.create({
    data: { versionId: version.id, position: 0, section: "doelen", title: "Samenwerking", text: "De school en het CLB werken samen." },
  });
  const signatory = await db.signatory.create({
    data: { agreementId: agreement.id, partyId: party.id, name: "An Peeters", functionTitle: "directeur", email: "an@school.test" },
  });
  const signature = await db.signature.create({
    data: { versionId: version.id, signatoryId: signatory.id, outcome: "signed", typedName: "An Peeters", versionHash: HASH },
  });
  const event = await db.auditEvent.create({
    data: { agreementId: agreement.id, versionId: version.id, actorUserId: user.id, action: "version.frozen", versionHash: HASH },
  });
  return { school, clb, user, agreement, version, clause, signatory, signature, event };
}

type Fixture = Awaited<ReturnType<typeof setUp>>;

describe("immutable records", () => {
  let f: Fixture;

  beforeAll(async () => {
    f = await setUp();
  });

  it("Prisma reports a trigger abort as P2003 (model operations) or P2010 (raw SQL)", async () => {
    const modelError = await db.auditEvent.update({ where: { id: f.event.id }, data: { action: "x" } }).catch((e: unknown) => e);
    expect(modelError).toBeInstanceOf(Prisma.PrismaClientKnownRequestError);
    expect(modelError).toMatchObject({
      code: "P2003",
      meta: {
        modelName: "AuditEvent",
        driverAdapterError: {
          cause: { originalCode: "SQLITE_CONSTRAINT_TRIGGER", originalMessage: "immutable: AuditEvent rows cannot be updated" },
        },
      },
    });
    expect((modelError as Error).message).toMatch(/Foreign key constraint violated/);

    const rawError = await db.$executeRawUnsafe(`UPDATE "AuditEvent" SET "action" = 'x'`).catch((e: unknown) => e);
    expect(rawError).toBeInstanceOf(Prisma.PrismaClientKnownRequestError);
    expect(rawError).toMatchObject({ code: "P2010" });
    await expect(db.$executeRawUnsafe(`DELETE FROM "AuditEvent"`)).rejects.toThrow(/immutable: AuditEvent rows cannot be deleted/);
  });

  describe("AgreementVersion", () => {
    const frozenChanges: Array<[string, (f: Fixture) => Prisma.AgreementVersionUpdateInput]> = [
      ["content", () => ({ content: '{"clauses":["x"],"format":1}' })],
      ["contentHash", () => ({ contentHash: "b".repeat(64) })],
      ["number", () => ({ number: 2 })],
      ["frozenAt", () => ({ frozenAt: new Date("2020-01-01T00:00:00Z") })],
      ["frozenById (cleared)", () => ({ frozenBy: { disconnect: true } })],
      ["id", () => ({ id: "new-id" })],
    ];

    it.each(frozenChanges)("refuses a change of %s through Prisma, with or without a status change", async (_, data) => {
      await expectImmutable(db.agreementVersion.update({ where: { id: f.version.id }, data: data(f) }), /^immutable: AgreementVersion id, agreementId, number, content/);
      await expectImmutable(db.agreementVersion.update({ where: { id: f.version.id }, data: { ...data(f), status: "ondertekend" } }));
      expect(await db.agreementVersion.findUniqueOrThrow({ where: { id: f.version.id } })).toEqual(f.version);
    });

    it("refuses moving a version to another agreement or another user", async () => {
      const other = await createAgreementBetween(f.school, f.clb);
      const otherUser = await createUser([{ organisationId: f.clb.id, role: "clb_medewerker" }]);
      await expectImmutable(db.agreementVersion.update({ where: { id: f.version.id }, data: { agreement: { connect: { id: other.id } } } }));
      await expectImmutable(db.agreementVersion.update({ where: { id: f.version.id }, data: { frozenBy: { connect: { id: otherUser.id } } } }));
      await expectImmutable(db.agreementVersion.updateMany({ where: { agreementId: f.agreement.id }, data: { contentHash: "c".repeat(64) } }));
      expect(await db.agreementVersion.findUniqueOrThrow({ where: { id: f.version.id } })).toEqual(f.version);
    });

    it("refuses changes through raw SQL", async () => {
      for (const sql of [
        `UPDATE "AgreementVersion" SET "content" = '{}' WHERE "id" = '${f.version.id}'`,
        `UPDATE "AgreementVersion" SET "contentHash" = upper("contentHash")`,
        `UPDATE "AgreementVersion" SET "number" = "number" + 1`,
        `UPDATE "AgreementVersion" SET "frozenById" = NULL`,
        `UPDATE "AgreementVersion" SET "frozenAt" = "frozenAt" + 1`,
        `UPDATE "AgreementVersion" SET "status" = 'ondertekend', "content" = "content" || ' '`,
      ]) {
        await expect(db.$executeRawUnsafe(sql), sql).rejects.toThrow(/immutable: AgreementVersion id, agreementId, number, content/);
      }
      expect(await db.agreementVersion.findUniqueOrThrow({ where: { id: f.version.id } })).toEqual(f.version);
    });

    it("refuses deletion, also of the agreement (cascade) and of the user who froze it (set null)", async () => {
      await expectImmutable(db.agreementVersion.delete({ where: { id: f.version.id } }), /^immutable: AgreementVersion rows cannot be deleted$/);
      await expectImmutable(db.agreementVersion.deleteMany({ where: { agreementId: f.agreement.id } }));
      await expect(db.$executeRawUnsafe(`DELETE FROM "AgreementVersion"`)).rejects.toThrow(/immutable: AgreementVersion rows cannot be deleted/);

      // An agreement with a version but nothing else holding it (no audit events, signatures).
      const agreement = await createAgreementBetween(f.school, f.clb);
      const user = await createUser([{ organisationId: f.clb.id, role: "clb_medewerker" }]);
      await db.agreementVersion.create({ data: { agreementId: agreement.id, number: 1, content: CONTENT, contentHash: HASH, frozenById: user.id } });
      await expectImmutable(db.agreement.delete({ where: { id: agreement.id } }), /^immutable: AgreementVersion rows cannot be deleted$/);
      await expect(db.$executeRawUnsafe(`DELETE FROM "Agreement" WHERE "id" = '${agreement.id}'`)).rejects.toThrow(/immutable: AgreementVersion/);
      await expectImmutable(db.user.delete({ where: { id: user.id } }), /^immutable: AgreementVersion id, agreementId, number, content/);
      expect(await db.agreement.count({ where: { id: agreement.id } })).toBe(1);
      expect(await db.agreementVersion.count({ where: { agreementId: agreement.id, frozenById: user.id } })).toBe(1);
      expect(await db.agreementVersion.findUniqueOrThrow({ where: { id: f.version.id } })).toEqual(f.version);

      // An agreement without versions can still be deleted.
      const draft = await createAgreementBetween(f.school, f.clb);
      await db.agreement.delete({ where: { id: draft.id } });
      expect(await db.agreement.count({ where: { id: draft.id } })).toBe(0);
    });

    it("allows status changes, also when Prisma rewrites frozen columns with their current value", async () => {
      const agreement = await createAgreementBetween(f.school, f.clb);
      const version = await db.agreementVersion.create({ data: { agreementId: agreement.id, number: 1, content: CONTENT, contentHash: HASH } });
      for (const status of ["ter_ondertekening", "ondertekend", "vervangen"]) {
        await db.agreementVersion.update({ where: { id: version.id }, data: { status } });
      }
      await db.agreementVersion.update({
        where: { id: version.id },
        data: { status: "geweigerd", content: version.content, contentHash: version.contentHash, number: 1, frozenAt: version.frozenAt },
      });
      await db.$executeRawUnsafe(`UPDATE "AgreementVersion" SET "status" = 'ondertekend', "content" = "content" WHERE "id" = '${version.id}'`);
      expect(await db.agreementVersion.findUniqueOrThrow({ where: { id: version.id } })).toEqual({ ...version, status: "ondertekend" });
    });

    it("finalPdf can be set once, from NULL, and never changed or cleared after", async () => {
      const agreement = await createAgreementBetween(f.school, f.clb);
      const version = await db.agreementVersion.create({ data: { agreementId: agreement.id, number: 1, content: CONTENT, contentHash: HASH } });
      const pdf = new Uint8Array(Buffer.from("%PDF-1.7 sealed"));
      await db.agreementVersion.update({ where: { id: version.id }, data: { finalPdf: pdf, status: "ondertekend" } });
      // Writing the same bytes again is harmless.
      await db.agreementVersion.update({ where: { id: version.id }, data: { finalPdf: pdf } });

      const finalPdf = /^immutable: AgreementVersion finalPdf can only be set once$/;
      await expectImmutable(db.agreementVersion.update({ where: { id: version.id }, data: { finalPdf: new Uint8Array(Buffer.from("%PDF-1.7 other")) } }), finalPdf);
      await expectImmutable(db.agreementVersion.update({ where: { id: version.id }, data: { finalPdf: null } }), finalPdf);
      await expect(db.$executeRawUnsafe(`UPDATE "AgreementVersion" SET "finalPdf" = X'00' WHERE "id" = '${version.id}'`)).rejects.toThrow(/immutable: AgreementVersion finalPdf/);
      await expect(db.$executeRawUnsafe(`UPDATE "AgreementVersion" SET "finalPdf" = NULL WHERE "id" = '${version.id}'`)).rejects.toThrow(/immutable: AgreementVersion finalPdf/);

      const stored = await db.agreementVersion.findUniqueOrThrow({ where: { id: version.id } });
      expect(Buffer.from(stored.finalPdf!).toString()).toBe("%PDF-1.7 sealed");
      // The status still moves on after sealing.
      await db.agreementVersion.update({ where: { id: version.id }, data: { status: "vervangen" } });
    });
  });

  describe("VersionClause", () => {
    it("refuses update and delete through Prisma and raw SQL, even a no-op update", async () => {
      await expectImmutable(db.versionClause.update({ where: { id: f.clause.id }, data: { text: "Iets anders." } }), /^immutable: VersionClause rows cannot be updated$/);
      await expectImmutable(db.versionClause.update({ where: { id: f.clause.id }, data: { text: f.clause.text } }));
      await expectImmutable(db.versionClause.updateMany({ where: { versionId: f.version.id }, data: { modified: true } }));
      await expectImmutable(db.versionClause.delete({ where: { id: f.clause.id } }), /^immutable: VersionClause rows cannot be deleted$/);
      await expectImmutable(db.versionClause.deleteMany({ where: { versionId: f.version.id } }));
      await expect(db.$executeRawUnsafe(`UPDATE "VersionClause" SET "title" = 'x'`)).rejects.toThrow(/immutable: VersionClause rows cannot be updated/);
      await expect(db.$executeRawUnsafe(`DELETE FROM "VersionClause"`)).rejects.toThrow(/immutable: VersionClause rows cannot be deleted/);
      expect(await db.versionClause.findUniqueOrThrow({ where: { id: f.clause.id } })).toEqual(f.clause);
    });
  });

  describe("Signature", () => {
    it("refuses update and delete through Prisma and raw SQL", async () => {
      await expectImmutable(db.signature.update({ where: { id: f.signature.id }, data: { outcome: "declined" } }), /^immutable: Signature rows cannot be updated$/);
      await expectImmutable(db.signature.update({ where: { id: f.signature.id }, data: { versionHash: "d".repeat(64) } }));
      await expectImmutable(db.signature.delete({ where: { id: f.signature.id } }), /^immutable: Signature rows cannot be deleted$/);
      await expectImmutable(db.signature.deleteMany({ where: { versionId: f.version.id } }));
      await expect(db.$executeRawUnsafe(`UPDATE "Signature" SET "typedName" = 'Iemand anders'`)).rejects.toThrow(/immutable: Signature rows cannot be updated/);
      await expect(db.$executeRawUnsafe(`DELETE FROM "Signature" WHERE "id" = '${f.signature.id}'`)).rejects.toThrow(/immutable: Signature rows cannot be deleted/);
      expect(await db.signature.findUniqueOrThrow({ where: { id: f.signature.id } })).toEqual(f.signature);
    });
  });

  describe("AuditEvent", () => {
    it("refuses update and delete through Prisma and raw SQL; appending still works", async () => {
      await expectImmutable(db.auditEvent.update({ where: { id: f.event.id }, data: { action: "version.tampered" } }), /^immutable: AuditEvent rows cannot be updated$/);
      await expectImmutable(db.auditEvent.updateMany({ where: { agreementId: f.agreement.id }, data: { ipAddress: null } }));
      await expectImmutable(db.auditEvent.delete({ where: { id: f.event.id } }), /^immutable: AuditEvent rows cannot be deleted$/);
      await expectImmutable(db.auditEvent.deleteMany({ where: { agreementId: f.agreement.id } }));
      await expectImmutable(db.auditEvent.deleteMany());
      await expect(db.$executeRawUnsafe(`UPDATE "AuditEvent" SET "data" = '{}' WHERE "id" = '${f.event.id}'`)).rejects.toThrow(/immutable: AuditEvent rows cannot be updated/);
      await expect(db.$executeRawUnsafe(`DELETE FROM "AuditEvent" WHERE "id" = '${f.event.id}'`)).rejects.toThrow(/immutable: AuditEvent rows cannot be deleted/);
      expect(await db.auditEvent.findUniqueOrThrow({ where: { id: f.event.id } })).toEqual(f.event);

      const before = await db.auditEvent.count();
      await db.auditEvent.create({ data: { agreementId: f.agreement.id, action: "version.viewed" } });
      expect(await db.auditEvent.count()).toBe(before + 1);
    });
  });

  it("a refused statement inside a transaction rolls the whole transaction back", async () => {
    const title = f.agreement.title;
    await expectImmutable(
      db.$transaction(async (tx) => {
        await tx.agreement.update({ where: { id: f.agreement.id }, data: { title: "Gewijzigd" } });
        await tx.auditEvent.update({ where: { id: f.event.id }, data: { action: "x" } });
      }),
    );
    expect((await db.agreement.findUniqueOrThrow({ where: { id: f.agreement.id } })).title).toBe(title);
  });
});
