/**
 * How deep, and how much bigger, the HTML5 tree builder (parse5, under both DOMs) will make a page
 * than its markup says, measured from htmlparser2's events during preclean, before any DOM is built.
 *
 * htmlparser2 closes an element where its end tag (or an implied end) says. HTML5 does too, except
 * for formatting elements (`<b>`, `<font>`…): one closed without its own end tag stays on the "list
 * of active formatting elements" and is reopened, as a new element, before the next text. A page
 * that leaves them open by the thousand (`<p><b class=k>text</p>`, k = 1, 2, 3…) nests thousands
 * deep in a DOM and copies each of them into every later paragraph: 40 kB of such markup built
 * 500,000 elements 1,000 deep, and took jsdom 55 s to parse, while htmlparser2 measured depth 3.
 * (Identical elements are kept at most three times, HTML5's "Noah's Ark" clause, so ordinary
 * sloppy markup does not add up.)
 */

/** HTML5's formatting elements. */
const FORMATTING = new Set(['a', 'b', 'big', 'code', 'em', 'font', 'i', 'nobr', 's', 'small', 'strike', 'strong', 'tt', 'u']);
/** Elements that put a marker on the list: formatting elements from before it are not reopened inside them. */
const MARKERS = new Set(['applet', 'caption', 'marquee', 'object', 'td', 'template', 'th']);
/** HTML5 keeps at most this many identical entries after the last marker. */
const NOAHS_ARK = 3;
/**
 * Past this many reopened elements the page is pathological whatever the threshold; the gauge stops
 * counting (a bomb would otherwise make counting itself quadratic).
 */
const SATURATION = 1_000_000;
const END_TAG = /<\/([a-z][a-z0-9]*)/giu;

interface Entry {
  name: string;
  /** Tag name and attributes: what HTML5 compares to find identical entries. */
  key: string;
  /** Depth of the element this entry was reopened in; -1 while it is closed. */
  openAt: number;
}

/** Measures nesting depth and reopened formatting elements from a stream of open/close/text events. */
export class NestingGauge {
  /** Deepest nesting seen, reopened formatting elements included. */
  maxDepth = 0;
  /** Formatting elements HTML5 will create that the markup does not have (reopened copies). */
  reopened = 0;
  /** Elements in the markup. */
  elements = 0;
  /** Elements open now, as htmlparser2 holds them (preclean reads it to match end tags). */
  depth = 0;
  /** Attributes of the elements htmlparser2 holds open, outermost first (null: no formatting element). */
  private readonly stack: (Record<string, string> | null)[] = [];
  /** The list of active formatting elements, as far as elements closed without their end tag go. */
  private entries: Entry[] = [];
  /** `entries.length` at each open marker. */
  private readonly markers: number[] = [];
  private openEntries = 0;
  private closedEntries = 0;

  open(name: string, attributes: Record<string, string>): void {
    this.stack.push(FORMATTING.has(name) ? attributes : null);
    this.elements++;
    this.depth++;
    this.measure();
    if (this.saturated()) return;
    if (MARKERS.has(name)) this.markers.push(this.entries.length);
    if (!FORMATTING.has(name)) return;
    const from = this.markers[this.markers.length - 1] ?? 0;
    // a new <a> closes the one left open (the adoption agency); any other element makes room in the ark
    let same = 0;
    let key: string | undefined; // worked out only when there are entries to compare it with
    for (let i = this.entries.length - 1; i >= from; i--) {
      const entry = this.entries[i]!;
      if ((name === 'a' && entry.name === 'a') || (entry.key === (key ??= keyOf(name, attributes)) && ++same >= NOAHS_ARK)) this.drop(i);
    }
  }

  /** An element closes: `implied` when htmlparser2 closed it without its end tag. */
  close(name: string, implied: boolean): void {
    const attributes = this.stack.pop();
    if (!this.saturated()) {
      if (this.openEntries > 0) {
        for (const entry of this.entries) if (entry.openAt >= this.depth) this.reclose(entry);
      }
      if (MARKERS.has(name)) {
        const length = this.markers.pop() ?? 0;
        while (this.entries.length > length) this.drop(this.entries.length - 1);
      } else if (implied && attributes && FORMATTING.has(name)) {
        this.entries.push({ name, key: keyOf(name, attributes), openAt: -1 });
        this.closedEntries++;
      }
    }
    this.depth--;
  }

  /**
   * End tags htmlparser2 ignored, having no such element open (it reports none of them; pass the
   * markup between its events): for a formatting element HTML5 closed already, HTML5 takes it off
   * the list (`<p><b>bold</p></b>`).
   */
  ignored(markup: string): void {
    if (this.saturated()) return;
    const from = this.markers[this.markers.length - 1] ?? 0;
    for (const [, tag] of markup.matchAll(END_TAG)) {
      const name = tag!.toLowerCase();
      if (!FORMATTING.has(name)) continue;
      for (let i = this.entries.length - 1; i >= from; i--) {
        if (this.entries[i]!.name !== name) continue;
        this.drop(i);
        break;
      }
    }
  }

  /** Text: HTML5 reopens every closed entry (after the last marker) around it. */
  text(): void {
    if (this.closedEntries === 0 || this.saturated()) return;
    const from = this.markers[this.markers.length - 1] ?? 0;
    for (let i = from; i < this.entries.length; i++) {
      const entry = this.entries[i]!;
      if (entry.openAt >= 0) continue;
      entry.openAt = this.depth;
      this.closedEntries--;
      this.openEntries++;
      this.reopened++;
    }
    this.measure();
  }

  private measure(): void {
    const depth = this.depth + this.openEntries;
    if (depth > this.maxDepth) this.maxDepth = depth;
  }

  private saturated(): boolean {
    return this.reopened >= SATURATION;
  }

  private reclose(entry: Entry): void {
    entry.openAt = -1;
    this.openEntries--;
    this.closedEntries++;
  }

  private drop(index: number): void {
    const [entry] = this.entries.splice(index, 1);
    if (!entry) return;
    if (entry.openAt >= 0) this.openEntries--;
    else this.closedEntries--;
  }
}

/** What makes two formatting elements the same for the Noah's Ark clause: name and attributes. */
function keyOf(name: string, attributes: Record<string, string>): string {
  return `${name} ${JSON.stringify(attributes)}`;
}
