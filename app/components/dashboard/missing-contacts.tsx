import { Link } from "@remix-run/react";

/** "Geen contactpersoon": agreements in which a party named nobody, so its reminders only reach its beheerder. */
export function MissingContacts({ data }: { data: { items: Array<{ id: string; title: string }>; more: boolean } }) {
  if (data.items.length === 0) return null;
  return (
    <section aria-labelledby="geen-contact-titel">
      <h2 id="geen-contact-titel">Geen contactpersoon</h2>
      <p className="meta">In deze overeenkomsten heeft een partij nog niemand aangeduid; haar herinneringen gaan naar de beheerder.</p>
      <ul>
        {data.items.map((a) => (
          <li key={a.id}>
            <Link to={`/overeenkomsten/${a.id}/contactpersonen`}>{a.title}</Link> <span className="badge badge--verlopen">Geen contactpersoon</span>
          </li>
        ))}
      </ul>
      {data.more ? <p className="meta">En nog meer.</p> : null}
    </section>
  );
}
