import { membershipsAllow } from "~/domain/access/policy";
import { documentTypeLabel } from "~/domain/templates/document-types.server";
import { findSameAgreement } from "./same-agreement.server";
import { signingRequestStatusLabel } from "./signing-request-status";
import { AUDIT_ACTION_LABELS } from "~/domain/audit/record-audit-event.server";
import { nextSchoolYear } from "~/domain/calendar";
import { schoolYearsOf } from "~/domain/evaluation/evaluations.server";
import { variableValueToRaw } from "~/domain/templates/variables";
import { db } from "~/utils/db.server";
import type { SessionUser } from "~/domain/access/actor";
import { variableFieldSpec } from "~/domain/drafting/field-spec";
import { inlineLines } from "~/domain/drafting/inline-values";
import { loadDraft, type Draft } from "~/domain/drafting/load-draft.server";
import { onBehalfOfText } from "~/domain/organisations/party-name";
import { PARTY_STATUS, SIGNATORY_STATUS } from "~/domain/drafting/parties";
import { defaultSigningGroup } from "~/domain/drafting/signing-order";
import { formatBrusselsDateTime } from "~/domain/calendar/brussels-format";

// Everything the draft page shows, read for one user: the open tasks first,
// the signatories, an outline of the sections, the clauses with their values
// to fill in where they stand, the signing state and the log.

/** One thing left to do before the draft can be frozen, with a link to where it is done. */
export type OpenTask = { key: string; text: string; href: string };

export async function loadDraftPage(options: { user: SessionUser; agreementId: string }) {
  const { user } = options;
  const draft = await loadDraft(options);
  const { agreement } = draft;
  const audit = await db.auditEvent.findMany({
    where: { agreementId: agreement.id },
    orderBy: { createdAt: "desc" },
    take: 50,
    select: { id: true, action: true, createdAt: true, actorLabel: true, actor: { select: { name: true } } },
  });
  const renewalYear = nextSchoolYear(schoolYearsOf(agreement).at(-1)!);
  // Once next year's agreement exists the button gives way to a link to it.
  const nextYear =
    agreement.status === "ondertekend"
      ? await findSameAgreement(db, { documentType: agreement.documentType, schoolYear: renewalYear, organisationIds: agreement.parties.map((p) => p.organisationId) })
      : null;
  const unfilled = new Set(draft.completeness.unfilledVariables.map((v) => v.name));
  const signatories = draft.signatories.map((s) => {
    const party = draft.parties.find((p) => p.id === s.partyId);
    const proposed = s.status !== SIGNATORY_STATUS.confirmed;
    return {
      id: s.id,
      name: s.name,
      functionTitle: s.functionTitle,
      email: s.email,
      kind: s.kind,
      party: party?.name ?? "",
      /** "namens het schoolbestuur vzw … (mandate)" when this person signs for the board. */
      onBehalf: onBehalfOfText(s.onBehalfOf, s.mandate),
      proposed,
      namedBy: s.namedBy,
      confirmedBy: s.confirmedBy,
      /** The signing group: its own with "groepen", else what choosing groups would give it (by party role). */
      group: agreement.signingOrder === "groepen" ? s.position : defaultSigningGroup(party?.partyRole ?? ""),
      canConfirm: draft.canEdit && proposed && !!party?.own,
      canRemove: draft.canEdit && (!!party?.own || (proposed && s.namedById === user.id)),
    };
  });
  return {
    agreement: {
      id: agreement.id,
      title: agreement.title,
      type: documentTypeLabel(agreement.documentType),
      reference: agreement.reference,
      schoolYear: agreement.schoolYear,
      yearCount: agreement.yearCount,
      status: agreement.status,
      revision: agreement.draftRevision,
      amending: agreement.amending,
      signingOrder: agreement.signingOrder,
    },
    versionCount: await db.agreementVersion.count({ where: { agreementId: agreement.id } }),
    latestVersion: await latestVersionSummary(agreement.id),
    canSend: membershipsAllow(user.memberships, "agreement:send", agreement.parties.map((p) => p.organisationId)),
    canAmend: agreement.status === "ondertekend" && !agreement.amending && draft.canEditRole,
    renewal: agreement.status === "ondertekend" && draft.canEditRole && !nextYear ? { schoolYear: renewalYear } : null,
    nextYear: nextYear ? { id: nextYear.id, schoolYear: renewalYear } : null,
    renewedFrom: agreement.renewedFromId,
    parties: draft.parties,
    tasks: draft.canEdit || draft.mayAccept.length > 0 ? openTasks(draft, signatories) : [],
    fields: draft.canEdit ? fieldSpecs(draft, unfilled) : {},
    sections: draft.sections.map((s) => {
      const names = new Set(s.clauses.flatMap((c) => c.variableDefs.map((d) => d.name)));
      return {
        id: s.id,
        title: s.title,
        required: s.required,
        /** Required values in this section's clauses that are still empty. */
        unfilledCount: [...names].filter((n) => unfilled.has(n)).length,
        clauses: s.clauses.map((c) => {
          const lines = draft.canEdit ? inlineLines(c.body, draft.values, c.variableDefs) : [];
          const inText = new Set(lines.flatMap((l) => l.parts.flatMap((p) => (p.kind === "input" ? [p.name] : []))));
          return {
            id: c.id,
            title: c.title,
            text: c.text,
            lines,
            /** The clause's variables that are not in its text (used by its commitments only). */
            otherFields: c.variableDefs.map((d) => d.name).filter((n) => !inText.has(n)),
            templateId: c.templateId,
            templateVersion: c.templateVersion,
            currentTemplateVersion: c.currentTemplateVersion,
            modified: c.modified,
            privacyWarnings: c.aids.privacy.length,
            previousYearNotes: c.previousYearNotes,
            carriedOver: c.carriedOver,
          };
        }),
      };
    }),
    signatories,
    completeness: draft.completeness,
    partyBlockers: draft.partyBlockers,
    mayAccept: draft.mayAccept,
    canEdit: draft.canEdit,
    canArchive: draft.canArchive,
    audit: audit.map((e) => ({
      id: e.id,
      label: AUDIT_ACTION_LABELS[e.action] ?? e.action,
      at: formatBrusselsDateTime(e.createdAt),
      actor: e.actor?.name ?? e.actorLabel ?? "",
    })),
  };
}

export type DraftPage = Awaited<ReturnType<typeof loadDraftPage>>;

/**
 * What is left to do, counted, each with a link to where it is done: values
 * to fill in (per section), required sections without a clause, parties that
 * did not accept, parties without a signatory, proposals to confirm.
 */
export function openTasks(draft: Draft, signatories: ReadonlyArray<{ proposed: boolean; party: string; name: string; canConfirm: boolean }>): OpenTask[] {
  const tasks: OpenTask[] = [];
  const unfilled = new Set(draft.completeness.unfilledVariables.map((v) => v.name));
  if (unfilled.size > 0) {
    const sections = draft.sections
      .map((s) => ({ s, count: new Set(s.clauses.flatMap((c) => c.variableDefs.map((d) => d.name)).filter((n) => unfilled.has(n))).size }))
      .filter((x) => x.count > 0);
    tasks.push({
      key: "values",
      text: `${unfilled.size} ${unfilled.size === 1 ? "gegeven" : "gegevens"} nog in te vullen, in ${sections.length} ${sections.length === 1 ? "rubriek" : "rubrieken"}`,
      href: sections[0] ? `#rubriek-${sections[0].s.id}` : "invullen",
    });
  }
  for (const title of draft.completeness.missingSections) {
    const section = draft.sections.find((s) => s.title === title);
    tasks.push({ key: `section-${title}`, text: `Verplichte rubriek zonder clausule: ${title}`, href: section ? `#rubriek-${section.id}` : "#rubrieken" });
  }
  draft.completeness.partyCounts.forEach((text, i) => tasks.push({ key: `party-count-${i}`, text, href: `/overeenkomsten/${draft.agreement.id}/partijen` }));
  for (const party of draft.parties.filter((p) => p.status !== PARTY_STATUS.accepted)) {
    tasks.push({
      key: `accept-${party.id}`,
      text: party.own ? `Aanvaard de uitnodiging voor ${party.name}` : `${party.name} heeft de uitnodiging als partij nog niet aanvaard`,
      href: party.own ? `#uitnodiging-${party.id}` : "#ondertekenaars",
    });
  }
  const withoutSignatory = draft.completeness.partiesWithoutSignatory;
  if (withoutSignatory.length > 0) {
    tasks.push({ key: "name", text: `Nog geen ondertekenaar voor ${withoutSignatory.join(" en ")}`, href: "#ondertekenaar-toevoegen" });
  }
  const proposed = signatories.filter((s) => s.proposed);
  if (proposed.length > 0) {
    const mine = proposed.filter((s) => s.canConfirm).length;
    tasks.push({
      key: "confirm",
      text:
        mine > 0
          ? `${mine} ${mine === 1 ? "voorgestelde ondertekenaar" : "voorgestelde ondertekenaars"} te bevestigen door u`
          : `${proposed.length} ${proposed.length === 1 ? "voorgestelde ondertekenaar wacht" : "voorgestelde ondertekenaars wachten"} op bevestiging door ${[...new Set(proposed.map((s) => s.party))].join(" en ")}`,
      href: "#ondertekenaars",
    });
  }
  return tasks;
}

/** What an inline input needs to know of each variable of the draft, with its value as typed. */
function fieldSpecs(draft: Draft, unfilled: ReadonlySet<string>) {
  return Object.fromEntries(
    draft.variables.map((v) => [
      v.name,
      { ...variableFieldSpec(v, variableValueToRaw(v, draft.values[v.name]), draft.parties), missing: unfilled.has(v.name) },
    ]),
  );
}

async function latestVersionSummary(agreementId: string) {
  const version = await db.agreementVersion.findFirst({
    where: { agreementId },
    orderBy: { number: "desc" },
    select: {
      id: true,
      number: true,
      status: true,
      signingRequests: { select: { id: true, status: true, signatory: { select: { name: true, functionTitle: true } } }, orderBy: { signatory: { position: "asc" } } },
    },
  });
  if (!version) return null;
  return {
    id: version.id,
    number: version.number,
    status: version.status,
    requests: version.signingRequests.map((r) => ({
      id: r.id,
      name: r.signatory.name,
      functionTitle: r.signatory.functionTitle,
      status: signingRequestStatusLabel(r.status),
      resendable: version.status === "ter_ondertekening" && r.status === "verstuurd",
    })),
  };
}
