// Calls a Remix loader or action directly and normalises what it returned or
// threw (a Response, a `data()` value or plain data) into {status, data, headers}.

type RouteFn = (args: { request: Request; params: Record<string, string>; context: Record<string, unknown> }) => unknown;

export type RouteResult = { status: number; data: unknown; headers: Headers; location: string | null };

function normalise(value: unknown): RouteResult | Promise<RouteResult> {
  if (value instanceof Response) {
    return (async () => {
      const text = await value.text();
      let data: unknown = text;
      try {
        data = JSON.parse(text);
      } catch {
        /* not JSON */
      }
      return { status: value.status, data, headers: value.headers, location: value.headers.get("Location") };
    })();
  }
  if (value && typeof value === "object" && (value as { type?: string }).type === "DataWithResponseInit") {
    const v = value as { data: unknown; init: ResponseInit | null };
    const headers = new Headers(v.init?.headers);
    return { status: v.init?.status ?? 200, data: v.data, headers, location: headers.get("Location") };
  }
  return { status: 200, data: value, headers: new Headers(), location: null };
}

export async function callRoute(fn: RouteFn | undefined, request: Request, params: Record<string, string> = {}) {
  if (!fn) throw new Error("route function missing");
  try {
    return await normalise(await fn({ request, params, context: {} }));
  } catch (thrown) {
    const isResponseLike =
      thrown instanceof Response ||
      (thrown && typeof thrown === "object" && (thrown as { type?: string }).type === "DataWithResponseInit");
    if (!isResponseLike) throw thrown;
    return normalise(thrown);
  }
}
