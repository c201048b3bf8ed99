import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { destroyUserSession } from "~/utils/session.server";

export async function action({ request }: ActionFunctionArgs) {
  const cookie = await destroyUserSession(request);
  return redirect("/inloggen", { headers: { "Set-Cookie": cookie } });
}

// Signing out changes state, so it only happens by POST; a visit goes home.
export function loader() {
  return redirect("/");
}
