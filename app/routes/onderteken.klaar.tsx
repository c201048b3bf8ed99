import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";

// Where the signing page sends people after they signed, declined or asked
// for a new link. Says nothing about the agreement: anyone can open this address.

export const meta: MetaFunction = () => [{ title: "Bedankt — Akkoord" }, { name: "robots", content: "noindex" }];

const TEXTS = {
  ondertekend: {
    title: "Bedankt, u hebt ondertekend",
    lines: [
      "Uw handtekening is bewaard.",
      "Zodra iedereen ondertekend heeft, krijgt u het ondertekende document als PDF per e-mail.",
    ],
  },
  voltooid: {
    title: "Bedankt, u hebt ondertekend",
    lines: [
      "U was de laatste: iedereen heeft nu ondertekend.",
      "Iedereen krijgt het ondertekende en verzegelde document als PDF per e-mail.",
    ],
  },
  geweigerd: {
    title: "U hebt geweigerd te ondertekenen",
    lines: ["Wie het document opstelde, krijgt uw reden per e-mail.", "Niemand kan deze versie nog ondertekenen."],
  },
  "nieuwe-link": {
    title: "Uw aanvraag is ontvangen",
    lines: [
      "Kan er voor deze link nog ondertekend worden, dan krijgt de ondertekenaar binnen enkele minuten een nieuwe link, op het e-mailadres waarop de eerste uitnodiging toekwam.",
      "Komt er geen e-mail? Dan kan het document niet meer ondertekend worden (het werd al ondertekend of geweigerd, of er kwam een nieuwere versie), of werd er te vaak een nieuwe link gevraagd. Neem dan contact op met wie u de overeenkomst stuurde.",
    ],
  },
} as const;

const OUTCOMES = ["voltooid", "geweigerd", "nieuwe-link"] as const;

export function loader({ request }: LoaderFunctionArgs) {
  const outcome = new URL(request.url).searchParams.get("uitkomst");
  return { outcome: OUTCOMES.find((known) => known === outcome) ?? "ondertekend" } as const;
}

export default function SigningDone() {
  const { outcome } = useLoaderData<typeof loader>();
  const text = TEXTS[outcome];
  return (
    <div className="card narrow" role="status">
      <h1>{text.title}</h1>
      {text.lines.map((line) => (
        <p key={line}>{line}</p>
      ))}
      <p className="meta">U mag dit venster sluiten.</p>
    </div>
  );
}
