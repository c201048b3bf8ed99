import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { ActionMessages } from "~/components/ui/action-messages";
import { CONTACT_ROLE_LABELS, CONTACT_ROLES, type ContactRole } from "~/domain/people/contact-roles";
import {
  listAgreementContacts,
  NameContactSchema,
  nameAgreementContact,
  RemoveContactSchema,
  removeAgreementContact,
} from "~/domain/people/agreement-contacts.server";
import { readFormData } from "~/utils/form-data.server";
import { orRespond, replyWithError } from "~/utils/http.server";
import { requestInfo } from "~/utils/request-info.server";
import { requireUser } from "~/utils/session.server";

// Each party names its own contact people for this agreement (decision 003):
// reminders go to them, not to every member.

export const meta: MetaFunction = () => [{ title: "Contactpersonen — Akkoord" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const { agreement, parties } = await orRespond(listAgreementContacts({ user, agreementId: params.agreementId ?? "" }));
  return {
    agreement: { id: agreement.id, title: agreement.title },
    parties: parties.map((p) => ({
      id: p.id,
      name: p.name,
      own: p.own,
      contacts: p.contacts.map((c) => ({ id: c.id, role: CONTACT_ROLE_LABELS[c.contactRole as ContactRole] ?? c.contactRole, name: c.user.name, email: c.user.email })),
      members: p.members,
    })),
    roles: CONTACT_ROLES.map((id) => ({ id, label: CONTACT_ROLE_LABELS[id] })),
  };
}

type Result = { ok?: string; message?: string; partyId?: string };

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const agreementId = params.agreementId ?? "";
  const values = Object.fromEntries([...(await readFormData(request))].map(([k, v]) => [k, String(v)]));
  const ctx = { user, agreementId, audit: requestInfo(request) };
  try {
    if (values.intent === "name") {
      const parsed = NameContactSchema.safeParse(values);
      if (!parsed.success) return data({ message: parsed.error.issues[0]?.message ?? "Controleer de gegevens.", partyId: values.partyId } satisfies Result, { status: 400 });
      await nameAgreementContact({ ...ctx, input: parsed.data });
      return { ok: "De contactpersoon is aangeduid." } satisfies Result;
    }
    if (values.intent === "remove") {
      const parsed = RemoveContactSchema.safeParse(values);
      if (!parsed.success) return data({ message: parsed.error.issues[0]?.message ?? "Controleer de gegevens." } satisfies Result, { status: 400 });
      await removeAgreementContact({ ...ctx, contactId: parsed.data.contactId });
      return { ok: "De contactpersoon is verwijderd." } satisfies Result;
    }
    return data({ message: "Onbekende actie." } satisfies Result, { status: 400 });
  } catch (error) {
    // An unknown agreement is the route's 404; a contact that is gone already is said beside the form.
    return replyWithError(error, (e): Result => ({ message: e.message, partyId: values.partyId }), values.intent === "remove" ? [] : ["NOT_FOUND"]);
  }
}

export default function AgreementContacts() {
  const { agreement, parties, roles } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as Result | undefined;
  return (
    <>
      <p className="meta">
        <Link to={`/overeenkomsten/${agreement.id}`}>← {agreement.title}</Link>
      </p>
      <h1>Contactpersonen</h1>
      <p>Herinneringen gaan naar de contactpersonen van elke partij en naar wie een afspraak draagt. Een partij zonder contactpersoon hoort het via haar beheerder.</p>
      <ActionMessages ok={result?.ok} message={result?.message} />
      {parties.map((party) => (
        <section key={party.id} className="card" aria-labelledby={`party-${party.id}`}>
          <h2 id={`party-${party.id}`}>{party.name}</h2>
          {party.contacts.length === 0 ? (
            <p>
              <span className="badge badge--verlopen">Geen contactpersoon</span> Herinneringen gaan naar de beheerder.
            </p>
          ) : (
            <ul>
              {party.contacts.map((c) => (
                <li key={c.id}>
                  {c.role}: {c.name} ({c.email})
                  {party.own ? (
                    <Form method="post" className="inline-forms" style={{ display: "inline" }}>
                      <input type="hidden" name="contactId" value={c.id} />
                      <button className="button button--small button--secondary" name="intent" value="remove">
                        Verwijderen
                      </button>
                    </Form>
                  ) : null}
                </li>
              ))}
            </ul>
          )}
          {party.own ? (
            <Form method="post" className="inline-forms">
              <input type="hidden" name="partyId" value={party.id} />
              <label htmlFor={`role-${party.id}`}>Rol</label>
              <select id={`role-${party.id}`} name="contactRole" defaultValue="contactpersoon">
                {roles.map((r) => (
                  <option key={r.id} value={r.id}>
                    {r.label}
                  </option>
                ))}
              </select>
              <label htmlFor={`user-${party.id}`}>Persoon</label>
              <select id={`user-${party.id}`} name="userId">
                {party.members.map((m) => (
                  <option key={m.id} value={m.id}>
                    {m.name}
                  </option>
                ))}
              </select>
              <button className="button button--small" name="intent" value="name">
                Aanduiden
              </button>
            </Form>
          ) : null}
        </section>
      ))}
    </>
  );
}
