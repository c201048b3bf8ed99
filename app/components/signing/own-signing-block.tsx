import { Form, Link } from "@remix-run/react";
import type { OwnSigningState } from "~/domain/signing/sign-in-app.server";

/**
 * On the agreement page, for a signed-in user who signs the version out for
 * signing: "Nu ondertekenen" (in the app, with their password) and "Stuur de
 * link opnieuw". Both go to the ondertekenen route.
 */
export function OwnSigningBlock({ agreementId, own }: { agreementId: string; own: { versionNumber: number; state: OwnSigningState } | null }) {
  if (!own || own.state === "closed") return null;
  const route = `/overeenkomsten/${agreementId}/ondertekenen`;
  if (own.state === "signed") {
    return (
      <p className="alert alert--ok" data-testid="eigen-ondertekening">
        U hebt versie {own.versionNumber} ondertekend.
      </p>
    );
  }
  if (own.state === "waiting") {
    return (
      <p className="alert alert--info" data-testid="eigen-ondertekening">
        U ondertekent versie {own.versionNumber} zodra de ondertekenaars vóór u ondertekend hebben.
      </p>
    );
  }
  return (
    <section className="card alert alert--info" aria-labelledby="eigen-ondertekening" data-testid="eigen-ondertekening">
      <h2 id="eigen-ondertekening" style={{ marginTop: 0 }}>
        U bent gevraagd versie {own.versionNumber} te ondertekenen
      </h2>
      <div className="actions">
        <Link className="button" to={route}>
          Nu ondertekenen
        </Link>
        <Form method="post" action={route}>
          <button type="submit" name="intent" value="resend-link" className="button button--secondary">
            Stuur de link opnieuw
          </button>
        </Form>
      </div>
    </section>
  );
}
