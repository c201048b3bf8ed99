import { data, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import dashboardCss from "~/components/dashboard/dashboard.css?url";
import { formatDay } from "~/domain/calendar/brussels-format";
import { PdfLink } from "~/components/dashboard/pdf-link";
import { StatusBadge } from "~/components/status-badge";
import { ContactSelect } from "~/components/people/contact-select";
import { Field } from "~/components/ui/field";
import { documentTypeLabel } from "~/domain/templates/document-types.server";
import { mayEditSchoolDetails, refreshSchoolDetails, requireSchoolDetailsEditor, updateSchoolDetails } from "~/domain/onboarding/add-school.server";
import { DIRECTIE_AKKOORD, INTAKE_COMMITMENTS, INTAKE_QUESTIONS, parseStoredIntake } from "~/domain/onboarding/intake";
import { EDUCATION_LEVEL_LABELS, SchoolFieldsSchema, type EducationLevel } from "~/domain/onboarding/school-fields";
import { findSchoolWithIntake, onboardingServices } from "~/domain/onboarding/service-schools.server";
import { schoolContactChoice, SchoolContactSchema, setSchoolContact } from "~/domain/people/agreement-contacts.server";
import { db } from "~/utils/db.server";
import { readFormData } from "~/utils/form-data.server";
import { notFoundResponse, orRespond } from "~/utils/http.server";
import { requestInfo } from "~/utils/request-info.server";
import { requireUser } from "~/utils/session.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: dashboardCss }];
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.school.name} — Akkoord` : "School — Akkoord" }];

type MasterData = {
  id: string;
  name: string;
  instellingsnummer: string | null;
  street: string | null;
  postalCode: string | null;
  municipality: string | null;
  boardName: string | null;
  boardNumber: string | null;
  educationLevel: string | null;
  onderwijsnet: string | null;
  scholengemeenschap: string | null;
  clbName: string | null;
  clbInstellingsnummer: string | null;
};

function masterData(o: MasterData): MasterData {
  const { id, name, instellingsnummer, street, postalCode, municipality, boardName, boardNumber } = o;
  const { educationLevel, onderwijsnet, scholengemeenschap, clbName, clbInstellingsnummer } = o;
  return { id, name, instellingsnummer, street, postalCode, municipality, boardName, boardNumber, educationLevel, onderwijsnet, scholengemeenschap, clbName, clbInstellingsnummer };
}

/** The board, level, net, scholengemeenschap and CLB as label–value pairs (only those that are known). */
function schoolFacts(school: MasterData): Array<[string, string]> {
  const level = school.educationLevel ? EDUCATION_LEVEL_LABELS[school.educationLevel as EducationLevel] ?? school.educationLevel : null;
  const clb = school.clbName ?? school.clbInstellingsnummer;
  const facts: Array<[string, string | null]> = [
    ["Schoolbestuur", school.boardName ? `${school.boardName}${school.boardNumber ? ` (nummer ${school.boardNumber})` : ""}` : null],
    ["Niveau", level],
    ["Onderwijsnet", school.onderwijsnet],
    ["Scholengemeenschap", school.scholengemeenschap],
    ["CLB", clb ? `${clb}${school.clbName && school.clbInstellingsnummer ? ` (${school.clbInstellingsnummer})` : ""}` : null],
  ];
  return facts.filter((f): f is [string, string] => f[1] !== null);
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const schoolId = params.schoolId ?? "";
  // A member of the school itself (not a service's coordinator) sees its name and address only.
  // A school's own people see their own school; another school's page does not exist for them (404, as
  // for a school that does not exist). Other roles without a service get findSchoolWithIntake's 403.
  const schoolMemberships = user.memberships.filter((m) => m.organisationKind === "school");
  if (onboardingServices(user).length === 0 && schoolMemberships.length > 0) {
    const own = schoolMemberships.some((m) => m.organisationId === schoolId)
      ? await db.organisation.findFirst({ where: { id: schoolId, kind: "school" } })
      : null;
    if (own) return { service: null, school: masterData(own), mayEdit: mayEditSchoolDetails(user, own.id), intake: null, freeText: null, agreements: [], contact: null };
    throw notFoundResponse();
  }
  const { school, service, intakeNotes } = await orRespond(findSchoolWithIntake({ user, schoolId }));
  const agreements = await db.agreement.findMany({
    where: {
      status: { not: "gearchiveerd" },
      AND: [{ parties: { some: { organisationId: school.id } } }, { parties: { some: { organisationId: service.id } } }],
    },
    orderBy: [{ schoolYear: "desc" }, { createdAt: "desc" }],
    take: 50,
    select: {
      id: true,
      title: true,
      documentType: true,
      schoolYear: true,
      yearCount: true,
      status: true,
      versions: { orderBy: { number: "desc" }, select: { number: true, status: true, frozenAt: true } },
    },
  });
  const { intake, freeText } = parseStoredIntake(intakeNotes);
  return {
    // The service's default contact person for this school (its brugfiguur), named in new agreements.
    contact: await schoolContactChoice({ partnerId: service.id, schoolId: school.id }),
    service,
    school: masterData(school),
    mayEdit: mayEditSchoolDetails(user, school.id),
    intake,
    freeText,
    agreements: agreements.map((a) => ({ ...a, type: documentTypeLabel(a.documentType) })),
  };
}

type ActionData = { ok?: string; errors?: Record<string, string>; values?: Record<string, string> };

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const schoolId = params.schoolId ?? "";
  const formData = await readFormData(request);
  if (formData.get("intent") === "contact") {
    const parsed = SchoolContactSchema.safeParse({ schoolId, contactUserId: formData.get("contactUserId") ?? undefined });
    if (!parsed.success) return data<ActionData>({ errors: { contactUserId: parsed.error.issues[0]?.message ?? "Kies een persoon." } }, { status: 400 });
    const { service } = await orRespond(findSchoolWithIntake({ user, schoolId }));
    await orRespond(setSchoolContact({ user, partnerId: service.id, schoolId, contactUserId: parsed.data.contactUserId, audit: requestInfo(request) }));
    return { ok: "De vaste contactpersoon voor deze school is bewaard." } satisfies ActionData;
  }
  if (formData.get("intent") === "refresh") {
    await orRespond(refreshSchoolDetails({ user, schoolId, audit: requestInfo(request) }));
    return { ok: "De naam en het adres zijn opnieuw opgehaald bij Onderwijs Vlaanderen." } satisfies ActionData;
  }
  // Name and address: only the school itself; a service's coordinator gets 403.
  await orRespond(requireSchoolDetailsEditor(user, schoolId));
  const values: Record<string, string> = {};
  for (const key of ["name", "street", "postalCode", "municipality"]) {
    const v = formData.get(key);
    values[key] = typeof v === "string" ? v.slice(0, 500) : "";
  }
  const parsed = SchoolFieldsSchema.omit({ instellingsnummer: true }).safeParse(values);
  if (!parsed.success) {
    const errors: Record<string, string> = {};
    for (const issue of parsed.error.issues) errors[String(issue.path[0])] ??= issue.message;
    return data<ActionData>({ errors, values }, { status: 400 });
  }
  await orRespond(updateSchoolDetails({ user, schoolId, input: parsed.data, audit: requestInfo(request) }));
  return { ok: "De gegevens van de school zijn bewaard." } satisfies ActionData;
}

export default function SchoolPage() {
  const { school, service, mayEdit, intake, freeText, agreements, contact } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionData | undefined;
  const [params] = useSearchParams();
  const e = result?.errors ?? {};
  const value = (key: keyof typeof school) => result?.values?.[key] ?? school[key] ?? "";
  const address = [school.street, [school.postalCode, school.municipality].filter(Boolean).join(" ")].filter(Boolean).join(", ");
  return (
    <>
      {service ? (
        <p className="meta">
          <Link to="/scholen">← Scholen</Link>
        </p>
      ) : null}
      <h1>{school.name}</h1>
      <p className="lead">
        {school.instellingsnummer ? `Instellingsnummer ${school.instellingsnummer}` : "Geen instellingsnummer"}
        {address ? ` · ${address}` : ""}
      </p>
      {schoolFacts(school).length > 0 ? (
        <dl className="details" aria-label="Gegevens van de school">
          {schoolFacts(school).map(([label, value]) => (
            <div key={label}>
              <dt>{label}</dt>
              <dd>{value}</dd>
            </div>
          ))}
        </dl>
      ) : null}
      {service && params.get("nieuw") ? (
        <p className="alert alert--ok" role="status">
          De school is toegevoegd aan {service.name}. Vul nu de intake in.
        </p>
      ) : null}
      {result?.ok ? (
        <p className="alert alert--ok" role="status">
          {result.ok}
        </p>
      ) : null}
      {service ? (
        <>
          <p className="actions">
            <Link className="button" to={`/scholen/${school.id}/intake`}>
              {intake || freeText ? "Intake aanpassen" : "Intake invullen"}
            </Link>
            <Link className="button button--secondary" to={`/scholen/versturen?school=${school.id}`}>
              Engagementsverklaring versturen
            </Link>
          </p>

          {contact ? (
            <Form method="post" className="inline-forms">
              <label htmlFor="contactUserId">Vaste contactpersoon van {service.name} voor deze school</label>
              <ContactSelect id="contactUserId" members={contact.members} current={contact.contactUserId} />
              <button type="submit" name="intent" value="contact" className="button button--small">
                Bewaren
              </button>
              {e.contactUserId ? <p className="field-error">{e.contactUserId}</p> : null}
            </Form>
          ) : null}

          <section aria-labelledby="overeenkomsten-titel">
            <h2 id="overeenkomsten-titel">Overeenkomsten met {service.name}</h2>
            {agreements.length === 0 ? (
              <p>Nog geen overeenkomsten.</p>
            ) : (
              <ul className="agreement-list">
                {agreements.map((a) => (
                  <li key={a.id}>
                    <Link to={`/overeenkomsten/${a.id}`}>{a.title}</Link> <StatusBadge status={a.status} />
                    <p className="meta">
                      {a.type} · schooljaar {a.schoolYear}
                      {a.yearCount > 1 ? ` (${a.yearCount} jaar)` : ""}
                    </p>
                    {a.versions.length > 0 ? (
                      <p className="meta">
                        PDF:{" "}
                        {a.versions.map((v, i) => (
                          <span key={v.number}>
                            {i > 0 ? " · " : ""}
                            <PdfLink agreementId={a.id} versionNumber={v.number} title={`versie ${v.number} van ${a.title}`} /> versie {v.number} (
                            {formatDay(v.frozenAt)})
                          </span>
                        ))}
                      </p>
                    ) : null}
                  </li>
                ))}
              </ul>
            )}
          </section>

          <section aria-labelledby="intake-titel">
            <h2 id="intake-titel">Intake</h2>
            {intake ? (
              <div className="card">
                <dl className="details">
                  <dt>{INTAKE_QUESTIONS.waarom.label}</dt>
                  <dd style={{ whiteSpace: "pre-wrap" }}>{intake.antwoorden.waarom}</dd>
                  {intake.antwoorden.drempels ? (
                    <>
                      <dt>Drempels</dt>
                      <dd style={{ whiteSpace: "pre-wrap" }}>{intake.antwoorden.drempels}</dd>
                    </>
                  ) : null}
                  <dt>Engagementen</dt>
                  <dd>
                    {intake.antwoorden.engagementen.length === 0 ? (
                      "Nog geen gekozen."
                    ) : (
                      <ul style={{ margin: 0, paddingLeft: "1.2rem" }}>
                        {INTAKE_COMMITMENTS.filter((c) => intake.antwoorden.engagementen.includes(c.id)).map((c) => (
                          <li key={c.id}>{c.label}</li>
                        ))}
                      </ul>
                    )}
                    {intake.antwoorden.andereEngagementen ? <p style={{ whiteSpace: "pre-wrap" }}>{intake.antwoorden.andereEngagementen}</p> : null}
                  </dd>
                  <dt>Directie akkoord</dt>
                  <dd>{DIRECTIE_AKKOORD[intake.antwoorden.directieAkkoord]}</dd>
                  {intake.antwoorden.contactpersoon ? (
                    <>
                      <dt>Contactpersoon</dt>
                      <dd>{intake.antwoorden.contactpersoon}</dd>
                    </>
                  ) : null}
                  {intake.antwoorden.startVanaf ? (
                    <>
                      <dt>Start</dt>
                      <dd>{intake.antwoorden.startVanaf}</dd>
                    </>
                  ) : null}
                </dl>
                <p className="meta">
                  Laatst aangepast door {intake.bijgewerktDoor} op {formatDay(intake.bijgewerktOp)}.
                </p>
              </div>
            ) : freeText ? (
              <p className="card" style={{ whiteSpace: "pre-wrap" }}>
                {freeText}
              </p>
            ) : (
              <p>Nog geen intake.</p>
            )}
          </section>
        </>
      ) : null}

      <section aria-labelledby="gegevens-titel" className="card narrow">
        <h2 id="gegevens-titel" style={{ marginTop: 0 }}>
          Naam en adres
        </h2>
        {mayEdit ? (
          <Form method="post" noValidate>
            {(
              [
                ["name", "Naam van de school"],
                ["street", "Straat en nummer (niet verplicht)"],
                ["postalCode", "Postcode (niet verplicht)"],
                ["municipality", "Gemeente (niet verplicht)"],
              ] as const
            ).map(([key, label]) => (
              <Field key={key} id={`school-${key}`} label={label} errors={e[key] ? [e[key]] : undefined} errorId={`school-${key}-error`}>
                <input
                  id={`school-${key}`}
                  name={key}
                  type="text"
                  defaultValue={value(key)}
                  aria-invalid={e[key] ? true : undefined}
                  aria-describedby={e[key] ? `school-${key}-error` : undefined}
                />
              </Field>
            ))}
            <div className="actions">
              <button type="submit" name="intent" value="details" className="button button--secondary">
                Bewaren
              </button>
            </div>
          </Form>
        ) : (
          <p>Alleen de school zelf kan haar naam en adres aanpassen.</p>
        )}
        {school.instellingsnummer ? (
          <Form method="post" className="actions">
            <button type="submit" name="intent" value="refresh" className="button button--secondary">
              Opnieuw ophalen bij Onderwijs Vlaanderen
            </button>
          </Form>
        ) : null}
      </section>
    </>
  );
}
