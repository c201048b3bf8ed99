import { notFoundResponse } from "~/utils/http.server";

// Every unknown address: a Dutch 404 page (rendered by the root ErrorBoundary).
export function loader() {
  throw notFoundResponse("Deze pagina bestaat niet.");
}

export function action() {
  throw notFoundResponse("Deze pagina bestaat niet.");
}

export default function NotFound() {
  return null;
}
