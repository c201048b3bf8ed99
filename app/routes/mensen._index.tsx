import { randomUUID } from "node:crypto";
import { data, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import dashboardCss from "~/components/dashboard/dashboard.css?url";
import { formatDay } from "~/domain/calendar/brussels-format";
import { Field } from "~/components/ui/field";
import { ROLE_LABELS, type Role } from "~/domain/organisations/kinds";
import { inviteMember } from "~/domain/people/invitations.server";
import { changeMemberRole, listManagedOrganisations, setMembershipActive, withdrawInvitation } from "~/domain/people/members.server";
import { ChangeRoleSchema, InviteSchema, MembershipSchema } from "~/domain/people/roles";
import { forbidden } from "~/utils/errors";
import { readFormData } from "~/utils/form-data.server";
import { appErrorResponse, replyWithError } from "~/utils/http.server";
import { parseIntent } from "~/utils/intent.server";
import { requestInfo } from "~/utils/request-info.server";
import { requireUser } from "~/utils/session.server";
import { Pagination } from "~/components/ui/pagination";
import { pageParam } from "~/domain/dashboards/filters";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: dashboardCss }];
export const meta: MetaFunction = () => [{ title: "Mensen — Akkoord" }];

const PAGE_SIZE = 25;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const all = await listManagedOrganisations({ user });
  if (all.length === 0) throw appErrorResponse(forbidden("Uw rol laat niet toe om mensen te beheren."));
  // Per organisation at most PAGE_SIZE people per page (?pagina=2 …).
  const page = pageParam(new URL(request.url).searchParams);
  const pageCount = Math.max(1, ...all.map((o) => Math.ceil(o.members.length / PAGE_SIZE)));
  const organisations = all.map((o) => ({ ...o, memberCount: o.members.length, members: o.members.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE) }));
  return { organisations, page, pageCount };
}

type ActionData = { form: string; nonce?: string; ok?: string; message?: string; errors?: Record<string, string>; values?: Record<string, string> };

const IntentSchema = z.object({ intent: z.enum(["invite", "role", "deactivate", "reactivate", "withdraw"]) }).passthrough();

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const formData = await readFormData(request);
  const { intent } = parseIntent(IntentSchema, formData);
  const raw = Object.fromEntries([...formData].filter(([, v]) => typeof v === "string").map(([k, v]) => [k, String(v).slice(0, 500)]));
  const audit = requestInfo(request);
  const formKey =
    intent === "invite"
      ? `invite:${raw.organisationId ?? ""}`
      : intent === "withdraw"
      ? `invitation:${raw.invitationId ?? ""}`
      : `member:${raw.membershipId ?? ""}`;
  try {
    switch (intent) {
      case "invite": {
        const parsed = InviteSchema.safeParse(raw);
        if (!parsed.success) {
          const errors: Record<string, string> = {};
          for (const issue of parsed.error.issues) errors[String(issue.path[0])] ??= issue.message;
          return data<ActionData>({ form: formKey, errors, values: raw, message: "Controleer het e-mailadres en de rol." }, { status: 400 });
        }
        const { mailed } = await inviteMember({ user, input: parsed.data, audit });
        return {
          form: formKey,
          nonce: randomUUID(),
          ok: mailed
            ? `Uitnodiging verstuurd naar ${parsed.data.email}. De link werkt 7 dagen.`
            : `De uitnodiging voor ${parsed.data.email} is klaar, maar de e-mail kon nog niet vertrekken; ze wordt vanzelf opnieuw geprobeerd.`,
        } satisfies ActionData;
      }
      case "role": {
        const parsed = ChangeRoleSchema.safeParse(raw);
        if (!parsed.success) return data<ActionData>({ form: formKey, message: "Kies een rol." }, { status: 400 });
        await changeMemberRole({ user, membershipId: parsed.data.membershipId, role: parsed.data.role, audit });
        return { form: formKey, ok: "Rol gewijzigd." } satisfies ActionData;
      }
      case "deactivate":
      case "reactivate": {
        const parsed = MembershipSchema.safeParse(raw);
        if (!parsed.success) return data<ActionData>({ form: formKey, message: "Ongeldig formulier." }, { status: 400 });
        await setMembershipActive({ user, membershipId: parsed.data.membershipId, active: intent === "reactivate", audit });
        return { form: formKey, ok: intent === "reactivate" ? "Weer actief." : "Niet langer actief in deze organisatie." } satisfies ActionData;
      }
      case "withdraw": {
        const invitationId = z.string().min(1).max(100).safeParse(raw.invitationId);
        if (!invitationId.success) return data<ActionData>({ form: formKey, message: "Ongeldig formulier." }, { status: 400 });
        await withdrawInvitation({ user, invitationId: invitationId.data, audit });
        return { form: formKey, ok: "Uitnodiging ingetrokken." } satisfies ActionData;
      }
    }
  } catch (error) {
    return replyWithError(error, (e): ActionData => {
      const errors = e.field ? { [e.field]: e.message } : undefined;
      return { form: formKey, message: errors ? undefined : e.message, errors, values: raw };
    });
  }
}

function Feedback({ result, form }: { result: ActionData | undefined; form: string }) {
  if (!result || result.form !== form) return null;
  if (result.ok) {
    return (
      <p className="alert alert--ok" role="status">
        {result.ok}
      </p>
    );
  }
  if (result.message) {
    return (
      <p className="alert alert--error" role="alert">
        {result.message}
      </p>
    );
  }
  return null;
}

export default function People() {
  const { organisations, page, pageCount } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionData | undefined;
  return (
    <>
      <h1>Mensen</h1>
      <p className="lead">Nodig collega's uit, wijzig hun rol of zet iemand op niet actief.</p>
      {organisations.map((o) => {
        const inviteKey = `invite:${o.id}`;
        const inviteResult = result?.form === inviteKey ? result : undefined;
        const grantable = o.roles.filter((r) => r !== "beheerder" || o.canGrantBeheerder);
        return (
          <section key={o.id} aria-labelledby={`org-${o.id}`} className="stack">
            <h2 id={`org-${o.id}`}>{o.name}</h2>
            <div className="table-wrap">
              <table className="cards">
                <caption className="visually-hidden">Mensen van {o.name}</caption>
                <thead>
                  <tr>
                    <th scope="col">Naam</th>
                    <th scope="col">Rol</th>
                    <th scope="col">Status</th>
                    <th scope="col">Acties</th>
                  </tr>
                </thead>
                <tbody>
                  {o.members.map((m) => {
                    const key = `member:${m.membershipId}`;
                    const mayTouch = m.role !== "beheerder" || o.canGrantBeheerder;
                    return (
                      <tr key={m.membershipId}>
                        <td>
                          {m.name}
                          {m.isSelf ? " (u)" : ""}
                          <br />
                          <span className="meta break-anywhere">{m.email}</span>
                          <Feedback result={result} form={key} />
                        </td>
                        <td data-label="Rol">
                          {mayTouch && m.active ? (
                            <Form method="post" className="inline-form">
                              <input type="hidden" name="membershipId" value={m.membershipId} />
                              <label htmlFor={`rol-${m.membershipId}`} className="visually-hidden">
                                Rol van {m.name}
                              </label>
                              <select id={`rol-${m.membershipId}`} name="role" defaultValue={m.role}>
                                {(grantable.includes(m.role) ? grantable : [m.role, ...grantable]).map((r) => (
                                  <option key={r} value={r}>
                                    {ROLE_LABELS[r as Role]}
                                  </option>
                                ))}
                              </select>
                              <button type="submit" name="intent" value="role" className="button button--secondary button--small">
                                Rol wijzigen
                              </button>
                            </Form>
                          ) : (
                            ROLE_LABELS[m.role]
                          )}
                        </td>
                        <td data-label="Status">{m.active ? "Actief" : "Niet actief"}</td>
                        <td>
                          {mayTouch ? (
                            <Form method="post" className="inline-form">
                              <input type="hidden" name="membershipId" value={m.membershipId} />
                              {m.active ? (
                                <button
                                  type="submit"
                                  name="intent"
                                  value="deactivate"
                                  className="button button--danger button--small"
                                  aria-label={`Niet actief maken: ${m.name}`}
                                >
                                  Niet actief maken
                                </button>
                              ) : (
                                <button
                                  type="submit"
                                  name="intent"
                                  value="reactivate"
                                  className="button button--secondary button--small"
                                  aria-label={`Weer actief maken: ${m.name}`}
                                >
                                  Weer actief maken
                                </button>
                              )}
                            </Form>
                          ) : null}
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>

            {o.invitations.length > 0 ? (
              <>
                <h3>Open uitnodigingen</h3>
                <ul>
                  {o.invitations.map((i) => (
                    <li key={i.id}>
                      {i.email} als {ROLE_LABELS[i.role].toLowerCase()} · werkt tot {formatDay(i.expiresAt)}{" "}
                      <Form method="post" className="inline-form">
                        <input type="hidden" name="invitationId" value={i.id} />
                        <button type="submit" name="intent" value="withdraw" className="button button--link">
                          Intrekken
                        </button>
                      </Form>
                      <Feedback result={result} form={`invitation:${i.id}`} />
                    </li>
                  ))}
                </ul>
              </>
            ) : null}

            <Form method="post" className="card narrow" noValidate aria-labelledby={`invite-${o.id}`} key={`${o.id}-${inviteResult?.nonce ?? ""}`}>
              <h3 id={`invite-${o.id}`} style={{ marginTop: 0 }}>
                Iemand uitnodigen voor {o.name}
              </h3>
              <Feedback result={result} form={inviteKey} />
              <input type="hidden" name="organisationId" value={o.id} />
              <Field
                id={`email-${o.id}`}
                label="E-mailadres"
                errors={inviteResult?.errors?.email ? [inviteResult.errors.email] : undefined}
                errorId={`email-${o.id}-error`}
              >
                <input
                  id={`email-${o.id}`}
                  name="email"
                  type="email"
                  autoComplete="off"
                  defaultValue={inviteResult?.ok ? "" : inviteResult?.values?.email ?? ""}
                  aria-invalid={inviteResult?.errors?.email ? true : undefined}
                  aria-describedby={inviteResult?.errors?.email ? `email-${o.id}-error` : undefined}
                />
              </Field>
              <Field
                id={`role-${o.id}`}
                label="Rol"
                errors={inviteResult?.errors?.role ? [inviteResult.errors.role] : undefined}
                errorId={`role-${o.id}-error`}
              >
                <select
                  id={`role-${o.id}`}
                  name="role"
                  defaultValue={inviteResult?.values?.role ?? grantable[0]}
                  aria-invalid={inviteResult?.errors?.role ? true : undefined}
                  aria-describedby={inviteResult?.errors?.role ? `role-${o.id}-error` : undefined}
                >
                  {grantable.map((r) => (
                    <option key={r} value={r}>
                      {ROLE_LABELS[r]}
                    </option>
                  ))}
                </select>
              </Field>
              <div className="actions">
                <button type="submit" name="intent" value="invite" className="button">
                  Uitnodiging versturen
                </button>
              </div>
            </Form>
          </section>
        );
      })}
      <Pagination page={page} pageCount={pageCount} param="pagina" label="Paginering" />
    </>
  );
}
