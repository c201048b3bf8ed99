import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { StatusBadge } from "~/components/status-badge";
import { membershipsAllow } from "~/domain/access/policy";
import { findAgreementForUser } from "~/domain/agreements/find-agreement.server";
import { DOCUMENT_TYPES, documentTypeLabel, isDocumentTypeId } from "~/domain/agreements/document-types";
import { archiveAgreement } from "~/domain/agreements/update-agreement.server";
import { AUDIT_ACTION_LABELS } from "~/domain/audit/record-audit-event.server";
import { db } from "~/utils/db.server";
import { AppError } from "~/utils/errors";
import { appErrorResponse, orRespond } from "~/utils/http.server";
import { requestInfo } from "~/utils/request-info.server";
import { readFormData } from "~/utils/form-data.server";
import { requireUser } from "~/utils/session.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.agreement.title} — Akkoord` : "Overeenkomst — Akkoord" },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const agreement = await orRespond(
    findAgreementForUser({ user, agreementId: params.agreementId ?? "", permission: "agreement:read" }),
  );
  const audit = await db.auditEvent.findMany({
    where: { agreementId: agreement.id },
    orderBy: { createdAt: "desc" },
    take: 50,
    select: { id: true, action: true, createdAt: true, actorLabel: true, actor: { select: { name: true } } },
  });
  const partyIds = agreement.parties.map((p) => p.organisationId);
  const roleLabels = isDocumentTypeId(agreement.documentType)
    ? Object.fromEntries(DOCUMENT_TYPES[agreement.documentType].parties.map((p) => [p.id, p.label]))
    : {};
  return {
    agreement: {
      id: agreement.id,
      title: agreement.title,
      type: documentTypeLabel(agreement.documentType),
      schoolYear: agreement.schoolYear,
      yearCount: agreement.yearCount,
      status: agreement.status,
      parties: agreement.parties.map((p) => ({
        id: p.id,
        role: roleLabels[p.partyRole] ?? p.partyRole,
        name: p.organisation.name,
        municipality: p.organisation.municipality,
      })),
    },
    canEdit: agreement.status === "concept" && membershipsAllow(user.memberships, "agreement:edit", partyIds),
    canArchive: agreement.status === "concept" && membershipsAllow(user.memberships, "agreement:delete", partyIds),
    audit: audit.map((e) => ({
      id: e.id,
      label: AUDIT_ACTION_LABELS[e.action] ?? e.action,
      at: e.createdAt.toLocaleString("nl-BE", { timeZone: "Europe/Brussels" }),
      actor: e.actor?.name ?? e.actorLabel ?? "",
    })),
  };
}

const IntentSchema = z.object({ intent: z.literal("archive") });

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const parsed = IntentSchema.safeParse(Object.fromEntries(await readFormData(request)));
  const agreementId = params.agreementId ?? "";
  if (!parsed.success) {
    // Check access first so an unknown or foreign agreement still answers 404.
    await orRespond(findAgreementForUser({ user, agreementId, permission: "agreement:read" }));
    return data({ message: "Onbekende actie." }, { status: 400 });
  }
  try {
    await archiveAgreement({ user, agreementId, audit: requestInfo(request) });
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    if (error.code === "NOT_FOUND") throw appErrorResponse(error);
    return data({ message: error.message }, { status: error.status });
  }
  return redirect("/");
}

export default function AgreementPage() {
  const { agreement, canEdit, canArchive, audit } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <>
      <p className="meta">
        <Link to="/">← Start</Link>
      </p>
      <h1>{agreement.title}</h1>
      {actionData && "message" in actionData ? (
        <div className="alert alert--error" role="alert">
          {actionData.message}
        </div>
      ) : null}
      <section className="card" aria-labelledby="gegevens">
        <h2 id="gegevens">Gegevens</h2>
        <dl className="details">
          <dt>Soort</dt>
          <dd>{agreement.type}</dd>
          <dt>Schooljaar</dt>
          <dd>
            {agreement.schoolYear}
            {agreement.yearCount > 1 ? ` (voor ${agreement.yearCount} schooljaren)` : ""}
          </dd>
          <dt>Status</dt>
          <dd>
            <StatusBadge status={agreement.status} />
          </dd>
          {agreement.parties.map((p) => (
            <FragmentRow key={p.id} term={p.role} value={`${p.name}${p.municipality ? ` (${p.municipality})` : ""}`} />
          ))}
        </dl>
        <div className="actions">
          {canEdit ? (
            <Link to="bewerken" className="button">
              Gegevens wijzigen
            </Link>
          ) : null}
          {canArchive ? (
            <Form method="post">
              <input type="hidden" name="intent" value="archive" />
              <button type="submit" className="button button--danger">
                Concept archiveren
              </button>
            </Form>
          ) : null}
        </div>
      </section>
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

function FragmentRow({ term, value }: { term: string; value: string }) {
  return (
    <>
      <dt>{term}</dt>
      <dd>{value}</dd>
    </>
  );
}
