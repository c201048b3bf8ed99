import { Link } from "@remix-run/react";

export type TeaserItem = { key: string; label: string; count: number; href: string };

/** A few numbers from the user's overview on the start page, each linking to the full list. */
export function DashboardTeaser(props: { title: string; items: TeaserItem[] }) {
  return (
    <section aria-labelledby="teaser-titel" className="card">
      <h2 id="teaser-titel" style={{ marginTop: 0 }}>
        {props.title}
      </h2>
      <ul className="summary">
        {props.items.map((item) => (
          <li key={item.key}>
            <Link to={item.href}>
              <span className="summary__count">{item.count}</span> <span className="summary__label">{item.label}</span>
            </Link>
          </li>
        ))}
      </ul>
      <p style={{ margin: 0 }}>
        <Link to="/overzicht">Naar het volledige overzicht</Link>
      </p>
    </section>
  );
}
