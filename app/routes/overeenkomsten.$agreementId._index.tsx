import { data, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import type { MouseEvent } from "react";
import { z } from "zod";
import { ClauseCard } from "~/components/drafting/clause-card";
import draftingCss from "~/components/drafting/drafting.css?url";
import { Signatories } from "~/components/drafting/signatories";
import { StatusBadge } from "~/components/status-badge";
import { archiveAgreement } from "~/domain/agreements/update-agreement.server";
import { acceptParty } from "~/domain/agreements/accept-party.server";
import { loadDraftPage } from "~/domain/agreements/agreement-page.server";
import { addSignatory, confirmSignatory, moveClause, removeClause, removeSignatory, saveDraftValues, setSigningOrder } from "~/domain/drafting/edit-draft.server";
import { PartiesNotReadyError, SIGNATORY_STATUS } from "~/domain/drafting/parties";
import { parseSigningOrderForm, SignatorySchema } from "~/domain/drafting/schemas";
import { loadDraft } from "~/domain/drafting/load-draft.server";
import { freezeDraft, IncompleteDraftError } from "~/domain/versions/freeze-draft.server";
import { renewAgreement } from "~/domain/renewal/renew-agreement.server";
import { ExistingAgreementError } from "~/domain/agreements/same-agreement.server";
import { resendSigningLink } from "~/domain/signing/resend-signing-link.server";
import { ownSigningStatus } from "~/domain/signing/sign-in-app.server";
import { OwnSigningBlock } from "~/components/signing/own-signing-block";
import { sendForSigning } from "~/domain/signing/send-for-signing.server";
import { startAmendment } from "~/domain/versions/versions.server";
import { readFormData } from "~/utils/form-data.server";
import { orRespond, replyWithError } from "~/utils/http.server";
import { parseIntent } from "~/utils/intent.server";
import { requestInfo } from "~/utils/request-info.server";
import { requireUser } from "~/utils/session.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: draftingCss }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.agreement.title} — Akkoord` : "Overeenkomst — Akkoord" },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const page = await orRespond(loadDraftPage({ user, agreementId: params.agreementId ?? "" }));
  // After saving a clause's values the page opens at that clause and says so there.
  const ownSigning = await ownSigningStatus({ user, agreementId: page.agreement.id });
  return { ...page, ownSigning, savedClause: new URL(request.url).searchParams.get("bewaard") };
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
  // The signing order, with a group per signatory (fields `group:<signatoryId>`).
  z.object({ intent: z.literal("signing-order"), revision }).passthrough(),
  // One clause's values, typed in where they stand in its text (fields `v:<name>`).
  z.object({ intent: z.literal("save-values"), revision, clauseId: z.string().min(1).max(100) }).passthrough(),
]);

/** Where a result is shown: next to the signatories, next to one clause, or (none) at the top. */
const SIGNATORY_INTENTS = new Set(["add-signatory", "remove-signatory", "confirm-signatory", "signing-order"]);

export type ActionResult = {
  /** "signatories" or a clause id: the result is shown there instead of at the top. */
  area?: string;
  /** The signatory just added: the add form starts empty again. */
  added?: string;
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
  const formData = await readFormData(request, { multiLine: (name) => name.startsWith("v:") });
  const input = parseIntent(IntentSchema, formData);
  const area = input.intent === "save-values" ? input.clauseId : SIGNATORY_INTENTS.has(input.intent) ? "signatories" : undefined;
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
        return { ok: "Ondertekenaar verwijderd.", area } satisfies ActionResult;
      case "confirm-signatory":
        await confirmSignatory({ ...ctx, revision: input.revision, signatoryId: input.signatoryId });
        return { ok: "Ondertekenaar bevestigd.", area } satisfies ActionResult;
      case "accept-party":
        await acceptParty({ ...ctx, partyId: input.partyId });
        return { ok: "U hebt de uitnodiging aanvaard: uw organisatie is nu partij bij deze overeenkomst." } satisfies ActionResult;
      case "add-signatory": {
        const raw = Object.fromEntries([...formData].map(([k, v]) => [k, String(v)]));
        const parsed = SignatorySchema.safeParse(raw);
        if (!parsed.success) {
          return data(
            { message: "Controleer de gegevens van de ondertekenaar.", fieldErrors: parsed.error.flatten().fieldErrors, values: raw, area } satisfies ActionResult,
            { status: 400 },
          );
        }
        const added = await addSignatory({ ...ctx, revision: input.revision, input: parsed.data });
        return {
          ok:
            added.status === SIGNATORY_STATUS.confirmed
              ? "Ondertekenaar toegevoegd."
              : "Ondertekenaar voorgesteld. Een lid van die partij moet het voorstel nog bevestigen.",
          area,
          added: added.id,
        } satisfies ActionResult;
      }
      case "signing-order": {
        const parsed = parseSigningOrderForm(formData);
        if (!parsed.ok) {
          const values = Object.fromEntries([...formData].map(([k, v]) => [k, String(v)]));
          return data({ message: "Controleer de volgorde van ondertekenen; er werd niets bewaard.", fieldErrors: parsed.fieldErrors, values, area } satisfies ActionResult, { status: 400 });
        }
        await setSigningOrder({ ...ctx, revision: input.revision, order: parsed.order, groups: parsed.groups });
        return { ok: "Volgorde van ondertekenen bewaard.", area } satisfies ActionResult;
      }
      case "save-values": {
        const raw: Record<string, string> = {};
        for (const [key, value] of formData) if (key.startsWith("v:") && typeof value === "string") raw[key.slice(2)] = value;
        const saved = await saveDraftValues({ ...ctx, revision: input.revision, raw });
        if (!saved.ok) {
          return data(
            { message: "Niet alles is goed ingevuld. Verbeter wat gemarkeerd is; er werd niets bewaard.", fieldErrors: Object.fromEntries(Object.entries(saved.errors).map(([k, v]) => [k, [v]])), values: raw, area } satisfies ActionResult,
            { status: 400 },
          );
        }
        // Without JavaScript too the page opens again at this clause, saying it was saved.
        return redirect(`/overeenkomsten/${agreementId}?bewaard=${encodeURIComponent(input.clauseId)}#clausule-${encodeURIComponent(input.clauseId)}`);
      }
    }
  } catch (error) {
    return replyWithError(error, (e) => {
      const values = Object.fromEntries([...formData].map(([k, v]) => [k.startsWith("v:") ? k.slice(2) : k, String(v)]));
      const fieldErrors = e.field ? { [e.field]: [e.message] } : undefined;
      const missing = e instanceof IncompleteDraftError || e instanceof PartiesNotReadyError ? e.missing : undefined;
      return { message: e.message, fieldErrors, values, missing, area } satisfies ActionResult;
    });
  }
}

/** A section the reader closed opens again when the outline jumps to it. */
function openSection(event: MouseEvent<HTMLAnchorElement>) {
  const target = document.getElementById(event.currentTarget.hash.slice(1));
  const section = target?.closest("details");
  if (section) section.open = true;
}

export default function AgreementPage() {
  const page = useLoaderData<typeof loader>();
  const { agreement, parties, sections, fields, tasks, completeness, partyBlockers, mayAccept, canEdit, canArchive, audit, versionCount, canAmend, renewal, nextYear, renewedFrom, latestVersion, canSend, savedClause, ownSigning } = page;
  const result = useActionData<typeof action>() as ActionResult | undefined;
  const top = result && !result.area ? result : undefined;
  const ready = completeness.complete && partyBlockers.length === 0;
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
      {top?.message ? (
        <div className="alert alert--error" role="alert">
          <p style={{ margin: 0 }}>{top.message}</p>
          {top.missing ? (
            <ul>
              {top.missing.map((m) => (
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
      {top?.ok ? (
        <div className="alert alert--ok" role="status">
          {top.ok}
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

      {canEdit ? (
        <section className={`card alert ${ready ? "alert--ok" : "alert--info"} open-tasks`} aria-labelledby="volledig">
          <h2 id="volledig" style={{ marginTop: 0 }}>
            {ready ? "Het concept is volledig" : "Nog te doen voor u het concept kunt vastleggen"}
          </h2>
          {ready ? (
            <>
              <p>Alle verplichte rubrieken, gegevens en ondertekenaars zijn ingevuld. Leg het concept vast als versie {versionCount + 1}: die tekst verandert daarna niet meer.</p>
              <Form method="post">
                <input type="hidden" name="revision" value={agreement.revision} />
                <button className="button" name="intent" value="freeze">
                  Vastleggen als versie {versionCount + 1}
                </button>
              </Form>
            </>
          ) : (
            <ul className="checklist">
              {tasks.map((t) => (
                <li key={t.key}>
                  <a href={t.href}>{t.text}</a>
                </li>
              ))}
            </ul>
          )}
        </section>
      ) : null}

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

      <Signatories parties={parties} signatories={page.signatories} signingOrder={agreement.signingOrder} canEdit={canEdit} revision={agreement.revision} result={result?.area === "signatories" ? result : undefined} />

      <nav className="toolbar" aria-label="Concept">
        {canEdit ? (
          <>
            <Link className="button button--secondary" to="invullen">
              Alle gegevens in één formulier
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
        <Link className="button button--secondary" to="contactpersonen">
          Contactpersonen
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

      <nav className="card outline" aria-labelledby="rubrieken">
        <h2 id="rubrieken" style={{ marginTop: 0 }}>
          Rubrieken
        </h2>
        <ol>
          {sections.map((s) => (
            <li key={s.id}>
              <a href={`#rubriek-${s.id}`} onClick={openSection}>
                {s.title}
              </a>
              {s.unfilledCount > 0 ? <span className="badge badge--concept">{s.unfilledCount} nog in te vullen</span> : null}
              {s.required && s.clauses.length === 0 ? <span className="badge badge--concept">nog geen clausule</span> : null}
            </li>
          ))}
        </ol>
      </nav>

      {sections.map((section) => (
        <details key={section.id} className="section-block" open>
          <summary>
            <h2 id={`sectie-${section.id}`}>
              {section.title}
              {section.required ? "" : " (niet verplicht)"}
            </h2>
            {section.unfilledCount > 0 ? <span className="badge badge--concept">{section.unfilledCount} nog in te vullen</span> : null}
          </summary>
          {/* Sections start open (a jump lands in the text also without JavaScript); a reader may close them. */}
          <span id={`rubriek-${section.id}`} className="section-anchor" />
          {section.clauses.length === 0 ? <p className="meta">Nog geen clausule in deze rubriek.</p> : null}
          {section.clauses.map((clause, index) => (
            <ClauseCard
              key={clause.id}
              clause={clause}
              fields={fields}
              canEdit={canEdit}
              revision={agreement.revision}
              first={index === 0}
              last={index === section.clauses.length - 1}
              saved={!result && savedClause === clause.id}
              result={result?.area === clause.id ? result : undefined}
            />
          ))}
        </details>
      ))}

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
          <ul className="log">
            {audit.map((e) => (
              <li key={e.id}>
                <span className="meta">{e.at}</span> {e.label}
                {e.actor ? <span className="meta"> · {e.actor}</span> : null}
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
