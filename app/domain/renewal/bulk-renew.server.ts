// Renewing many agreements at once from the "Volgend schooljaar" board: each
// chosen school gets next year's draft from its last signed version (the single
// renewal: clauses, values moved on, open commitments carried over, last year's
// evaluation notes beside the clauses), optionally frozen and sent in the same
// job. A school job (domain/jobs): one school after the other, in the
// background, each renewal in its own transaction; a school that fails is
// listed with its reason and nothing of it is stored.
import { renewAgreement } from "./renew-agreement.server";
import { ExistingAgreementError } from "~/domain/agreements/same-agreement.server";
import type { AuditContext } from "~/domain/audit/record-audit-event.server";
import { schoolJobs, waitForSchoolJob, type SchoolJobView, type SchoolWork } from "~/domain/jobs/school-jobs.server";
import { sendForSigning } from "~/domain/signing/send-for-signing.server";
import { freezeDraft, IncompleteDraftError } from "~/domain/versions/freeze-draft.server";
import { AppError, forbidden, invalidInput } from "~/utils/errors";
import type { SessionUser } from "~/domain/access/actor";
import { boardOrganisations, loadBoardSchools, requireBoardOrganisation, schoolYearsAt, type BoardOrganisation, type SchoolYears } from "./board.server";

export const RENEW_ACTIONS = {
  started: "renewal.bulk-started",
  renewed: "renewal.school-renewed",
  failed: "renewal.school-failed",
  finished: "renewal.bulk-finished",
} as const;

export const BULK_RENEW_MAX = 500;

const renewJobs = schoolJobs({
  actions: { started: RENEW_ACTIONS.started, ok: RENEW_ACTIONS.renewed, failed: RENEW_ACTIONS.failed, finished: RENEW_ACTIONS.finished },
  ownerKey: "organisationId",
  visibleOwners: (user) => boardOrganisations(user).map((o) => o.id),
  notFoundMessage: "Deze vernieuwing bestaat niet.",
});

/**
 * Checks the choice (schools of the organisation, at most BULK_RENEW_MAX),
 * records the job and starts it in the background. Returns the job id at once.
 */
export async function startBulkRenewal(options: {
  user: SessionUser;
  organisationId?: string | null;
  schoolIds: readonly string[];
  /** Freeze each renewed draft and send it for signing in the same job. */
  send: boolean;
  audit: AuditContext;
  now?: Date;
}): Promise<{ jobId: string; done: Promise<void> }> {
  const { user, audit } = options;
  const organisation = requireBoardOrganisation(user, options.organisationId);
  if (!organisation.canRenew) throw forbidden(`U mag de overeenkomsten van ${organisation.name} niet vernieuwen.`);
  const ids = [...new Set(options.schoolIds)];
  if (ids.length === 0) throw invalidInput("Kies minstens één school.", "school");
  if (ids.length > BULK_RENEW_MAX) throw invalidInput(`Kies hoogstens ${BULK_RENEW_MAX} scholen per keer.`, "school");
  if (ids.length !== options.schoolIds.length) throw invalidInput("Elke school mag maar één keer gekozen worden.", "school");
  const years = schoolYearsAt(options.now ?? new Date());
  const known = await loadBoardSchools({ user, organisation, years, schoolIds: ids });
  if (known.length !== ids.length) throw invalidInput(`Een van de gekozen scholen heeft geen overeenkomst met ${organisation.name}.`, "school");
  const names = new Map(known.map((s) => [s.id, s.name]));
  return renewJobs.start({
    user,
    owner: organisation,
    schoolYear: years.nextYear,
    schools: ids.map((id) => ({ id, name: names.get(id) ?? "" })),
    audit,
    data: { documentType: organisation.documentType, send: options.send },
    prepare: () => prepareRenewal({ user, organisation, years, send: options.send, audit, now: options.now }, ids),
  });
}

type RenewContext = { user: SessionUser; organisation: BoardOrganisation; years: SchoolYears; send: boolean; audit: AuditContext; now?: Date };

/**
 * Loads every chosen school's state in one query; returns the work for one
 * school. A school renewed meanwhile (by hand, another job) is caught by the
 * renewal itself: it checks for next year's agreement in its own transaction.
 */
async function prepareRenewal(ctx: RenewContext, schoolIds: readonly string[]): Promise<SchoolWork> {
  const { user, organisation, years } = ctx;
  const states = new Map((await loadBoardSchools({ user, organisation, years, schoolIds })).map((s) => [s.id, s]));
  return async (school) => {
    const state = states.get(school.id);
    if (state?.next.agreementId) {
      return { ok: false, message: `Heeft al een ${organisation.noun} voor ${years.nextYear} → opent die.`, agreementId: state.next.agreementId };
    }
    if (!state?.signedThisYearId) {
      return { ok: false, message: `Geen ondertekende ${organisation.noun} voor ${years.thisYear}: er werd niets gemaakt.`, agreementId: state?.thisYearId ?? null };
    }
    return renewOne(ctx, state.signedThisYearId);
  };
}

async function renewOne(ctx: RenewContext, agreementId: string): Promise<Awaited<ReturnType<SchoolWork>>> {
  const { user, organisation, years, audit } = ctx;
  let renewedId: string | null = null;
  try {
    const renewed = await renewAgreement({ user, agreementId, audit, now: ctx.now });
    renewedId = renewed.id;
    if (!ctx.send) return { ok: true, message: `Concept voor ${years.nextYear} gemaakt.`, agreementId: renewed.id };
    // The other party was invited again and its signatories proposed: it accepts by signing, as in the bulk send.
    const version = await freezeDraft({ user, agreementId: renewed.id, revision: renewed.draftRevision, audit, acceptBySigning: true, now: ctx.now });
    const sent = await sendForSigning({ user, agreementId: renewed.id, versionId: version.id, audit, acceptBySigning: true, now: ctx.now });
    const warning = sent.mailFailed.length > 0 ? ` De e-mail naar ${sent.mailFailed.join(", ")} kon nog niet vertrekken; ze wordt vanzelf opnieuw geprobeerd.` : "";
    return { ok: true, message: `Vernieuwd en verstuurd naar ${sent.invited.join(" en ")}.${warning}`, agreementId: renewed.id };
  } catch (error) {
    if (error instanceof ExistingAgreementError) {
      return { ok: false, message: `Heeft al een ${organisation.noun} voor ${years.nextYear} → opent die.`, agreementId: error.agreementId };
    }
    let message: string;
    if (error instanceof IncompleteDraftError) message = `Het concept is niet volledig: ${error.missing.slice(0, 3).join("; ")}.`;
    else if (error instanceof AppError) message = error.message;
    else {
      console.error(`renewal: agreement ${agreementId} failed`, error);
      message = "Er ging iets mis bij deze school.";
    }
    // The renewal is one transaction: it either stands whole or was not made.
    if (renewedId) message += " Het concept voor volgend schooljaar staat klaar: werk het af en verstuur het vanuit de overeenkomst.";
    return { ok: false, message, agreementId: renewedId };
  }
}

export type RenewJobView = SchoolJobView;

export const getRenewalJob = renewJobs.get;
export const waitForRenewalJob = waitForSchoolJob;
