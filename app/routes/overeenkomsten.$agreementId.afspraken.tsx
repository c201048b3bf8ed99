import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { ActionMessages } from "~/components/ui/action-messages";
import { Field } from "~/components/ui/field";
import { membershipsAllow } from "~/domain/access/policy";
import { CommitmentPersonSchema, nameCommitmentPerson, PERSON_RASCI } from "~/domain/commitments/commitment-people.server";
import { addCommitment, listCommitments, updateCommitment } from "~/domain/commitments/commitments.server";
import { listAgreementContacts } from "~/domain/people/agreement-contacts.server";
import { CommitmentUpdateSchema, NewCommitmentSchema } from "~/domain/commitments/schemas";
import { CADENCE_LABELS, cadenceLabel } from "~/domain/calendar/cadence";
import { COMMITMENT_STATUS_LABELS, COMMITMENT_STATUSES, isOverdue, type CommitmentStatus } from "~/domain/commitments/vocabulary";
import { brusselsDate } from "~/domain/calendar/brussels-time";
import { formatDateNlBe } from "~/domain/templates/render";
import { readFormData } from "~/utils/form-data.server";
import { orRespond, replyWithError } from "~/utils/http.server";
import { requestInfo } from "~/utils/request-info.server";
import { requireUser } from "~/utils/session.server";

export const meta: MetaFunction = () => [{ title: "Afspraken — Akkoord" }];

/** "A, B en C (samen)" when several parties are responsible together; null for one or none. */
function togetherLabel(names: string[]): string | null {
  if (names.length < 2) return null;
  return `${names.slice(0, -1).join(", ")} en ${names.at(-1)} (samen)`;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const agreementId = params.agreementId ?? "";
  const [{ agreement, commitments }, people] = await Promise.all([
    orRespond(listCommitments({ user, agreementId })),
    orRespond(listAgreementContacts({ user, agreementId })),
  ]);
  const partyPeople = new Map(people.parties.map((p) => [p.id, p]));
  const today = brusselsDate(new Date());
  return {
    agreement: { id: agreement.id, title: agreement.title },
    canUpdate: membershipsAllow(user.memberships, "agreement:evaluate", agreement.parties.map((p) => p.organisationId)),
    parties: agreement.parties.map((p) => ({ id: p.id, name: p.organisation.name })),
    commitments: commitments.map((c) => ({
      id: c.id,
      what: c.what,
      howMeasured: c.howMeasured,
      dueDate: c.dueDate,
      /** "15 oktober 2026" */
      due: c.dueDate ? formatDateNlBe(c.dueDate) : null,
      overdue: isOverdue(c, today),
      cadence: cadenceLabel(c.cadence),
      status: c.status,
      statusLabel: COMMITMENT_STATUS_LABELS[c.status as CommitmentStatus] ?? c.status,
      // Parties that carry a commitment together are all named; one that binds each party on its own names that party.
      bearer: togetherLabel(c.roles.filter((r) => r.rasci === "R").map((r) => r.party.organisation.name)) ?? c.bearer?.organisation.name ?? "—",
      rasci: c.roles.map((r) => `${r.party.organisation.name}: ${r.rasci}`).join(" · "),
      // The R and A roles name a person; without one the party's contact people carry it.
      carriers: c.roles
        .filter((r) => (PERSON_RASCI as readonly string[]).includes(r.rasci))
        .map((r) => {
          const party = partyPeople.get(r.partyId);
          const contacts = [...new Set(party?.contacts.map((k) => k.user.name))];
          return {
            roleId: r.id,
            rasci: r.rasci,
            party: r.party.organisation.name,
            person: r.user?.name ?? null,
            personId: r.user?.id ?? "",
            fallback: contacts.length > 0 ? `contactpersoon: ${contacts.join(", ")}` : "beheerder van de organisatie",
            // Only the party itself names its person.
            members: party?.own ? party.members : null,
          };
        }),
      evidenceNote: c.evidenceNote,
      evidenceUrl: c.evidenceUrl,
      carriedOver: c.carriedOverFrom !== null,
      history: c.statusChanges.map((h) => ({
        id: h.id,
        at: h.changedAt.toLocaleDateString("nl-BE"),
        to: COMMITMENT_STATUS_LABELS[h.toStatus as CommitmentStatus] ?? h.toStatus,
        note: h.note,
        by: h.changedBy?.name ?? "",
      })),
    })),
    statuses: COMMITMENT_STATUSES.map((s) => ({ id: s, label: COMMITMENT_STATUS_LABELS[s] })),
  };
}

type Result = { ok?: string; message?: string; commitmentId?: string; fieldErrors?: Record<string, string[] | undefined>; values?: Record<string, string> };

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const agreementId = params.agreementId ?? "";
  await orRespond(listCommitments({ user, agreementId }));
  const formData = await readFormData(request, { multiLine: ["what"] });
  const values = Object.fromEntries([...formData].map(([k, v]) => [k, String(v)]));
  const ctx = { user, agreementId, audit: requestInfo(request) };
  try {
    if (values.intent === "person") {
      const parsed = CommitmentPersonSchema.safeParse(values);
      if (!parsed.success) {
        return data({ message: parsed.error.issues[0]?.message ?? "Controleer de gegevens.", values } satisfies Result, { status: 400 });
      }
      await nameCommitmentPerson({ ...ctx, input: parsed.data });
      return { ok: "De persoon is aangeduid." } satisfies Result;
    }
    if (values.intent === "add") {
      const parsed = NewCommitmentSchema.safeParse(values);
      if (!parsed.success) {
        return data({ message: "Controleer de nieuwe afspraak.", fieldErrors: parsed.error.flatten().fieldErrors, values } satisfies Result, { status: 400 });
      }
      await addCommitment({ ...ctx, input: parsed.data });
      return { ok: "De afspraak is toegevoegd." } satisfies Result;
    }
    const parsed = CommitmentUpdateSchema.safeParse(values);
    if (!parsed.success) {
      return data(
        { message: parsed.error.issues[0]?.message ?? "Controleer de gegevens.", commitmentId: values.commitmentId, fieldErrors: parsed.error.flatten().fieldErrors, values } satisfies Result,
        { status: 400 },
      );
    }
    await updateCommitment({ ...ctx, input: parsed.data });
    return { ok: "De afspraak is bijgewerkt." } satisfies Result;
  } catch (error) {
    return replyWithError(error, (e) => ({ message: e.message, values }) satisfies Result);
  }
}

export default function Commitments() {
  const { agreement, canUpdate, parties, commitments, statuses } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as Result | undefined;
  const fieldError = (name: string) => result?.fieldErrors?.[name]?.[0];
  return (
    <>
      <p className="meta">
        <Link to={`/overeenkomsten/${agreement.id}`}>← {agreement.title}</Link>
      </p>
      <h1>Afspraken</h1>
      <ActionMessages ok={result?.ok} message={result?.message} />
      {commitments.length === 0 ? <p>Nog geen afspraken. Ze komen uit de clausules zodra de overeenkomst ondertekend is, of u voegt ze hieronder toe.</p> : null}
      {commitments.map((c) => (
        <article key={c.id} className="clause">
          <h2 style={{ fontSize: "1.05rem", margin: 0 }}>{c.what}</h2>
          <p className="meta">
            Draagt: {c.bearer} · {c.cadence}
            {c.due ? (
              <>
                {" · tegen "}
                <time dateTime={c.dueDate ?? undefined}>{c.due}</time>
              </>
            ) : null}
            {c.overdue ? (
              <>
                {" "}
                <span className="badge badge--verlopen">over tijd</span>
              </>
            ) : null}{" "}
            · status: <strong>{c.statusLabel}</strong>
            {c.carriedOver ? " · overgenomen van vorig jaar" : ""}
          </p>
          {c.howMeasured ? <p>Hoe we het meten: {c.howMeasured}</p> : null}
          {c.rasci ? <p className="meta">RASCI: {c.rasci}</p> : null}
          {c.carriers.length > 0 ? (
            <ul className="meta">
              {c.carriers.map((r) => (
                <li key={r.roleId}>
                  {r.rasci} bij {r.party}: {r.person ?? `niemand bij naam (${r.fallback})`}
                  {r.members ? (
                    <Form method="post" className="inline-forms">
                      <input type="hidden" name="roleId" value={r.roleId} />
                      <label htmlFor={`person-${r.roleId}`} className="visually-hidden">
                        Persoon voor {r.rasci} bij {r.party}
                      </label>
                      <select id={`person-${r.roleId}`} name="userId" defaultValue={r.personId}>
                        <option value="">De contactpersoon van {r.party}</option>
                        {r.members.map((m) => (
                          <option key={m.id} value={m.id}>
                            {m.name}
                          </option>
                        ))}
                      </select>
                      <button className="button button--small" name="intent" value="person">
                        Aanduiden
                      </button>
                    </Form>
                  ) : null}
                </li>
              ))}
            </ul>
          ) : null}
          {c.evidenceNote || c.evidenceUrl ? (
            <p>
              Bewijs: {c.evidenceNote}{" "}
              {c.evidenceUrl ? (
                <a href={c.evidenceUrl} rel="noreferrer noopener" target="_blank">
                  link
                </a>
              ) : null}
            </p>
          ) : null}
          {canUpdate ? (
            <Form method="post" className="inline-forms">
              <input type="hidden" name="commitmentId" value={c.id} />
              <label htmlFor={`status-${c.id}`} className="visually-hidden">
                Status
              </label>
              <select id={`status-${c.id}`} name="status" defaultValue={c.status}>
                {statuses.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.label}
                  </option>
                ))}
              </select>
              <label htmlFor={`note-${c.id}`} className="visually-hidden">
                Notitie
              </label>
              <input id={`note-${c.id}`} name="note" type="text" placeholder="Notitie" />
              <label htmlFor={`evidence-${c.id}`} className="visually-hidden">
                Bewijs
              </label>
              <input id={`evidence-${c.id}`} name="evidenceNote" type="text" placeholder="Bewijs (notitie)" defaultValue={c.evidenceNote ?? ""} />
              <label htmlFor={`url-${c.id}`} className="visually-hidden">
                Link naar bewijs
              </label>
              <input id={`url-${c.id}`} name="evidenceUrl" type="url" placeholder="https://…" defaultValue={c.evidenceUrl ?? ""} />
              <button className="button button--small">Bijwerken</button>
              {result?.commitmentId === c.id && result.message ? <p className="field-error">{result.message}</p> : null}
            </Form>
          ) : null}
          {c.history.length > 0 ? (
            <details className="aids">
              <summary>Geschiedenis</summary>
              <ul>
                {c.history.map((h) => (
                  <li key={h.id}>
                    {h.at}: {h.to}
                    {h.note ? ` — ${h.note}` : ""}
                    {h.by ? ` (${h.by})` : ""}
                  </li>
                ))}
              </ul>
            </details>
          ) : null}
        </article>
      ))}
      {canUpdate ? (
        <Form method="post" className="card narrow">
          <h2>Afspraak toevoegen</h2>
          <Field id="what" label="Wat wordt er beloofd?" errors={fieldError("what") ? [fieldError("what")!] : undefined}>
            <textarea id="what" name="what" rows={2} defaultValue={result?.values?.what} />
          </Field>
          <Field id="howMeasured" label="Hoe meten we of het gelukt is?">
            <input id="howMeasured" name="howMeasured" type="text" defaultValue={result?.values?.howMeasured} />
          </Field>
          <Field id="dueDate" label="Tegen wanneer? (niet verplicht)" errors={fieldError("dueDate") ? [fieldError("dueDate")!] : undefined}>
            <input id="dueDate" name="dueDate" type="date" defaultValue={result?.values?.dueDate} />
          </Field>
          <Field id="cadence" label="Hoe vaak?" errors={fieldError("cadence") ? [fieldError("cadence")!] : undefined}>
            <select id="cadence" name="cadence" defaultValue={result?.values?.cadence ?? "eenmalig"}>
              {Object.entries(CADENCE_LABELS).map(([id, label]) => (
                <option key={id} value={id}>
                  {label}
                </option>
              ))}
            </select>
          </Field>
          <Field id="bearerPartyId" label="Wie draagt de afspraak?" errors={fieldError("bearerPartyId") ? [fieldError("bearerPartyId")!] : undefined}>
            <select id="bearerPartyId" name="bearerPartyId" defaultValue={result?.values?.bearerPartyId}>
              {parties.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </select>
          </Field>
          <button className="button" name="intent" value="add">
            Toevoegen
          </button>
        </Form>
      ) : null}
    </>
  );
}
