import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import {
  Form,
  Link,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  isRouteErrorResponse,
  useMatches,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import type { ReactNode } from "react";
import appCss from "~/styles/app.css?url";
import { useNonce } from "~/utils/nonce-provider";
import { membershipsAllow, type Permission } from "~/domain/access/policy";
import { dashboardKinds } from "~/domain/dashboards/load-dashboard.server";
import { boardOrganisations } from "~/domain/renewal/board.server";
import { isDemo } from "~/utils/env.server";
import { getSessionUser } from "~/utils/session.server";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: appCss },
  // public/: the icons and the web app manifest (staff can pin Akkoord on a phone).
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
  { rel: "apple-touch-icon", href: "/apple-touch-icon.png" },
  { rel: "manifest", href: "/manifest.webmanifest" },
];

export const meta: MetaFunction = () => [{ title: "Akkoord" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getSessionUser(request);
  const demo = isDemo();
  if (!user) return { demo, user: null };
  const allows = (permission: Permission) => membershipsAllow(user.memberships, permission);
  return {
    demo,
    user: {
      name: user.name,
      email: user.email,
      nav: {
        overview: dashboardKinds(user).length > 0,
        nextYear: boardOrganisations(user).length > 0,
        create: allows("agreement:create"),
        schools: allows("organisation:partner-schools"),
        people: allows("organisation:manage-members"),
        outbox: allows("admin:outbox"),
      },
    },
  };
}

export function Layout({ children }: { children: ReactNode }) {
  const data = useRouteLoaderData<typeof loader>("root");
  const user = data?.user ?? null;
  const nonce = useNonce();
  const hydrate = !useMatches().some((match) => (match.handle as { hydrate?: boolean } | undefined)?.hydrate === false);
  return (
    <html lang="nl-BE">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        <a className="skip-link" href="#inhoud">
          Naar de inhoud
        </a>
        <header className="site-header">
          {/* Inside the header landmark, so screen-reader users find it with the rest of the page (axe "region"). */}
          {data?.demo ? (
            <p className="demo-banner">
              <strong>Demo-omgeving</strong> – gegevens, e-mails en handtekeningen zijn niet echt.
            </p>
          ) : null}
          <div className="site-header__inner">
            <Link to="/" className="brand">
              Akkoord
            </Link>
            {user ? (
              <>
                <nav className="site-nav" aria-label="Hoofdmenu">
                  <ul>
                    <li>
                      <Link to="/">Start</Link>
                    </li>
                    {user.nav.overview ? (
                      <li>
                        <Link to="/overzicht">Overzicht</Link>
                      </li>
                    ) : null}
                    {user.nav.nextYear ? (
                      <li>
                        <Link to="/volgend-schooljaar">Volgend schooljaar</Link>
                      </li>
                    ) : null}
                    {user.nav.create ? (
                      <li>
                        <Link to="/overeenkomsten/nieuw">Nieuwe overeenkomst</Link>
                      </li>
                    ) : null}
                    {user.nav.schools ? (
                      <li>
                        <Link to="/scholen">Scholen</Link>
                      </li>
                    ) : null}
                    {user.nav.people ? (
                      <li>
                        <Link to="/mensen">Mensen</Link>
                      </li>
                    ) : null}
                    {user.nav.outbox ? (
                      <li>
                        <Link to="/beheer/berichten">Berichten</Link>
                      </li>
                    ) : null}
                    <li>
                      <Link to="/instellingen">Instellingen</Link>
                    </li>
                  </ul>
                </nav>
                <div className="site-user">
                  <span>{user.name}</span>
                  <Form method="post" action="/uitloggen">
                    <button type="submit" className="button button--secondary">
                      Afmelden
                    </button>
                  </Form>
                </div>
              </>
            ) : null}
          </div>
        </header>
        <main id="inhoud">{children}</main>
        {/* A route with handle.hydrate === false (the signing page) works as plain HTML and loads no app JavaScript. */}
        {hydrate ? (
          <>
            <ScrollRestoration nonce={nonce} />
            <Scripts nonce={nonce} />
          </>
        ) : null}
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

const ERROR_TEXTS: Record<number, { title: string; text: string }> = {
  400: { title: "Dat lukte niet", text: "De gegevens waren niet in orde. Ga terug en probeer opnieuw." },
  403: { title: "Geen toegang", text: "Uw rol laat deze actie niet toe." },
  404: { title: "Pagina niet gevonden", text: "Deze pagina bestaat niet of u hebt er geen toegang toe." },
  405: { title: "Dat kan hier niet", text: "Deze pagina aanvaardt deze actie niet." },
  409: { title: "Intussen gewijzigd", text: "Iemand anders heeft dit intussen gewijzigd. Laad de pagina opnieuw." },
  429: { title: "Even geduld", text: "Te veel pogingen na elkaar. Probeer het over enkele minuten opnieuw." },
};

export function ErrorBoundary() {
  const error = useRouteError();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const known = ERROR_TEXTS[status];
  const message =
    isRouteErrorResponse(error) && typeof error.data === "object" && error.data && "message" in error.data
      ? String((error.data as { message: unknown }).message)
      : undefined;
  return (
    <div className="card narrow">
      <h1>{known?.title ?? "Er ging iets mis"}</h1>
      <p>{message ?? known?.text ?? "Er liep iets mis aan onze kant. Probeer het later opnieuw."}</p>
      <p>
        <Link to="/">Naar de startpagina</Link>
      </p>
    </div>
  );
}
