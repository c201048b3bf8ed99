/** The section with the CSV exports of the chosen school year; `id` names its heading. */
export function ExportSection(props: { id: string; schoolYear: string }) {
  const query = `?schooljaar=${encodeURIComponent(props.schoolYear)}`;
  return (
    <section aria-labelledby={props.id}>
      <h2 id={props.id}>Exporteren</h2>
      <ul>
        <li>
          <a href={`/export/overeenkomsten.csv${query}`} download>
            Status van de overeenkomsten ({props.schoolYear}) als CSV
          </a>
        </li>
        <li>
          <a href={`/export/afspraken.csv${query}`} download>
            Afspraken ({props.schoolYear}) als CSV
          </a>
        </li>
      </ul>
    </section>
  );
}
