import { Fragment } from "react";

/**
 * Clause text as plain text: lines starting with "- " become a list, other
 * lines paragraphs. React escapes everything: HTML in a clause shows as text.
 */
export function ClauseText({ text }: { text: string }) {
  const blocks: Array<{ kind: "p"; text: string } | { kind: "ul"; items: string[] }> = [];
  for (const line of text.split("\n")) {
    const bullet = /^\s*[-*•]\s+(.*)$/.exec(line);
    if (bullet) {
      const last = blocks[blocks.length - 1];
      if (last?.kind === "ul") last.items.push(bullet[1]!);
      else blocks.push({ kind: "ul", items: [bullet[1]!] });
    } else if (line.trim()) {
      blocks.push({ kind: "p", text: line });
    }
  }
  return (
    <div className="clause-text">
      {blocks.map((block, i) => (
        <Fragment key={i}>
          {block.kind === "p" ? (
            <p>{highlightMissing(block.text)}</p>
          ) : (
            <ul>
              {block.items.map((item, j) => (
                <li key={j}>{highlightMissing(item)}</li>
              ))}
            </ul>
          )}
        </Fragment>
      ))}
    </div>
  );
}

function highlightMissing(text: string) {
  const parts = text.split(/(\[nog in te vullen: [^\]]+\])/g);
  return parts.map((part, i) =>
    part.startsWith("[nog in te vullen:") ? (
      <mark key={i} className="missing">
        {part}
      </mark>
    ) : (
      <Fragment key={i}>{part}</Fragment>
    ),
  );
}

/**
 * Where a clause comes from ("Sjabloon x v1", edited, a newer version in the
 * library): technical text, shown only on demand.
 */
export function ProvenanceDetails(props: { templateId: string | null; templateVersion: number | null; modified: boolean; currentTemplateVersion?: number | null }) {
  return (
    <details className="provenance">
      <summary>Herkomst</summary>
      <Provenance {...props} />
    </details>
  );
}

/** The provenance as one line of text. */
export function Provenance(props: { templateId: string | null; templateVersion: number | null; modified: boolean; currentTemplateVersion?: number | null }) {
  if (!props.templateId) return <span className="meta">Eigen clausule</span>;
  const outdated = props.currentTemplateVersion && props.templateVersion && props.currentTemplateVersion > props.templateVersion;
  return (
    <span className="meta">
      Sjabloon {props.templateId} v{props.templateVersion}
      {props.modified ? " · aangepast" : ""}
      {outdated ? ` · in de bibliotheek staat al v${props.currentTemplateVersion}` : ""}
    </span>
  );
}
