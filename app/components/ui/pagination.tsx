import { Link, useLocation } from "@remix-run/react";

/** Previous/next links for one list on a page; keeps the other query parameters. */
export function Pagination(props: { page: number; pageCount: number; param: string; label: string }) {
  const location = useLocation();
  if (props.pageCount <= 1) return null;
  const href = (page: number) => {
    const params = new URLSearchParams(location.search);
    if (page <= 1) params.delete(props.param);
    else params.set(props.param, String(page));
    const query = params.toString();
    return `${location.pathname}${query ? `?${query}` : ""}`;
  };
  return (
    <nav className="pagination" aria-label={props.label}>
      {props.page > 1 ? (
        <Link to={href(props.page - 1)} preventScrollReset>
          Vorige
        </Link>
      ) : null}
      <span>
        Pagina {props.page} van {props.pageCount}
      </span>
      {props.page < props.pageCount ? (
        <Link to={href(props.page + 1)} preventScrollReset>
          Volgende
        </Link>
      ) : null}
    </nav>
  );
}
