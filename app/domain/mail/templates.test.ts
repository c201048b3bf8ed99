import { describe, expect, it } from "vitest";
import { buildMail, DEFAULT_FOOTER, DEMO_MAIL_NOTICE, escapeHtml, markAsDemo } from "./templates";

describe("buildMail", () => {
  const base = {
    to: "jana.peeters@school.be",
    subject: "Ondertekening gevraagd: afsprakennota 2026–2027",
    paragraphs: ["De afsprakennota voor 2026–2027 is klaar.", "Onderteken ze vóór 15 september."],
    action: { label: "Afsprakennota bekijken", url: "https://akkoord.be/nota/17?stap=2&x=1" },
  };

  it("builds a plain text version with greeting, paragraphs, the action URL on its own line and the footer", () => {
    const mail = buildMail({ ...base, greeting: "Beste Jana" });
    expect(mail.to).toBe("jana.peeters@school.be");
    expect(mail.subject).toBe(base.subject);
    expect(mail.text).toBe(
      [
        "Beste Jana,",
        "",
        "De afsprakennota voor 2026–2027 is klaar.",
        "",
        "Onderteken ze vóór 15 september.",
        "",
        "Afsprakennota bekijken:",
        "https://akkoord.be/nota/17?stap=2&x=1",
        "",
        "-- ",
        DEFAULT_FOOTER,
        "",
      ].join("\n"),
    );
    expect(mail.text.split("\n")).toContain("https://akkoord.be/nota/17?stap=2&x=1");
  });

  it("addresses the reader with \"u\" in its own words, never \"je\", \"jij\" or \"jouw\"", () => {
    const mail = buildMail({ ...base, greeting: "Beste Jana" });
    for (const body of [mail.text, mail.html]) {
      const own = body.replace(base.paragraphs.join(" "), "");
      expect(own).not.toMatch(/\b(je|jij|jou|jouw)\b/i);
    }
    expect(mail.html).toContain("Kopieer dan deze link in uw browser");
  });

  it("uses the default greeting and footer", () => {
    const mail = buildMail({ to: "a@school.be", subject: "Test", paragraphs: ["Hallo."] });
    expect(mail.text.startsWith("Beste,\n\nHallo.")).toBe(true);
    expect(mail.text).toContain("Dit bericht werd automatisch verstuurd door Akkoord.");
    expect(mail.html).toContain("Dit bericht werd automatisch verstuurd door Akkoord.");
  });

  it("produces an accessible HTML document with an escaped link", () => {
    const mail = buildMail(base);
    expect(mail.html).toMatch(/^<!DOCTYPE html>/);
    expect(mail.html).toContain('<html lang="nl-BE">');
    expect(mail.html).toContain('<meta charset="utf-8">');
    expect(mail.html).toContain(`<title>${base.subject}</title>`);
    expect(mail.html).toContain('role="presentation"');
    expect(mail.html).toContain('href="https://akkoord.be/nota/17?stap=2&amp;x=1"');
    expect(mail.html).toContain(">Afsprakennota bekijken</a>");
    expect(mail.html).not.toMatch(/<(script|style)\b/i);
  });

  it("escapes all text: <script> shows as text, never as markup", () => {
    const mail = buildMail({
      to: "a@school.be",
      subject: "Naam <script>alert(1)</script>",
      greeting: 'Beste <b>"Jan"</b> & co',
      paragraphs: ["<script>alert('x')</script>", "regel 1\nregel 2 <img src=x onerror=alert(1)>"],
      action: { label: "<i>Klik</i>", url: 'https://akkoord.be/?q="><script>' },
      footer: "<a href='https://evil.test'>voet</a>",
    });
    expect(mail.html).not.toContain("<script");
    expect(mail.html).not.toContain("<b>");
    expect(mail.html).not.toContain("<i>");
    expect(mail.html).not.toContain("<img");
    expect(mail.html).not.toContain("https://evil.test'>");
    expect(mail.html).toContain("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;");
    expect(mail.html).toContain("Beste &lt;b&gt;&quot;Jan&quot;&lt;/b&gt; &amp; co,");
    expect(mail.html).toContain("regel 1<br>regel 2 &lt;img src=x onerror=alert(1)&gt;");
    expect(mail.html).toContain("<title>Naam &lt;script&gt;alert(1)&lt;/script&gt;</title>");
    // The plain version keeps the text as written.
    expect(mail.text).toContain("<script>alert('x')</script>");
  });

  it("refuses non-http(s) action URLs", () => {
    expect(() => buildMail({ ...base, action: { label: "x", url: "javascript:alert(1)" } })).toThrow(
      /http or https/,
    );
    expect(() => buildMail({ ...base, action: { label: "x", url: "/relatief" } })).toThrow(/absolute URL/);
  });

  it("collapses line breaks in the subject and drops empty paragraphs", () => {
    const mail = buildMail({
      to: "a@school.be",
      subject: " Twee\nregels ",
      paragraphs: ["Een.", "  ", "Twee."],
    });
    expect(mail.subject).toBe("Twee regels");
    expect(mail.text).toBe(`Beste,\n\nEen.\n\nTwee.\n\n-- \n${DEFAULT_FOOTER}\n`);
  });

  it("escapeHtml escapes the five special characters", () => {
    expect(escapeHtml(`<>&"'`)).toBe("&lt;&gt;&amp;&quot;&#39;");
  });

  it("markAsDemo ends the footer of the plain text and the HTML with the demo notice", () => {
    const mail = buildMail({ to: "a@school.be", subject: "Test", paragraphs: ["Hallo."] });
    const demo = markAsDemo(mail);
    expect(DEMO_MAIL_NOTICE).toMatch(/^Demo-omgeving: dit bericht komt uit een demo van Akkoord\./);
    expect(demo.text).toBe(`Beste,\n\nHallo.\n\n-- \n${DEFAULT_FOOTER}\n\n${DEMO_MAIL_NOTICE}\n`);
    const notice = demo.html.indexOf(DEMO_MAIL_NOTICE);
    expect(notice).toBeGreaterThan(demo.html.indexOf(DEFAULT_FOOTER));
    expect(notice).toBeLessThan(demo.html.indexOf("</body>"));
    expect(demo.subject).toBe(mail.subject);
    // HTML without a body element still gets the notice.
    expect(markAsDemo({ text: "t", html: "<p>t</p>" }).html).toContain(DEMO_MAIL_NOTICE);
  });
});
