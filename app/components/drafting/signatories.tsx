import { Form, Link } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { Field } from "~/components/ui/field";
import { PARTY_STATUS_LABELS } from "~/domain/drafting/parties";
import { MAX_SIGNING_GROUP, SIGNING_ORDER_LABELS, SIGNING_ORDERS } from "~/domain/drafting/signing-order";

type Party = {
  id: string;
  roleLabel: string;
  name: string;
  /** The name with the board behind it: "VBS X, ingericht door vzw Y". */
  displayName: string;
  boardName: string | null;
  /** The user acts for this party (only then may they say someone signs for its board). */
  own: boolean;
  status: string;
  signatoryFunctions: string[];
};
type Signatory = {
  id: string;
  name: string;
  functionTitle: string;
  email: string;
  kind: string;
  party: string;
  onBehalf: string | null;
  /** Its signing group (with "groepen"), or the group it would get. */
  group: number;
  proposed: boolean;
  namedBy: string | null;
  confirmedBy: string | null;
  canConfirm: boolean;
  canRemove: boolean;
};
type Result = { message?: string; ok?: string; added?: string; fieldErrors?: Record<string, string[]>; values?: Record<string, string> };

/**
 * The parties and their signatories (a list: one card per person, readable on
 * a phone) and the form to add one. What a signatory action answers is shown
 * here, right under the form; after adding, the form starts empty (it is keyed by
 * the person just added, so also with JavaScript the old values go).
 */
export function Signatories(props: { parties: Party[]; signatories: Signatory[]; signingOrder: string; canEdit: boolean; revision: number; result?: Result }) {
  const { parties, signatories, signingOrder, canEdit, revision, result } = props;
  const signers = signatories.filter((s) => s.kind !== "cc");
  const fieldError = (field: string) => result?.fieldErrors?.[field]?.[0];
  const errorsOf = (field: string) => (fieldError(field) ? [fieldError(field)!] : undefined);
  // A message that is also a field's error is said there, once.
  const fieldMessages = Object.values(result?.fieldErrors ?? {}).flat();
  const formMessage = result?.message && !fieldMessages.includes(result.message) ? result.message : undefined;
  const values = result?.ok ? undefined : result?.values;
  // Someone signs "namens het schoolbestuur" only for a party of the user's own that has a board.
  const boardParties = parties.filter((p) => p.own && p.boardName);
  // With JavaScript the page stays where it was: bring the answer into view, under the button.
  const answerRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    answerRef.current?.scrollIntoView({ block: "nearest" });
  }, [result]);
  return (
    <section className="card" aria-labelledby="ondertekenaars" id="ondertekenaars-blok">
      <h2 id="ondertekenaars" style={{ marginTop: 0 }}>
        Ondertekenaars
      </h2>
      <ul className="meta">
        {parties.map((p) => (
          <li key={p.id}>
            {p.roleLabel}: {p.displayName} — {PARTY_STATUS_LABELS[p.status] ?? p.status}
          </li>
        ))}
      </ul>
      <p>
        <Link to="partijen">{canEdit ? "Partijen zoeken, toevoegen of verwijderen" : "Alle partijen bekijken"}</Link>
      </p>
      {signatories.length === 0 ? (
        <p>Nog niemand toegevoegd.</p>
      ) : (
        <ul className="signatory-list">
          {signatories.map((s) => (
            <li key={s.id} className="signatory">
              <p className="signatory__name">
                <strong>{s.name}</strong>, {s.functionTitle} — {s.party}
                {s.onBehalf ? <span>, {s.onBehalf}</span> : null}
              </p>
              <p className="meta signatory__details">
                <span>{s.email}</span> · <span>{s.kind === "cc" ? "ter info" : "ondertekent"}</span>
                {" · "}
                {s.proposed ? <strong>voorgesteld, nog niet bevestigd</strong> : null}
                {s.proposed ? " · " : ""}
                aangeduid door {s.namedBy ?? "—"}
                {!s.proposed && s.confirmedBy && s.confirmedBy !== s.namedBy ? ` · bevestigd door ${s.confirmedBy}` : ""}
              </p>
              {canEdit && (s.canConfirm || s.canRemove) ? (
                <Form method="post" preventScrollReset className="inline-forms">
                  <input type="hidden" name="revision" value={revision} />
                  <input type="hidden" name="signatoryId" value={s.id} />
                  {s.canConfirm ? (
                    <button className="button button--small" name="intent" value="confirm-signatory">
                      Bevestigen<span className="visually-hidden">: {s.name}</span>
                    </button>
                  ) : null}
                  {s.canRemove ? (
                    <button className="button button--danger button--small" name="intent" value="remove-signatory">
                      {s.proposed && s.canConfirm ? "Weigeren" : "Verwijderen"}
                      <span className="visually-hidden">: {s.name}</span>
                    </button>
                  ) : null}
                </Form>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {canEdit && signers.length > 1 ? (
        <Form method="post" action="?index#ondertekenaars-antwoord" className="narrow" preventScrollReset aria-labelledby="volgorde-kiezen">
          <h3 id="volgorde-kiezen">Volgorde van ondertekenen</h3>
          <input type="hidden" name="revision" value={revision} />
          <Field id="signing-order" label="Wie tekent wanneer" errors={errorsOf("signingOrder")}>
            <select id="signing-order" name="signingOrder" defaultValue={values?.signingOrder ?? signingOrder}>
              <SigningOrderOptions />
            </select>
          </Field>
          <fieldset className="field signing-groups">
            <legend>Groep per ondertekenaar (alleen bij ondertekenen in groepen)</legend>
            <p className="meta">
              Groep 1 tekent eerst; wie hetzelfde nummer heeft, tekent tegelijk. Een nummer van 1 tot {MAX_SIGNING_GROUP}. Standaard tekenen de scholen en
              partners samen in groep 1 en het lokaal bestuur als laatste.
            </p>
            {signers.map((s) => (
              <Field key={s.id} id={`group-${s.id}`} label={`${s.name} (${s.party})`} errors={errorsOf(`group:${s.id}`)}>
                <input
                  id={`group-${s.id}`}
                  name={`group:${s.id}`}
                  type="text"
                  inputMode="numeric"
                  size={3}
                  defaultValue={values?.[`group:${s.id}`] ?? String(s.group)}
                  aria-invalid={fieldError(`group:${s.id}`) ? true : undefined}
                  aria-describedby={fieldError(`group:${s.id}`) ? `group-${s.id}-error` : undefined}
                />
              </Field>
            ))}
          </fieldset>
          <button className="button" name="intent" value="signing-order">
            Volgorde bewaren
          </button>
        </Form>
      ) : null}
      {canEdit ? (
        <Form
          method="post"
          // Without JavaScript the answer page opens at this form, where the answer is.
          action="?index#ondertekenaars-antwoord"
          className="narrow"
          preventScrollReset
          key={result?.added ?? "nieuw"}
          aria-labelledby="ondertekenaar-toevoegen"
        >
          <h3 id="ondertekenaar-toevoegen">Ondertekenaar toevoegen</h3>
          <p className="meta">
            Voor uw eigen organisatie duidt u de ondertekenaar aan. Voor een andere partij doet u een voorstel: een lid van die partij bevestigt het
            (of vervangt het) voor de overeenkomst vastgelegd en verstuurd kan worden.
          </p>
          <input type="hidden" name="revision" value={revision} />
          <Field id="signatory-party" label="Partij" errors={errorsOf("partyId")}>
            <select id="signatory-party" name="partyId" defaultValue={values?.partyId ?? parties[0]?.id}>
              {parties.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.roleLabel}: {p.name}
                </option>
              ))}
            </select>
          </Field>
          <Field id="signatory-name" label="Naam" errors={errorsOf("name")}>
            <input id="signatory-name" name="name" type="text" autoComplete="off" defaultValue={values?.name} aria-invalid={fieldError("name") ? true : undefined} aria-describedby={fieldError("name") ? "signatory-name-error" : undefined} />
          </Field>
          <Field id="signatory-function" label="Functie" hint="Bijvoorbeeld directeur, CLB-directeur, coördinator brugfiguren." errors={errorsOf("functionTitle")}>
            <input
              id="signatory-function"
              name="functionTitle"
              type="text"
              list="signatory-functions"
              defaultValue={values?.functionTitle}
              aria-invalid={fieldError("functionTitle") ? true : undefined}
              aria-describedby={["signatory-function-hint", fieldError("functionTitle") ? "signatory-function-error" : ""].filter(Boolean).join(" ")}
            />
            <datalist id="signatory-functions">
              {[...new Set(parties.flatMap((p) => p.signatoryFunctions))].map((f) => (
                <option key={f} value={f} />
              ))}
            </datalist>
          </Field>
          <Field id="signatory-email" label="E-mailadres" errors={errorsOf("email")}>
            <input id="signatory-email" name="email" type="email" autoComplete="off" defaultValue={values?.email} aria-invalid={fieldError("email") ? true : undefined} aria-describedby={fieldError("email") ? "signatory-email-error" : undefined} />
          </Field>
          <fieldset className="field">
            <legend>Rol</legend>
            <label>
              <input type="radio" name="kind" value="signer" defaultChecked={values?.kind !== "cc"} /> ondertekent
            </label>{" "}
            <label>
              <input type="radio" name="kind" value="cc" defaultChecked={values?.kind === "cc"} /> ter info (krijgt de ondertekende versie)
            </label>
          </fieldset>
          {boardParties.length > 0 ? (
            <div className="field">
              <label>
                <input type="checkbox" name="onBehalfOfBoard" defaultChecked={values?.onBehalfOfBoard === "on"} aria-describedby="signatory-board-hint" /> Tekent namens het
                schoolbestuur
              </label>
              <span className="hint" id="signatory-board-hint">
                Alleen voor uw eigen organisatie: {boardParties.map((p) => `${p.name} (${p.boardName})`).join(", ")}.
              </span>
              {fieldError("onBehalfOfBoard") ? (
                <p className="field-error" id="signatory-board-error">
                  {fieldError("onBehalfOfBoard")}
                </p>
              ) : null}
            </div>
          ) : null}
          {boardParties.length > 0 ? (
            <Field id="signatory-mandate" label="Mandaat (niet verplicht)" hint="Bijvoorbeeld: gemandateerd door de raad van bestuur van 12 juni 2026." errors={errorsOf("mandate")}>
              <input id="signatory-mandate" name="mandate" type="text" maxLength={200} defaultValue={values?.mandate} aria-describedby="signatory-mandate-hint" />
            </Field>
          ) : null}
          <button className="button" name="intent" value="add-signatory">
            Toevoegen
          </button>
        </Form>
      ) : null}
      <span id="ondertekenaars-antwoord" className="section-anchor" />
      {result?.ok ? (
        <div className="alert alert--ok" role="status" ref={answerRef}>
          {result.ok}
        </div>
      ) : null}
      {formMessage ? (
        <div className="alert alert--error" role="alert" ref={answerRef}>
          {formMessage}
        </div>
      ) : null}
    </section>
  );
}

/** The options of a signing-order select, one label per order (also on the agreement's edit page). */
export function SigningOrderOptions() {
  return (
    <>
      {SIGNING_ORDERS.map((order) => (
        <option key={order} value={order}>
          {SIGNING_ORDER_LABELS[order]}
        </option>
      ))}
    </>
  );
}
