import { data, type LoaderFunctionArgs } from "@remix-run/node";
import { versionPdfForUser } from "~/domain/signing/download-version-pdf.server";
import { orRespond } from "~/utils/http.server";
import { requireUser } from "~/utils/session.server";

// Download of a version's PDF: the sealed final PDF once everyone signed,
// else a rendering with the "CONCEPT" watermark. ?versie=N picks a version.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const raw = new URL(request.url).searchParams.get("versie");
  if (raw !== null && !/^[1-9]\d{0,5}$/.test(raw)) {
    throw data({ message: "Dit versienummer klopt niet.", code: "INVALID_INPUT" }, { status: 400 });
  }
  const pdf = await orRespond(
    versionPdfForUser({ user, agreementId: params.agreementId ?? "", versionNumber: raw === null ? null : Number(raw) }),
  );
  return new Response(new Uint8Array(pdf.bytes), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": `attachment; filename="${pdf.fileName}"`,
      "Content-Length": String(pdf.bytes.byteLength),
      "Cache-Control": "private, no-store",
    },
  });
}
