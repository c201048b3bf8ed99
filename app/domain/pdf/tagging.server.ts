// Tagged PDF (ISO 32000-1 §14.7–14.8): a logical structure a screen reader can
// follow. While the renderer draws, every piece of real content is wrapped in a
// marked-content sequence (/P <</MCID n>> BDC … EMC) that belongs to the
// structure element being drawn (a heading, a paragraph, a table cell, a
// figure); decoration (rules, fills, the watermark, footers) is wrapped as
// /Artifact. At the end the structure tree is written: the elements with their
// marked-content references, a /ParentTree that maps each page's MCIDs back to
// their elements, and /MarkInfo << /Marked true >> in the catalog.
//
// Built with pdf-lib's low-level objects; sealing keeps all of it (pdf-lib
// reloads and saves every object, the signature only covers the bytes).

import {
  PDFArray,
  PDFDict,
  PDFName,
  PDFNumber,
  PDFOperator,
  PDFOperatorNames,
  type PDFDocument,
  type PDFPage,
  type PDFRef,
  PDFHexString,
} from "pdf-lib";

/** Standard structure types this renderer uses. */
export type StructRole =
  | "Document"
  | "Sect"
  | "H1"
  | "H2"
  | "H3"
  | "P"
  | "Figure"
  | "Table"
  | "TR"
  | "TH"
  | "TD";

interface MarkedContentRef {
  page: PDFPage;
  mcid: number;
}

export interface StructNode {
  readonly role: StructRole;
  readonly ref: PDFRef;
  readonly parent: StructNode | null;
  readonly kids: Array<StructNode | MarkedContentRef>;
  /** Alternative text (figures). */
  alt?: string;
  /** First page with content of this element (its /Pg). */
  page?: PDFPage;
}

interface PageMarks {
  /** Index into the ParentTree (the page's /StructParents). */
  index: number;
  /** Owner of each MCID on this page, by MCID. */
  owners: StructNode[];
}

const BDC = PDFOperatorNames.BeginMarkedContentSequence;
const BMC = PDFOperatorNames.BeginMarkedContent;
const EMC = PDFOperatorNames.EndMarkedContent;

export class StructureTagger {
  readonly root: StructNode;
  private readonly stack: StructNode[] = [];
  private readonly pages = new Map<PDFPage, PageMarks>();
  /**
   * The marked-content sequence still open: consecutive content of one element
   * on one page (the lines of a paragraph) shares one BDC … EMC and one MCID.
   */
  private run: { page: PDFPage; node: StructNode } | null = null;

  constructor(private readonly doc: PDFDocument) {
    this.root = { role: "Document", ref: doc.context.nextRef(), parent: null, kids: [] };
    this.stack.push(this.root);
  }

  /** The element content is drawn into now. */
  get current(): StructNode {
    return this.stack[this.stack.length - 1] ?? this.root;
  }

  /** A new child element of `parent` (default: the current element), not opened. */
  add(role: StructRole, parent: StructNode = this.current, alt?: string): StructNode {
    const node: StructNode = { role, ref: this.doc.context.nextRef(), parent, kids: [], alt };
    parent.kids.push(node);
    return node;
  }

  /** Opens a child element of the current one; content drawn until close() belongs to it. */
  open(role: StructRole, alt?: string): StructNode {
    const node = this.add(role, this.current, alt);
    this.stack.push(node);
    return node;
  }

  /** Runs `work` with an existing element (e.g. a table cell continued on the next page) as the current one. */
  inside<T>(node: StructNode, work: () => T): T {
    this.stack.push(node);
    try {
      return work();
    } finally {
      this.close(node);
    }
  }

  close(node: StructNode): void {
    const at = this.stack.lastIndexOf(node);
    if (at > 0) this.stack.length = at;
  }

  /** Runs `work` (which must add a leaf element, e.g. a paragraph) with `role` open. */
  within<T>(role: StructRole, work: () => T, alt?: string): T {
    const node = this.open(role, alt);
    try {
      return work();
    } finally {
      this.close(node);
    }
  }

  /**
   * Marks what `draw` pushes onto the page as content of the current element.
   * Every operator on a page goes through content() or artifact(), so a
   * sequence left open is always closed before anything else is drawn there.
   */
  content(page: PDFPage, draw: () => void): void {
    const node = this.current;
    if (this.run?.page !== page || this.run.node !== node) {
      this.endRun();
      const marks = this.marksFor(page);
      const mcid = marks.owners.length;
      marks.owners.push(node);
      node.kids.push({ page, mcid });
      node.page ??= page;
      // The property list is an inline dictionary; pdf-lib writes any PDF object
      // as an operand, its types just do not list dictionaries.
      const properties = this.doc.context.obj({ MCID: mcid }) as unknown as PDFArray;
      page.pushOperators(PDFOperator.of(BDC, [PDFName.of(node.role), properties]));
      this.run = { page, node };
    }
    draw();
  }

  /** Wraps decoration (rules, fills, watermark, page footers) as an artifact: not read aloud. */
  artifact(page: PDFPage, draw: () => void): void {
    this.endRun();
    page.pushOperators(PDFOperator.of(BMC, [PDFName.of("Artifact")]));
    draw();
    page.pushOperators(PDFOperator.of(EMC));
  }

  private endRun(): void {
    if (!this.run) return;
    this.run.page.pushOperators(PDFOperator.of(EMC));
    this.run = null;
  }

  private marksFor(page: PDFPage): PageMarks {
    let marks = this.pages.get(page);
    if (!marks) {
      marks = { index: this.pages.size, owners: [] };
      this.pages.set(page, marks);
      page.node.set(PDFName.of("StructParents"), PDFNumber.of(marks.index));
    }
    return marks;
  }

  /** Writes the structure tree and marks the document as tagged. */
  finish(): void {
    this.endRun();
    const { context, catalog } = this.doc;
    const treeRootRef = context.nextRef();

    const write = (node: StructNode) => {
      const kids = context.obj([]) as PDFArray;
      for (const kid of node.kids) {
        if ("role" in kid) {
          if (!isEmpty(kid)) {
            write(kid);
            kids.push(kid.ref);
          }
        } else if (kid.page === node.page) {
          kids.push(PDFNumber.of(kid.mcid));
        } else {
          kids.push(context.obj({ Type: "MCR", Pg: kid.page.ref, MCID: kid.mcid }));
        }
      }
      const dict = context.obj({ Type: "StructElem", S: node.role, P: node.parent?.ref ?? treeRootRef, K: kids }) as PDFDict;
      if (node.page) dict.set(PDFName.of("Pg"), node.page.ref);
      if (node.alt) dict.set(PDFName.of("Alt"), PDFHexString.fromText(node.alt));
      context.assign(node.ref, dict);
    };
    write(this.root);

    const nums = context.obj([]) as PDFArray;
    for (const marks of this.pages.values()) {
      nums.push(PDFNumber.of(marks.index));
      nums.push(context.obj(marks.owners.map((owner) => owner.ref)));
    }
    const parentTree = context.register(context.obj({ Nums: nums }));
    context.assign(
      treeRootRef,
      context.obj({ Type: "StructTreeRoot", K: this.root.ref, ParentTree: parentTree, ParentTreeNextKey: this.pages.size }),
    );
    catalog.set(PDFName.of("StructTreeRoot"), treeRootRef);
    catalog.set(PDFName.of("MarkInfo"), context.obj({ Marked: true }));
  }
}

/** An element with no content anywhere below it is left out of the tree (a table cell stays: it keeps the columns). */
function isEmpty(node: StructNode): boolean {
  if (node.role === "TD" || node.role === "TH") return false;
  return node.kids.every((kid) => "role" in kid && isEmpty(kid));
}
