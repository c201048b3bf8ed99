import { Fragment } from "react";
import { ClauseText } from "~/components/drafting/clause-view";
import type { DocumentView } from "~/domain/signing/document.server";
import type { SignerSummary } from "~/domain/signing/signer-summary.server";

// The document as a signer reads it, on a phone first: what their party
// commits to and the key dates, then the full text by section, each section
// a <details> (opens and closes without JavaScript). Lists, not tables, so
// nothing is wider than the screen.

const STACK = { overflowWrap: "anywhere" } as const;

/** One commitment as a card: what, then its facts stacked (no table to cut off on a phone). */
function CommitmentItem({ what, facts }: { what: string; facts: Array<[string, string | null]> }) {
  return (
    <li>
      <strong>{what}</strong>
      <dl className="details" style={{ marginTop: ".4rem" }}>
        {facts
          .filter(([, value]) => value)
          .map(([label, value]) => (
            <Fragment key={label}>
              <dt>{label}</dt>
              <dd>{value}</dd>
            </Fragment>
          ))}
      </dl>
    </li>
  );
}

/** "Wat u ondertekent": the signer's party's commitments and the dates. */
export function SignerSummaryView({ summary }: { summary: SignerSummary }) {
  return (
    <section className="card" aria-labelledby="samenvatting" style={STACK}>
      <h2 id="samenvatting" style={{ marginTop: 0 }}>
        Wat u ondertekent
      </h2>
      <p>
        Met uw handtekening engageert {summary.party.name} ({summary.party.roleLabel}) zich tot deze afspraken:
      </p>
      {summary.commitments.length === 0 ? (
        <p className="meta">Dit document bevat geen afzonderlijke afspraken voor uw partij.</p>
      ) : (
        <ul className="agreement-list" aria-label={`Afspraken van ${summary.party.name}`}>
          {summary.commitments.map((c, i) => (
            <CommitmentItem key={i} what={c.what} facts={[["Wie", c.bearer], ["Tegen wanneer", c.due], ["Uw rol", c.ownRole]]} />
          ))}
        </ul>
      )}
      <h3>Belangrijke data</h3>
      <dl className="details">
        <dt>Looptijd</dt>
        <dd>{summary.duration}</dd>
        <dt>Evaluatie</dt>
        <dd>
          {summary.evaluations.length === 0 ? (
            "Geen evaluatiemomenten gepland."
          ) : (
            <ul style={{ margin: 0, paddingLeft: "1.1rem" }}>
              {summary.evaluations.map((e) => (
                <li key={`${e.date}-${e.label}`}>
                  {e.date}: {e.label}
                </li>
              ))}
            </ul>
          )}
          {summary.evaluations.length > 0 && !summary.evaluationsAgreed ? (
            <span className="meta">Volgens het gebruikelijke ritme; de partijen leggen de data samen vast.</span>
          ) : null}
        </dd>
      </dl>
    </section>
  );
}

const SUMMARY_STYLE = { cursor: "pointer", minHeight: "2.75rem", display: "flex", alignItems: "center", fontWeight: 600 } as const;

/** Up to this many parties are listed one by one; more (a samenwerkingsovereenkomst with its schools) fold into a list per role. */
const PARTIES_SHOWN_OPEN = 6;

/**
 * The parties: a short list as it is; a long one (18 parties on a phone) as a
 * closed <details> with one compact line per role ("Scholen (12): A, B, …").
 */
function Parties({ parties }: { parties: DocumentView["parties"] }) {
  if (parties.length <= PARTIES_SHOWN_OPEN) {
    return (
      <>
        <h3>Partijen</h3>
        <ul className="party-list">
          {parties.map((p) => (
            <li key={`${p.roleLabel}-${p.name}`}>
              {p.roleLabel}: <strong>{p.displayName}</strong>
              {p.address ? <span className="meta"> · {p.address.replace(/\n/g, ", ")}</span> : null}
            </li>
          ))}
        </ul>
      </>
    );
  }
  const byRole = new Map<string, string[]>();
  for (const p of parties) byRole.set(p.roleLabel, [...(byRole.get(p.roleLabel) ?? []), p.displayName]);
  return (
    <details className="section-block" data-testid="partijen">
      <summary style={SUMMARY_STYLE}>Partijen ({parties.length})</summary>
      <ul className="party-list">
        {[...byRole].map(([role, names]) => (
          <li key={role}>
            {role}
            {names.length > 1 ? ` (${names.length})` : ""}: {names.join(", ")}
          </li>
        ))}
      </ul>
    </details>
  );
}

/** The full text: parties, every section collapsible, all commitments as a list. */
export function DocumentText({ doc }: { doc: DocumentView }) {
  return (
    <section aria-labelledby="volledige-tekst" style={STACK}>
      <h2 id="volledige-tekst">De volledige tekst</h2>
      <p className="meta">Open een rubriek om ze te lezen.</p>
      <Parties parties={doc.parties} />
      {doc.sections.map((section, i) => (
        <details key={`${i}-${section.title}`} className="section-block" data-testid="rubriek">
          <summary style={SUMMARY_STYLE}>
            {i + 1}. {section.title}
          </summary>
          {section.clauses.map((clause, j) => (
            <div key={`${j}-${clause.title}`} className="clause">
              <h3>
                {i + 1}.{j + 1} {clause.title}
              </h3>
              <ClauseText text={clause.text} />
            </div>
          ))}
        </details>
      ))}
      <details className="section-block" data-testid="rubriek">
        <summary style={SUMMARY_STYLE}>Alle afspraken ({doc.commitments.length})</summary>
        {doc.commitments.length === 0 ? (
          <p>Dit document bevat geen afzonderlijke afspraken.</p>
        ) : (
          <>
            <ul className="agreement-list" aria-label="Alle afspraken">
              {doc.commitments.map((c, i) => (
                <CommitmentItem key={i} what={c.what} facts={[["Wie", c.who], ["Tegen wanneer", c.due], ["RASCI", c.rasci]]} />
              ))}
            </ul>
            <p className="meta">
              RASCI: R voert uit, A is eindverantwoordelijk, S ondersteunt, C wordt geraadpleegd, I wordt geïnformeerd.
            </p>
          </>
        )}
      </details>
    </section>
  );
}

/** "Ik heb het document gelezen en ga akkoord": a big checkbox with its error. */
export function ConsentCheckbox(props: { errors?: string[]; errorId: string; defaultChecked?: boolean }) {
  const error = props.errors?.[0];
  return (
    <div className="field">
      <label style={{ display: "flex", gap: ".75rem", alignItems: "flex-start", fontWeight: 600 }}>
        <input
          type="checkbox"
          name="consent"
          value="ja"
          defaultChecked={props.defaultChecked}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? props.errorId : undefined}
          style={{ width: "1.6rem", height: "1.6rem", flex: "none", marginTop: ".1rem" }}
        />
        <span>Ik heb het document gelezen en ga akkoord</span>
      </label>
      {error ? (
        <p className="field-error" id={props.errorId}>
          {error}
        </p>
      ) : null}
    </div>
  );
}
