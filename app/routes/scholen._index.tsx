import { data, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import dashboardCss from "~/components/dashboard/dashboard.css?url";
import { ContactSelect } from "~/components/people/contact-select";
import { Pagination } from "~/components/ui/pagination";
import { DashboardStatusBadge } from "~/components/dashboard/status";
import { pageParam, paginate, parseFilters, schoolYearOptions } from "~/domain/dashboards/filters";
import { listPartnerSchoolStatuses, PARTNER_DOCUMENT_TYPES } from "~/domain/onboarding/partner-school-statuses.server";
import { DASHBOARD_STATUS_LABELS, DASHBOARD_STATUSES } from "~/domain/onboarding/school-status";
import { documentTypeLabel } from "~/domain/templates/document-types.server";
import { unlinkSchool } from "~/domain/onboarding/add-school.server";
import { requirePartner, type PartnerKind } from "~/domain/onboarding/service-schools.server";
import { activeMembersOf, SchoolContactSchema, setSchoolContact } from "~/domain/people/agreement-contacts.server";
import { db } from "~/utils/db.server";
import { readFormData } from "~/utils/form-data.server";
import { parseIntent } from "~/utils/intent.server";
import { requestInfo } from "~/utils/request-info.server";
import { schoolYearOf } from "~/domain/calendar";
import { brusselsDate } from "~/domain/calendar/brussels-time";
import { orRespond, replyWithError } from "~/utils/http.server";
import { requireUser } from "~/utils/session.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: dashboardCss }];
export const meta: MetaFunction = () => [{ title: "Scholen — Akkoord" }];

/** What the partner's default person for a school is called on its list (a city's is its contact person). */
const CONTACT_LABELS: Record<PartnerKind, string> = { clb: "Ankerfiguur", brugfiguren: "Brugfiguur", lokaal_bestuur: "Contactpersoon" };

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const params = new URL(request.url).searchParams;
  // The service, CLB or city whose list this is (`?partner=` picks one of the user's own).
  const partner = await orRespond(Promise.resolve().then(() => requirePartner(user, params.get("partner"))));
  const today = brusselsDate(new Date());
  const filters = parseFilters(params, today);
  const search = (params.get("zoek") ?? "").trim().slice(0, 100);
  const documentType = PARTNER_DOCUMENT_TYPES[partner.kind];
  const [all, members] = await Promise.all([
    listPartnerSchoolStatuses({ partnerId: partner.id, documentType, schoolYear: filters.schoolYear, currentSchoolYear: schoolYearOf(today) }),
    // The partner's own active members, once for every row's choice of contact person.
    activeMembersOf(db, [partner.id]),
  ]);
  const municipalities = [...new Set(all.map((s) => s.municipality).filter((m): m is string => Boolean(m)))].sort((a, b) => a.localeCompare(b, "nl-BE"));
  const needle = search.toLocaleLowerCase("nl-BE");
  const shown = all.filter(
    (s) =>
      (!filters.municipality || s.municipality === filters.municipality) &&
      (!filters.status || s.status === filters.status) &&
      (!needle || s.name.toLocaleLowerCase("nl-BE").includes(needle) || (s.instellingsnummer ?? "").includes(needle))
  );
  const imported = Number(params.get("geimporteerd") ?? "0");
  return {
    service: partner,
    isService: partner.kind === "brugfiguren",
    contactLabel: CONTACT_LABELS[partner.kind],
    members: members.map((m) => ({ id: m.id, name: m.name })),
    documentLabel: documentTypeLabel(documentType),
    removed: params.get("verwijderd") === "1",
    schools: paginate(shown, pageParam(params), "pagina"),
    totalAll: all.length,
    municipalities,
    schoolYears: schoolYearOptions(today),
    filters,
    search,
    imported: Number.isInteger(imported) && imported > 0 ? imported : 0,
  };
}

const UnlinkSchema = z.object({ intent: z.literal("unlink"), schoolId: z.string().min(1).max(100), partner: z.string().max(100).optional() });

type ActionData = { contact: { schoolId: string | null; saved?: true; error?: string } };

/**
 * "set-contact": the partner's default person for one of its linked schools
 * (a CLB's ankerfiguur), named in its new agreements with that school; the
 * answer (saved or a refusal) is shown at the school's row.
 * "unlink": removes the partner's own link to a school (the school itself stays in Akkoord).
 */
export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  await orRespond(Promise.resolve().then(() => requirePartner(user)));
  const formData = await readFormData(request);
  if (formData.get("intent") === "set-contact") {
    const rawSchoolId = formData.get("schoolId");
    const row = typeof rawSchoolId === "string" && rawSchoolId.length <= 100 ? rawSchoolId : null;
    const parsed = SchoolContactSchema.safeParse({ schoolId: rawSchoolId ?? undefined, contactUserId: formData.get("contactUserId") ?? undefined });
    if (!parsed.success) {
      // Our own Dutch message per field (zod's own type messages are English).
      const message = parsed.error.issues[0]?.path[0] === "schoolId" ? "Kies een school." : "Kies een persoon, of Niemand.";
      return data<ActionData>({ contact: { schoolId: row, error: message } }, { status: 400 });
    }
    const partner = requirePartner(user, String(formData.get("partner") ?? ""));
    try {
      await setSchoolContact({ user, partnerId: partner.id, ...parsed.data, audit: requestInfo(request) });
    } catch (error) {
      return replyWithError<ActionData>(error, (e) => ({ contact: { schoolId: row, error: e.message } }), []);
    }
    return { contact: { schoolId: parsed.data.schoolId, saved: true } } satisfies ActionData;
  }
  const { schoolId, partner } = parseIntent(UnlinkSchema, formData);
  const result = await orRespond(unlinkSchool({ user, partnerId: partner, schoolId, audit: requestInfo(request) }));
  return redirect(`/scholen?partner=${encodeURIComponent(result.partner.id)}&verwijderd=1`);
}

export default function Schools() {
  const { service, isService, contactLabel, members, documentLabel, removed, schools, totalAll, municipalities, schoolYears, filters, search, imported } =
    useLoaderData<typeof loader>();
  const answer = (useActionData<typeof action>() as ActionData | undefined)?.contact;
  const rowIds = new Set(schools.items.map((s) => s.id));
  return (
    <>
      <h1>{isService ? `Scholen van ${service.name}` : `Onze scholen — ${service.name}`}</h1>
      <p className="lead">
        De scholen waarmee {isService ? "uw brugfigurenwerking" : service.name} samenwerkt, met hun{" "}
        {documentLabel.charAt(0).toLocaleLowerCase("nl-BE") + documentLabel.slice(1)} voor {filters.schoolYear}.
      </p>
      {removed ? (
        <div className="alert alert--ok" role="status">
          De school staat niet meer in uw lijst. Een school waarmee u een overeenkomst hebt, blijft zichtbaar.
        </div>
      ) : null}
      {answer?.error && !(answer.schoolId && rowIds.has(answer.schoolId)) ? (
        <div className="alert alert--error" role="alert">
          {answer.error}
        </div>
      ) : null}
      {imported ? (
        <div className="alert alert--ok" role="status">
          {imported} {imported === 1 ? "school" : "scholen"} geïmporteerd.
        </div>
      ) : null}
      <p className="actions">
        <Link className="button" to="/scholen/nieuw">
          School toevoegen
        </Link>
        {isService ? (
          <>
            <Link className="button button--secondary" to="/scholen/importeren">
              Scholen importeren (CSV)
            </Link>
            <Link className="button button--secondary" to="/scholen/versturen">
              Engagementsverklaring versturen
            </Link>
          </>
        ) : null}
      </p>
      <Form method="get" className="filters" aria-label="Zoeken en filteren">
        <div className="field">
          <label htmlFor="zoek">Naam of instellingsnummer</label>
          <input id="zoek" name="zoek" type="search" defaultValue={search} />
        </div>
        <div className="field">
          <label htmlFor="schooljaar">Schooljaar</label>
          <select id="schooljaar" name="schooljaar" defaultValue={filters.schoolYear}>
            {schoolYears.map((y) => (
              <option key={y} value={y}>
                {y}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="gemeente">Gemeente</label>
          <select id="gemeente" name="gemeente" defaultValue={filters.municipality ?? ""}>
            <option value="">Alle gemeenten</option>
            {municipalities.map((m) => (
              <option key={m} value={m}>
                {m}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="status">{documentLabel}</label>
          <select id="status" name="status" defaultValue={filters.status ?? ""}>
            <option value="">Alle</option>
            {DASHBOARD_STATUSES.map((s) => (
              <option key={s} value={s}>
                {DASHBOARD_STATUS_LABELS[s]}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button button--secondary">
          Zoeken
        </button>
      </Form>
      {totalAll === 0 ? (
        <p>U hebt nog geen scholen. Voeg een school toe met haar instellingsnummer{isService ? ", of importeer een lijst" : ""}.</p>
      ) : schools.total === 0 ? (
        <p>Geen scholen gevonden voor deze zoekopdracht.</p>
      ) : (
        <div className="table-wrap">
          <table className="cards">
            <caption>
              {schools.total} van {totalAll} scholen
            </caption>
            <thead>
              <tr>
                <th scope="col">School</th>
                <th scope="col">Instellingsnummer</th>
                <th scope="col">Gemeente</th>
                {isService ? <th scope="col">Intake</th> : null}
                <th scope="col">{contactLabel}</th>
                <th scope="col">
                  {documentLabel} {filters.schoolYear}
                </th>
                <th scope="col">Lijst</th>
              </tr>
            </thead>
            <tbody>
              {schools.items.map((s) => (
                <tr key={s.id}>
                  <td>{isService ? <Link to={`/scholen/${s.id}`}>{s.name}</Link> : s.name}</td>
                  <td data-label="Instellingsnummer">{s.instellingsnummer ?? ""}</td>
                  <td data-label="Gemeente">{s.municipality ?? ""}</td>
                  {isService ? <td data-label="Intake">{s.hasIntake ? "Ingevuld" : <Link to={`/scholen/${s.id}/intake`}>Nog invullen</Link>}</td> : null}
                  <td data-label={contactLabel}>
                    {s.linked ? (
                      <ContactForm
                        schoolId={s.id}
                        schoolName={s.name}
                        partnerId={service.id}
                        label={contactLabel}
                        members={members}
                        current={s.contactUserId}
                        answer={answer?.schoolId === s.id ? answer : undefined}
                      />
                    ) : null}
                  </td>
                  <td data-label={`${documentLabel} ${filters.schoolYear}`}>
                    <DashboardStatusBadge status={s.status} />
                  </td>
                  <td data-label="Lijst">
                    {s.linked ? (
                      <Form method="post">
                        <input type="hidden" name="schoolId" value={s.id} />
                        <input type="hidden" name="partner" value={service.id} />
                        <button type="submit" name="intent" value="unlink" className="button button--secondary" aria-label={`Uit de lijst halen: ${s.name}`}>
                          Uit de lijst halen
                        </button>
                      </Form>
                    ) : (
                      <span className="meta">Via een overeenkomst</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pagination page={schools.page} pageCount={schools.pageCount} param={schools.param} label="Pagina's van de scholen" />
    </>
  );
}

/** The partner's default person for one school: a select of its own active members and "Opslaan" (works without JavaScript). */
function ContactForm(props: {
  schoolId: string;
  schoolName: string;
  partnerId: string;
  label: string;
  members: Array<{ id: string; name: string }>;
  current: string | null;
  answer?: { saved?: true; error?: string };
}) {
  const { schoolId, current, answer } = props;
  const id = `contact-${schoolId}`;
  return (
    <Form method="post" className="inline-forms" preventScrollReset>
      <input type="hidden" name="schoolId" value={schoolId} />
      <input type="hidden" name="partner" value={props.partnerId} />
      <label htmlFor={id} className="visually-hidden">
        {props.label} voor {props.schoolName}
      </label>
      <ContactSelect
        id={id}
        members={props.members}
        current={current}
        aria-invalid={answer?.error ? true : undefined}
        aria-describedby={answer?.error ? `${id}-error` : undefined}
      />
      <button type="submit" name="intent" value="set-contact" className="button button--small button--secondary">
        Opslaan
      </button>
      {answer?.error ? (
        <p id={`${id}-error`} className="field-error" role="alert">
          {answer.error}
        </p>
      ) : answer?.saved ? (
        <p className="meta" role="status">
          Bewaard.
        </p>
      ) : null}
    </Form>
  );
}
