import { Link, useLocation } from "@remix-run/react";

/** Counts as a list of tiles; a tile with `filter` links to the list filtered on it. */
export function Summary(props: { label: string; items: Array<{ key: string; label: string; count: number; filter?: { param: string; value: string } }> }) {
  const location = useLocation();
  const href = (filter: { param: string; value: string }) => {
    const params = new URLSearchParams(location.search);
    params.set(filter.param, filter.value);
    for (const key of [...params.keys()]) if (key.startsWith("pagina")) params.delete(key);
    return `${location.pathname}?${params.toString()}`;
  };
  return (
    <ul className="summary" aria-label={props.label}>
      {props.items.map((item) => (
        <li key={item.key}>
          {item.filter ? (
            <Link to={href(item.filter)}>
              <span className="summary__count">{item.count}</span> <span className="summary__label">{item.label}</span>
            </Link>
          ) : (
            <>
              <span className="summary__count">{item.count}</span> <span className="summary__label">{item.label}</span>
            </>
          )}
        </li>
      ))}
    </ul>
  );
}
