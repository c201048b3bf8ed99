import { findAgreementForUser } from "~/domain/access/find-agreement.server";
import { db } from "~/utils/db.server";
import { conflict, isAppError, notFound } from "~/utils/errors";
import type { SessionUser } from "~/domain/access/actor";
import { finalizeVersion } from "./finalize-version.server";
import { versionPdf, type VersionPdf } from "./version-pdf.server";

/**
 * The PDF of an agreement's version for a user whose organisation is party
 * (404 otherwise): the latest version, or version `versionNumber`. A signed
 * version whose PDF was never made gets it made now (recovery).
 */
export async function versionPdfForUser(options: {
  user: SessionUser;
  agreementId: string;
  versionNumber: number | null;
}): Promise<VersionPdf> {
  const { user, agreementId, versionNumber } = options;
  await findAgreementForUser({ user, agreementId, permission: "agreement:read" });
  const version = await db.agreementVersion.findFirst({
    where: versionNumber === null ? { agreementId } : { agreementId, number: versionNumber },
    orderBy: { number: "desc" },
    select: { id: true },
  });
  if (!version) {
    throw notFound(versionNumber === null ? "Deze overeenkomst heeft nog geen vastgelegde versie." : "Deze versie bestaat niet.");
  }
  try {
    let pdf = await versionPdf(version.id);
    if (pdf.kind === "pending") {
      await finalizeVersion(version.id);
      pdf = await versionPdf(version.id);
    }
    if (pdf.kind === "pending") throw conflict("De ondertekende PDF wordt nog gemaakt. Probeer het over een minuut opnieuw.");
    return pdf;
  } catch (error) {
    if (isAppError(error, "VERSION_TAMPERED")) {
      throw conflict("De inhoud van deze versie klopt niet met haar vingerafdruk (hash). De PDF wordt niet gemaakt.");
    }
    throw error;
  }
}
