import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { ClauseText, Provenance } from "~/components/drafting/clause-view";
import { StatusBadge } from "~/components/status-badge";
import { Field } from "~/components/ui/field";
import { membershipsAllow } from "~/domain/access/policy";
import { documentTypeLabel } from "~/domain/agreements/document-types.server";
import { archiveAgreement } from "~/domain/agreements/update-agreement.server";
import { AUDIT_ACTION_LABELS } from "~/domain/audit/record-audit-event.server";
import { acceptParty } from "~/domain/agreements/accept-party.server";
import { addSignatory, confirmSignatory, moveClause, removeClause, removeSignatory } from "~/domain/drafting/edit-draft.server";
import { PartiesNotReadyError, PARTY_STATUS_LABELS, SIGNATORY_STATUS } from "~/domain/drafting/parties";
import { SignatorySchema } from "~/domain/drafting/schemas";
import { loadDraft } from "~/domain/drafting/load-draft.server";
import { freezeDraft, IncompleteDraftError } from "~/domain/versions/freeze-draft.server";
import { renewAgreement } from "~/domain/agreements/renew-agreement.server";
import { ExistingAgreementError, findSameAgreement } from "~/domain/agreements/same-agreement.server";
import { resendSigningLink } from "~/domain/signing/resend-signing-link.server";
import { ownSigningStatus } from "~/domain/signing/sign-in-app.server";
import { OwnSigningBlock } from "~/components/signing/own-signing-block";
import { sendForSigning } from "~/domain/signing/send-for-signing.server";
import { nextSchoolYear } from "~/domain/calendar";
import { schoolYearsOf } from "~/domain/evaluation/evaluations.server";
import { startAmendment } from "~/domain/versions/versions.server";
import { db } from "~/utils/db.server";
import { AppError } from "~/utils/errors";
import { readFormData } from "~/utils/form-data.server";
import { appErrorResponse, orRespond } from "~/utils/http.server";
import { parseIntent } from "~/utils/intent.server";
import { requestInfo } from "~/utils/request-info.server";
import { requireUser } from "~/utils/session.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.agreement.title} — Akkoord` : "Overeenkomst — Akkoord" },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const draft = await orRespond(loadDraft({ user, agreementId: params.agreementId ?? "" }));
  const audit = await db.auditEvent.findMany({
    where: { agreementId: draft.agreement.id },
    orderBy: { createdAt: "desc" },
    take: 50,
    select: { id: true, action: true, createdAt: true, actorLabel: true, actor: { select: { name: true } } },
  });
  const { agreement } = draft;
  const renewalYear = nextSchoolYear(schoolYearsOf(agreement).at(-1)!);
  // Once next year's agreement exists the button gives way to a link to it.
  const nextYear =
    agreement.status === "ondertekend"
      ? await findSameAgreement(db, { documentType: agreement.documentType, schoolYear: renewalYear, organisationIds: agreement.parties.map((p) => p.organisationId) })
      : null;
  return {
    agreement: {
      id: agreement.id,
      reference: agreement.reference,
      title: agreement.title,
      type: documentTypeLabel(agreement.documentType),
      schoolYear: agreement.schoolYear,
      yearCount: agreement.yearCount,
      status: agreement.status,
      revision: agreement.draftRevision,
      amending: agreement.amending,
    },
    versionCount: await db.agreementVersion.count({ where: { agreementId: agreement.id } }),
    latestVersion: await latestVersionSummary(agreement.id),
    ownSigning: await ownSigningStatus({ user, agreementId: agreement.id }),
    canSend: membershipsAllow(user.memberships, "agreement:send", agreement.parties.map((p) => p.organisationId)),
    canAmend: agreement.status === "ondertekend" && !agreement.amending && draft.canEditRole,
    renewal: agreement.status === "ondertekend" && draft.canEditRole && !nextYear ? { schoolYear: renewalYear } : null,
    nextYear: nextYear ? { id: nextYear.id, schoolYear: renewalYear } : null,
    renewedFrom: agreement.renewedFromId,
    parties: draft.parties,
    sections: draft.sections.map((s) => ({
      id: s.id,
      title: s.title,
      required: s.required,
      clauses: s.clauses.map((c) => ({
        id: c.id,
        title: c.title,
        text: c.text,
        templateId: c.templateId,
        templateVersion: c.templateVersion,
        currentTemplateVersion: c.currentTemplateVersion,
        modified: c.modified,
        privacyWarnings: c.aids.privacy.length,
        previousYearNotes: c.previousYearNotes,
        carriedOver: c.carriedOver,
      })),
    })),
    signatories: draft.signatories.map((s) => {
      const party = draft.parties.find((p) => p.id === s.partyId);
      const proposed = s.status !== SIGNATORY_STATUS.confirmed;
      return {
        id: s.id,
        name: s.name,
        functionTitle: s.functionTitle,
        email: s.email,
        kind: s.kind,
        party: party?.name ?? "",
        proposed,
        namedBy: s.namedBy,
        confirmedBy: s.confirmedBy,
        canConfirm: draft.canEdit && proposed && !!party?.own,
        canRemove: draft.canEdit && (!!party?.own || (proposed && s.namedById === user.id)),
      };
    }),
    completeness: draft.completeness,
    partyBlockers: draft.partyBlockers,
    mayAccept: draft.mayAccept,
    canEdit: draft.canEdit,
    canArchive: draft.canArchive,
    audit: audit.map((e) => ({
      id: e.id,
      label: AUDIT_ACTION_LABELS[e.action] ?? e.action,
      at: e.createdAt.toLocaleString("nl-BE", { timeZone: "Europe/Brussels" }),
      actor: e.actor?.name ?? e.actorLabel ?? "",
    })),
  };
}

const REQUEST_STATUS_LABELS: Record<string, string> = {
  wachtend: "wacht op de vorige ondertekenaar",
  verstuurd: "uitgenodigd",
  ondertekend: "ondertekend",
  geweigerd: "geweigerd",
  verlopen: "link verlopen",
  vervallen: "vervallen",
};

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
      status: REQUEST_STATUS_LABELS[r.status] ?? r.status,
      resendable: version.status === "ter_ondertekening" && r.status === "verstuurd",
    })),
  };
}

const revision = z.coerce.number().int().min(0);
const IntentSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("archive") }),
  z.object({ intent: z.literal("freeze"), revision }),
  z.object({ intent: z.literal("amend") }),
  z.object({ intent: z.literal("renew") }),
  z.object({ intent: z.literal("send"), versionId: z.string().min(1).max(100) }),
  z.object({ intent: z.literal("resend-link"), requestId: z.string().min(1).max(100) }),
  z.object({ intent: z.literal("move"), clauseId: z.string().min(1).max(100), direction: z.enum(["up", "down"]), revision }),
  z.object({ intent: z.literal("remove-clause"), clauseId: z.string().min(1).max(100), revision }),
  z.object({ intent: z.literal("remove-signatory"), signatoryId: z.string().min(1).max(100), revision }),
  z.object({ intent: z.literal("confirm-signatory"), signatoryId: z.string().min(1).max(100), revision }),
  z.object({ intent: z.literal("accept-party"), partyId: z.string().min(1).max(100) }),
  z.object({ intent: z.literal("add-signatory"), revision }).passthrough(),
]);

type ActionResult = {
  message?: string;
  ok?: string;
  fieldErrors?: Record<string, string[]>;
  values?: Record<string, string>;
  missing?: string[];
};

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const agreementId = params.agreementId ?? "";
  // Scope first: a foreign or unknown agreement is a 404 whatever was sent.
  await orRespond(loadDraft({ user, agreementId, withAids: false }));
  const formData = await readFormData(request);
  const input = parseIntent(IntentSchema, formData);
  const ctx = { user, agreementId, audit: requestInfo(request) };
  try {
    switch (input.intent) {
      case "archive":
        await archiveAgreement(ctx);
        return redirect("/");
      case "freeze": {
        const version = await freezeDraft({ ...ctx, revision: input.revision });
        return redirect(`/overeenkomsten/${agreementId}/versies/${version.number}`);
      }
      case "send": {
        const sent = await sendForSigning({ ...ctx, versionId: input.versionId });
        return {
          ok: `Versie ${sent.versionNumber} is ter ondertekening verstuurd.${sent.mailFailed.length > 0 ? " Niet alle e-mails konden vertrekken; ze worden opnieuw geprobeerd." : ""}`,
        } satisfies ActionResult;
      }
      case "resend-link": {
        const resent = await resendSigningLink({ ...ctx, requestId: input.requestId });
        return {
          ok: `Er is een nieuwe link verstuurd naar ${resent.name}; de vorige link werkt niet meer.${resent.mailFailed ? " De e-mail kon nog niet vertrekken; hij wordt opnieuw geprobeerd." : ""}`,
        } satisfies ActionResult;
      }
      case "renew": {
        try {
          const renewed = await renewAgreement(ctx);
          return redirect(`/overeenkomsten/${renewed.id}`);
        } catch (error) {
          // Renewed already (a second click, another tab): open that one.
          if (error instanceof ExistingAgreementError) return redirect(`/overeenkomsten/${error.agreementId}`);
          throw error;
        }
      }
      case "amend":
        await startAmendment(ctx);
        return { ok: "U kunt de overeenkomst nu wijzigen. De ondertekende versie blijft gelden tot de nieuwe versie ondertekend is." } satisfies ActionResult;
      case "move":
        await moveClause({ ...ctx, revision: input.revision, clauseId: input.clauseId, direction: input.direction });
        return { ok: "Clausule verplaatst." } satisfies ActionResult;
      case "remove-clause":
        await removeClause({ ...ctx, revision: input.revision, clauseId: input.clauseId });
        return { ok: "Clausule verwijderd." } satisfies ActionResult;
      case "remove-signatory":
        await removeSignatory({ ...ctx, revision: input.revision, signatoryId: input.signatoryId });
        return { ok: "Ondertekenaar verwijderd." } satisfies ActionResult;
      case "confirm-signatory":
        await confirmSignatory({ ...ctx, revision: input.revision, signatoryId: input.signatoryId });
        return { ok: "Ondertekenaar bevestigd." } satisfies ActionResult;
      case "accept-party":
        await acceptParty({ ...ctx, partyId: input.partyId });
        return { ok: "U hebt de uitnodiging aanvaard: uw organisatie is nu partij bij deze overeenkomst." } satisfies ActionResult;
      case "add-signatory": {
        const raw = Object.fromEntries([...formData].map(([k, v]) => [k, String(v)]));
        const parsed = SignatorySchema.safeParse(raw);
        if (!parsed.success) {
          return data(
            { message: "Controleer de gegevens van de ondertekenaar.", fieldErrors: parsed.error.flatten().fieldErrors, values: raw } satisfies ActionResult,
            { status: 400 },
          );
        }
        const added = await addSignatory({ ...ctx, revision: input.revision, input: parsed.data });
        return {
          ok:
            added.status === SIGNATORY_STATUS.confirmed
              ? "Ondertekenaar toegevoegd."
              : "Ondertekenaar voorgesteld. Een lid van die partij moet het voorstel nog bevestigen.",
        } satisfies ActionResult;
      }
    }
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    if (error.code === "NOT_FOUND") throw appErrorResponse(error);
    const values = Object.fromEntries([...formData].map(([k, v]) => [k, String(v)]));
    const fieldErrors = error.field ? { [error.field]: [error.message] } : undefined;
    const missing = error instanceof IncompleteDraftError || error instanceof PartiesNotReadyError ? error.missing : undefined;
    return data({ message: error.message, fieldErrors, values, missing } satisfies ActionResult, { status: error.status });
  }
}

export default function AgreementPage() {
  const { agreement, parties, sections, signatories, completeness, partyBlockers, mayAccept, canEdit, canArchive, audit, versionCount, canAmend, renewal, nextYear, renewedFrom, latestVersion, canSend, ownSigning } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionResult | undefined;
  const signerError = (field: string) => result?.fieldErrors?.[field]?.[0];
  return (
    <>
      <p className="meta">
        <Link to="/">← Start</Link>
      </p>
      <h1>{agreement.title}</h1>
      <p className="lead">
        {agreement.reference ? <>Referentie {agreement.reference} · </> : null}
        {agreement.type} · schooljaar {agreement.schoolYear}
        {agreement.yearCount > 1 ? ` (voor ${agreement.yearCount} schooljaren)` : ""} · <StatusBadge status={agreement.status} />
      </p>
      {result?.message ? (
        <div className="alert alert--error" role="alert">
          <p style={{ margin: 0 }}>{result.message}</p>
          {result.missing ? (
            <ul>
              {result.missing.map((m) => (
                <li key={m}>{m}</li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
      {agreement.amending ? (
        <p className="alert alert--info">
          U werkt aan een wijziging. De ondertekende versie blijft gelden tot de nieuwe versie ondertekend is.
        </p>
      ) : null}
      {result?.ok ? (
        <div className="alert alert--ok" role="status">
          {result.ok}
        </div>
      ) : null}

      <OwnSigningBlock agreementId={agreement.id} own={ownSigning} />

      {mayAccept.map((p) => (
        <section key={p.id} className="card alert alert--info" aria-labelledby={`uitnodiging-${p.id}`}>
          <h2 id={`uitnodiging-${p.id}`} style={{ marginTop: 0 }}>
            {p.name} is uitgenodigd als partij
          </h2>
          <p>
            Uw organisatie is pas partij nadat u of een collega aanvaardt. Daarna bepaalt u zelf wie voor {p.name} ondertekent; wat een andere partij
            voorstelt, bevestigt of vervangt u eerst.
          </p>
          <Form method="post">
            <input type="hidden" name="partyId" value={p.id} />
            <button className="button" name="intent" value="accept-party">
              Aanvaarden
            </button>
          </Form>
        </section>
      ))}

      <nav className="toolbar" aria-label="Concept">
        {canEdit ? (
          <>
            <Link className="button" to="invullen">
              Gegevens invullen
            </Link>
            <Link className="button button--secondary" to="bibliotheek">
              Clausule toevoegen
            </Link>
            <Link className="button button--secondary" to="bewerken">
              Titel, schooljaar en ondertekening
            </Link>
          </>
        ) : null}
        <Link className="button button--secondary" to="voorbeeld">
          Voorbeeld van het document
        </Link>
        <Link className="button button--secondary" to="versies">
          Versies ({versionCount})
        </Link>
        <Link className="button button--secondary" to="afspraken">
          Afspraken
        </Link>
        <Link className="button button--secondary" to="evaluaties">
          Evaluaties
        </Link>
        {renewedFrom ? (
          <Link className="button button--secondary" to="vorig-jaar">
            Vergelijk met vorig jaar
          </Link>
        ) : null}
        {nextYear ? (
          <Link className="button button--secondary" to={`/overeenkomsten/${nextYear.id}`}>
            Schooljaar {nextYear.schoolYear} openen
          </Link>
        ) : null}
        {renewal ? (
          <Form method="post">
            <button className="button button--secondary" name="intent" value="renew">
              Vernieuwen voor schooljaar {renewal.schoolYear}
            </button>
          </Form>
        ) : null}
        {canAmend ? (
          <Form method="post">
            <button className="button button--secondary" name="intent" value="amend">
              Wijziging starten
            </button>
          </Form>
        ) : null}
      </nav>

      {latestVersion && latestVersion.status !== "vervangen" ? (
        <section className="card" aria-labelledby="ondertekening">
          <h2 id="ondertekening">Ondertekening van versie {latestVersion.number}</h2>
          {latestVersion.status === "concept" ? (
            <>
              <p>Versie {latestVersion.number} is vastgelegd maar nog niet verstuurd.</p>
              {canSend ? (
                <Form method="post">
                  <input type="hidden" name="versionId" value={latestVersion.id} />
                  <button className="button" name="intent" value="send">
                    Ter ondertekening versturen
                  </button>
                </Form>
              ) : null}
            </>
          ) : (
            <ul>
              {latestVersion.requests.map((r) => (
                <li key={r.id}>
                  {r.name} ({r.functionTitle}): {r.status}
                  {canSend && r.resendable ? (
                    <Form method="post" style={{ display: "inline", marginLeft: ".5rem" }}>
                      <input type="hidden" name="requestId" value={r.id} />
                      <button className="button button--secondary button--small" name="intent" value="resend-link">
                        Stuur de link opnieuw
                      </button>
                    </Form>
                  ) : null}
                </li>
              ))}
            </ul>
          )}
          {latestVersion.status === "ondertekend" ? (
            <p>
              <a href={`/overeenkomsten/${agreement.id}/pdf?versie=${latestVersion.number}`}>Ondertekende PDF downloaden</a>
            </p>
          ) : null}
        </section>
      ) : null}

      {canEdit ? (
        <section className={`card alert ${completeness.complete && partyBlockers.length === 0 ? "alert--ok" : "alert--info"}`} aria-labelledby="volledig">
          <h2 id="volledig" style={{ marginTop: 0 }}>
            {completeness.complete && partyBlockers.length === 0 ? "Het concept is volledig" : "Nog te doen voor u het concept kunt vastleggen"}
          </h2>
          {completeness.complete && partyBlockers.length > 0 ? (
            <ul className="checklist">
              {partyBlockers.map((b) => (
                <li key={b}>{b}</li>
              ))}
            </ul>
          ) : completeness.complete ? (
            <>
              <p>Alle verplichte rubrieken, gegevens en ondertekenaars zijn ingevuld. Leg het concept vast als versie {versionCount + 1}: die tekst verandert daarna niet meer.</p>
              {canEdit ? (
                <Form method="post">
                  <input type="hidden" name="revision" value={agreement.revision} />
                  <button className="button" name="intent" value="freeze">
                    Vastleggen als versie {versionCount + 1}
                  </button>
                </Form>
              ) : null}
            </>
          ) : (
            <ul className="checklist">
              {completeness.missingSections.map((s) => (
                <li key={s}>Verplichte rubriek zonder clausule: {s}</li>
              ))}
              {completeness.unfilledVariables.length > 0 ? (
                <li>
                  Nog in te vullen ({completeness.unfilledVariables.length}):{" "}
                  {completeness.unfilledVariables.slice(0, 8).map((v) => v.label).join(", ")}
                  {completeness.unfilledVariables.length > 8 ? ", …" : ""} — <Link to="invullen">invullen</Link>
                </li>
              ) : null}
              {completeness.partiesWithoutSignatory.map((p) => (
                <li key={p}>Nog geen ondertekenaar voor {p}</li>
              ))}
            </ul>
          )}
        </section>
      ) : null}

      {sections.map((section) => (
        <section key={section.id} className="section-block" aria-labelledby={`sectie-${section.id}`}>
          <h2 id={`sectie-${section.id}`}>
            {section.title}
            {section.required ? "" : " (niet verplicht)"}
          </h2>
          {section.clauses.length === 0 ? <p className="meta">Nog geen clausule in deze rubriek.</p> : null}
          {section.clauses.map((clause, index) => (
            <article key={clause.id} className="clause" aria-labelledby={`clausule-${clause.id}`}>
              <h3 id={`clausule-${clause.id}`}>{clause.title}</h3>
              <Provenance {...clause} />
              <ClauseText text={clause.text} />
              {clause.carriedOver.length > 0 ? (
                <div className="alert alert--info">
                  <p style={{ margin: 0 }}>
                    <strong>Overgenomen van vorig jaar (nog niet gehaald):</strong>
                  </p>
                  <ul>
                    {clause.carriedOver.map((c) => (
                      <li key={c}>{c}</li>
                    ))}
                  </ul>
                </div>
              ) : null}
              {clause.previousYearNotes.length > 0 ? (
                <aside className="alert alert--info" aria-label="Notities uit de evaluatie van vorig jaar">
                  <p style={{ margin: 0 }}>
                    <strong>Uit de evaluatie van vorig jaar:</strong>
                  </p>
                  <ul>
                    {clause.previousYearNotes.map((n) => (
                      <li key={n}>{n}</li>
                    ))}
                  </ul>
                </aside>
              ) : null}
              {clause.privacyWarnings > 0 ? (
                <p className="warning">Let op: deze tekst lijkt persoonsgegevens te bevatten. Bekijk de clausule.</p>
              ) : null}
              {canEdit ? (
                <div className="inline-forms">
                  <Link className="button button--secondary button--small" to={`clausules/${clause.id}`}>
                    Tekst aanpassen<span className="visually-hidden">: {clause.title}</span>
                  </Link>
                  {index > 0 ? (
                    <Form method="post" preventScrollReset>
                      <input type="hidden" name="revision" value={agreement.revision} />
                      <input type="hidden" name="clauseId" value={clause.id} />
                      <input type="hidden" name="direction" value="up" />
                      <button className="button button--secondary button--small" name="intent" value="move">
                        Omhoog<span className="visually-hidden">: {clause.title}</span>
                      </button>
                    </Form>
                  ) : null}
                  {index < section.clauses.length - 1 ? (
                    <Form method="post" preventScrollReset>
                      <input type="hidden" name="revision" value={agreement.revision} />
                      <input type="hidden" name="clauseId" value={clause.id} />
                      <input type="hidden" name="direction" value="down" />
                      <button className="button button--secondary button--small" name="intent" value="move">
                        Omlaag<span className="visually-hidden">: {clause.title}</span>
                      </button>
                    </Form>
                  ) : null}
                  <Form method="post" preventScrollReset>
                    <input type="hidden" name="revision" value={agreement.revision} />
                    <input type="hidden" name="clauseId" value={clause.id} />
                    <button className="button button--danger button--small" name="intent" value="remove-clause">
                      Verwijderen<span className="visually-hidden">: {clause.title}</span>
                    </button>
                  </Form>
                </div>
              ) : null}
            </article>
          ))}
        </section>
      ))}

      <section className="card" aria-labelledby="ondertekenaars">
        <h2 id="ondertekenaars">Ondertekenaars</h2>
        <ul className="meta">
          {parties.map((p) => (
            <li key={p.id}>
              {p.roleLabel}: {p.name} — {PARTY_STATUS_LABELS[p.status] ?? p.status}
            </li>
          ))}
        </ul>
        {signatories.length === 0 ? (
          <p>Nog niemand toegevoegd.</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">Naam</th>
                <th scope="col">Functie</th>
                <th scope="col">Partij</th>
                <th scope="col">E-mail</th>
                <th scope="col">Rol</th>
                <th scope="col">Aangeduid door</th>
                {canEdit ? <th scope="col"><span className="visually-hidden">Acties</span></th> : null}
              </tr>
            </thead>
            <tbody>
              {signatories.map((s) => (
                <tr key={s.id}>
                  <td>{s.name}</td>
                  <td>{s.functionTitle}</td>
                  <td>{s.party}</td>
                  <td>{s.email}</td>
                  <td>{s.kind === "cc" ? "ter info" : "ondertekent"}</td>
                  <td>
                    {s.proposed ? <strong>voorgesteld, nog niet bevestigd</strong> : null}
                    {s.proposed ? " · " : ""}
                    {s.namedBy ?? "—"}
                    {!s.proposed && s.confirmedBy && s.confirmedBy !== s.namedBy ? ` · bevestigd door ${s.confirmedBy}` : ""}
                  </td>
                  {canEdit ? (
                    <td>
                      <Form method="post" preventScrollReset>
                        <input type="hidden" name="revision" value={agreement.revision} />
                        <input type="hidden" name="signatoryId" value={s.id} />
                        {s.canConfirm ? (
                          <button className="button button--small" name="intent" value="confirm-signatory">
                            Bevestigen<span className="visually-hidden">: {s.name}</span>
                          </button>
                        ) : null}{" "}
                        {s.canRemove ? (
                          <button className="button button--danger button--small" name="intent" value="remove-signatory">
                            {s.proposed && s.canConfirm ? "Weigeren" : "Verwijderen"}
                            <span className="visually-hidden">: {s.name}</span>
                          </button>
                        ) : null}
                      </Form>
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {canEdit ? (
          <Form method="post" className="narrow" preventScrollReset>
            <h3>Ondertekenaar toevoegen</h3>
            <p className="meta">
              Voor uw eigen organisatie duidt u de ondertekenaar aan. Voor een andere partij doet u een voorstel: een lid van die partij bevestigt het
              (of vervangt het) voor de overeenkomst vastgelegd en verstuurd kan worden.
            </p>
            <input type="hidden" name="revision" value={agreement.revision} />
            <Field id="signatory-party" label="Partij" errors={signerError("partyId") ? [signerError("partyId")!] : undefined}>
              <select id="signatory-party" name="partyId" defaultValue={result?.values?.partyId ?? parties[0]?.id}>
                {parties.map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.roleLabel}: {p.name}
                  </option>
                ))}
              </select>
            </Field>
            <Field id="signatory-name" label="Naam" errors={signerError("name") ? [signerError("name")!] : undefined}>
              <input id="signatory-name" name="name" type="text" autoComplete="off" defaultValue={result?.values?.name} aria-invalid={signerError("name") ? true : undefined} />
            </Field>
            <Field id="signatory-function" label="Functie" hint="Bijvoorbeeld directeur, CLB-directeur, coördinator brugfiguren." errors={signerError("functionTitle") ? [signerError("functionTitle")!] : undefined}>
              <input id="signatory-function" name="functionTitle" type="text" list="signatory-functions" defaultValue={result?.values?.functionTitle} aria-invalid={signerError("functionTitle") ? true : undefined} />
              <datalist id="signatory-functions">
                {[...new Set(parties.flatMap((p) => p.signatoryFunctions))].map((f) => (
                  <option key={f} value={f} />
                ))}
              </datalist>
            </Field>
            <Field id="signatory-email" label="E-mailadres" errors={signerError("email") ? [signerError("email")!] : undefined}>
              <input id="signatory-email" name="email" type="email" autoComplete="off" defaultValue={result?.values?.email} aria-invalid={signerError("email") ? true : undefined} />
            </Field>
            <fieldset className="field">
              <legend>Rol</legend>
              <label>
                <input type="radio" name="kind" value="signer" defaultChecked={result?.values?.kind !== "cc"} /> ondertekent
              </label>{" "}
              <label>
                <input type="radio" name="kind" value="cc" defaultChecked={result?.values?.kind === "cc"} /> ter info (krijgt de ondertekende versie)
              </label>
            </fieldset>
            <button className="button" name="intent" value="add-signatory">
              Toevoegen
            </button>
          </Form>
        ) : null}
      </section>

      {canArchive ? (
        <Form method="post">
          <button type="submit" className="button button--danger" name="intent" value="archive">
            Concept archiveren
          </button>
        </Form>
      ) : null}

      <section className="card" aria-labelledby="logboek">
        <h2 id="logboek">Logboek</h2>
        {audit.length === 0 ? (
          <p>Nog geen gebeurtenissen.</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">Wanneer</th>
                <th scope="col">Wat</th>
                <th scope="col">Wie</th>
              </tr>
            </thead>
            <tbody>
              {audit.map((e) => (
                <tr key={e.id}>
                  <td>{e.at}</td>
                  <td>{e.label}</td>
                  <td>{e.actor}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </>
  );
}
