import { Link } from "@remix-run/react";

/** The PDF of an agreement's version (route app/routes/overeenkomsten.$agreementId.pdf.tsx). */
export function pdfHref(agreementId: string, versionNumber?: number): string {
  return `/overeenkomsten/${agreementId}/pdf${versionNumber ? `?versie=${versionNumber}` : ""}`;
}

export function PdfLink(props: { agreementId: string; versionNumber?: number; title: string }) {
  return (
    <Link to={pdfHref(props.agreementId, props.versionNumber)} reloadDocument aria-label={`PDF van ${props.title}`}>
      PDF
    </Link>
  );
}
