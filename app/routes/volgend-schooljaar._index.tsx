import { data, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useLocation } from "@remix-run/react";
import { z } from "zod";
import dashboardCss from "~/components/dashboard/dashboard.css?url";
import { FilterSelect } from "~/components/dashboard/filters";
import { FormErrors } from "~/components/ui/field";
import {
  EVALUATION_STATE_LABELS,
  EVALUATION_STATES,
  NEXT_YEAR_STATE_LABELS,
  NEXT_YEAR_STATES,
  type EvaluationState,
  type NextYearState,
} from "~/domain/renewal/board-kinds";
import { loadBoard } from "~/domain/renewal/board.server";
import { BULK_RENEW_MAX, startBulkRenewal } from "~/domain/renewal/bulk-renew.server";
import { readFormData } from "~/utils/form-data.server";
import { orRespond, replyWithError } from "~/utils/http.server";
import { requestInfo } from "~/utils/request-info.server";
import { requireUser } from "~/utils/session.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: dashboardCss }];
export const meta: MetaFunction = () => [{ title: "Volgend schooljaar — Akkoord" }];

const FiltersSchema = z.object({
  organisatie: z.string().max(100).optional().catch(undefined),
  volgend: z.enum(NEXT_YEAR_STATES).optional().catch(undefined),
  evaluatie: z.enum(EVALUATION_STATES).optional().catch(undefined),
  gemeente: z.string().max(200).optional().catch(undefined),
});

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const params = new URL(request.url).searchParams;
  const filters = FiltersSchema.parse(Object.fromEntries(params));
  const board = await orRespond(
    loadBoard({
      user,
      organisationId: filters.organisatie || null,
      filters: { state: filters.volgend ?? null, evaluation: filters.evaluatie ?? null, municipality: filters.gemeente || null },
    }),
  );
  return { ...board, filters, allChecked: params.get("alles") === "1" };
}

const RenewSchema = z.object({
  organisationId: z.string().min(1).max(100),
  school: z.array(z.string().min(1).max(100)).max(BULK_RENEW_MAX, `Kies hoogstens ${BULK_RENEW_MAX} scholen per keer.`),
  versturen: z.literal("1").optional(),
});

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const formData = await readFormData(request);
  const parsed = RenewSchema.safeParse({
    organisationId: formData.get("organisationId"),
    school: formData.getAll("school"),
    versturen: formData.get("versturen") ?? undefined,
  });
  if (!parsed.success) return data({ message: parsed.error.issues[0]?.message ?? "Het formulier was onvolledig." }, { status: 400 });
  try {
    const { jobId } = await startBulkRenewal({
      user,
      organisationId: parsed.data.organisationId,
      schoolIds: parsed.data.school,
      send: parsed.data.versturen === "1",
      audit: requestInfo(request),
    });
    return redirect(`/volgend-schooljaar/${jobId}`);
  } catch (error) {
    return replyWithError(error, (e) => ({ message: e.message }), ["FORBIDDEN", "NOT_FOUND"]);
  }
}

/** The board's query with one filter changed. */
function query(filters: Record<string, string | undefined>, change: Record<string, string | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries({ ...filters, ...change })) if (value) params.set(key, value);
  const text = params.toString();
  return text ? `?${text}` : "?";
}

export default function NextSchoolYear() {
  const board = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const location = useLocation();
  const { organisation, filters } = board;
  const nounTitle = organisation.noun[0]!.toUpperCase() + organisation.noun.slice(1);
  const base = { organisatie: board.organisations.length > 1 ? organisation.id : undefined, volgend: filters.volgend, evaluatie: filters.evaluatie, gemeente: filters.gemeente };
  return (
    <>
      <h1>Volgend schooljaar</h1>
      <p className="lead">
        {organisation.name}: per school de {organisation.noun} voor {board.nextYear} en de evaluatie van {board.thisYear}.
      </p>
      <FormErrors errors={result?.message ? [result.message] : undefined} />

      <section aria-labelledby="tellingen" className="card">
        <h2 id="tellingen" style={{ marginTop: 0 }}>
          {board.total} {board.total === 1 ? "school" : "scholen"}
        </h2>
        <p>
          <strong>
            {nounTitle} {board.nextYear}:
          </strong>{" "}
          {NEXT_YEAR_STATES.map((s, i) => (
            <span key={s}>
              {i > 0 ? " · " : null}
              <Link to={query(base, { volgend: filters.volgend === s ? undefined : s })} aria-current={filters.volgend === s ? "true" : undefined}>
                {NEXT_YEAR_STATE_LABELS[s]} ({board.stateCounts[s as NextYearState]})
              </Link>
            </span>
          ))}
        </p>
        <p style={{ marginBottom: 0 }}>
          <strong>Evaluatie {board.thisYear}:</strong>{" "}
          {EVALUATION_STATES.map((s, i) => (
            <span key={s}>
              {i > 0 ? " · " : null}
              <Link to={query(base, { evaluatie: filters.evaluatie === s ? undefined : s })} aria-current={filters.evaluatie === s ? "true" : undefined}>
                {EVALUATION_STATE_LABELS[s]} ({board.evaluationCounts[s as EvaluationState]})
              </Link>
            </span>
          ))}
        </p>
      </section>

      <Form method="get" className="filters" aria-label="Scholen tonen">
        {board.organisations.length > 1 ? (
          <FilterSelect
            id="f-organisatie"
            name="organisatie"
            label="Organisatie"
            value={organisation.id}
            options={board.organisations.map((o) => ({ value: o.id, label: o.name }))}
          />
        ) : null}
        <FilterSelect
          id="f-volgend"
          name="volgend"
          label={`${nounTitle} ${board.nextYear}`}
          value={filters.volgend ?? ""}
          options={NEXT_YEAR_STATES.map((s) => ({ value: s, label: NEXT_YEAR_STATE_LABELS[s] }))}
          all="Alle"
        />
        <FilterSelect
          id="f-evaluatie"
          name="evaluatie"
          label={`Evaluatie ${board.thisYear}`}
          value={filters.evaluatie ?? ""}
          options={EVALUATION_STATES.map((s) => ({ value: s, label: EVALUATION_STATE_LABELS[s] }))}
          all="Alle"
        />
        {board.municipalities.length > 1 ? (
          <FilterSelect
            id="f-gemeente"
            name="gemeente"
            label="Gemeente"
            value={filters.gemeente ?? ""}
            options={board.municipalities.map((m) => ({ value: m, label: m }))}
            all="Alle gemeenten"
          />
        ) : null}
        <button type="submit" className="button button--secondary">
          Toon
        </button>
      </Form>

      {board.schools.length === 0 ? (
        <p>Geen scholen met deze keuze.</p>
      ) : (
        // Keyed by the query: defaultChecked only counts when a checkbox is made, so "Alles selecteren" (&alles=1)
        // re-makes the form on a client-side navigation instead of keeping the old ticks.
        <Form method="post" key={location.search}>
          <input type="hidden" name="organisationId" value={organisation.id} />
          <fieldset className="card">
            <legend>
              <h2 style={{ margin: 0 }}>Scholen ({board.schools.length})</h2>
            </legend>
            {organisation.canRenew ? (
              <p className="toolbar">
                <Link to={query(base, { alles: "1" })} preventScrollReset>
                  Alles selecteren
                </Link>
                <Link to={query(base, {})} preventScrollReset>
                  Niets selecteren
                </Link>
              </p>
            ) : null}
            <ul className="checkbox-list">
              {board.schools.map((s) => {
                const text = (
                  <span>
                    {s.name}
                    {s.municipality ? <span className="meta"> · {s.municipality}</span> : null}
                    <br />
                    <span className="meta">
                      {board.nextYear}:{" "}
                      {s.next.agreementId ? (
                        <Link to={`/overeenkomsten/${s.next.agreementId}`}>{NEXT_YEAR_STATE_LABELS[s.next.state]}</Link>
                      ) : (
                        NEXT_YEAR_STATE_LABELS[s.next.state]
                      )}{" "}
                      · evaluatie {board.thisYear}: {EVALUATION_STATE_LABELS[s.evaluation].toLowerCase()}
                      {s.signedThisYearId ? null : ` · geen ondertekende ${organisation.noun} voor ${board.thisYear}`}
                    </span>
                  </span>
                );
                return (
                  <li key={s.id}>
                    {organisation.canRenew ? (
                      <label>
                        <input type="checkbox" name="school" value={s.id} defaultChecked={board.allChecked} />
                        {text}
                      </label>
                    ) : (
                      text
                    )}
                  </li>
                );
              })}
            </ul>
          </fieldset>
          {organisation.canRenew ? (
            <>
              <div className="field">
                <label>
                  <input type="checkbox" name="versturen" value="1" /> Meteen vastleggen en ter ondertekening versturen
                </label>
              </div>
              <p className="hint">
                Elke gekozen school krijgt een concept voor {board.nextYear} uit haar laatst ondertekende {organisation.noun}, met de openstaande
                afspraken en de evaluatienotities bij de clausules. Een school die al een {organisation.noun} voor {board.nextYear} heeft, krijgt geen
                tweede.
              </p>
              <div className="actions">
                <button type="submit" className="button">
                  Vernieuwen voor {board.nextYear}
                </button>
              </div>
            </>
          ) : null}
        </Form>
      )}
    </>
  );
}
