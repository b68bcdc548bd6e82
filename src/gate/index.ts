// The one outbound gate. Every byte that leaves the repository passes here before it is written or
// sent: channel payloads and their attachments (render, publish, amend, notify-distros), replies,
// exports, and the whole site output. It refuses (exit 3) when an output carries
//   - a `private` value (any field, compared after normalise.ts), in any output, public or not;
//   - a file of advisories/<ID>/ that the team did not mark shareable (attachments.ts);
//   - in a public output: anything of an advisory that is not public yet (embargo-index.ts).
// A refusal names the output and the field or advisory, never the matching text.
import { gunzipSync } from 'node:zlib';
import { RefusedError } from '../errors.ts';
import { findEmbargoedPhrases, type EmbargoHit, type EmbargoIndex, type EmbargoNeedle } from './embargo-index.ts';
import { NeedleMatcher } from './matcher.ts';
import { normaliseForMatch } from './normalise.ts';
import type { PrivateValue } from './private-values.ts';

export interface Outbound {
  /** What it is, for the message: "announce: mail text", "dist/advisories/x/index.html". */
  name: string;
  content: string | Uint8Array;
  /** Public outputs are also checked against the embargo index. */
  public: boolean;
}

export interface GateFinding {
  name: string;
  kind: 'private' | 'embargo' | 'attachment';
  /** The private field, or "<ID> (title)" for an embargo hit; never the value. */
  detail: string;
}

export interface GateRules {
  privateValues: PrivateValue[];
  embargo?: EmbargoIndex;
  /** Names of files in advisories/<ID>/ that are NOT shareable: never an attachment. */
  storedNotShareable?: Set<string>;
}

/** A file's text as a reader or a search engine gets it: gzip streams (Pagefind) decompressed. */
export function readableText(content: string | Uint8Array): string {
  if (typeof content === 'string') return content;
  const bytes = Buffer.from(content.buffer, content.byteOffset, content.byteLength);
  let text = bytes.toString('utf8');
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      text += '\n' + gunzipSync(bytes).toString('utf8');
    } catch {
      // Not a whole gzip stream after all; the raw bytes were searched.
    }
  }
  return text;
}

/** The text, normalised twice: as is, and with markup tags removed (a title split by <em>). */
function spellings(text: string): string[] {
  const plain = normaliseForMatch(text);
  const untagged = /<[^>]*>/.test(text) ? normaliseForMatch(text.replace(/<[^>]*>/g, ' ')) : plain;
  return untagged === plain ? [plain] : [plain, untagged];
}

export class OutboundGate {
  readonly rules: GateRules;
  /** Private values and the embargo index's needles in one matcher: one pass per text for both. */
  private readonly matcher: NeedleMatcher<{ field: string } | EmbargoNeedle>;

  constructor(rules: GateRules) {
    this.rules = rules;
    this.matcher = new NeedleMatcher<{ field: string } | EmbargoNeedle>([
      ...rules.privateValues.map((p) => ({ needle: p.needle, value: { field: p.field } })),
      ...(rules.embargo?.needles ?? []).map((n) => ({ needle: n.needle, value: n })),
    ]);
  }

  /** Attachment names are checked apart from content: a stored report must not go out by name. */
  inspectAttachment(owner: string, filename: string): GateFinding[] {
    return this.rules.storedNotShareable?.has(filename)
      ? [{ name: `${owner}: attachment ${filename}`, kind: 'attachment', detail: `${filename} is not in the advisory's shareable/ folder` }]
      : [];
  }

  inspect(item: Outbound): GateFinding[] {
    const findings: GateFinding[] = [];
    const texts = spellings(readableText(item.content));
    const found = new Set(texts.flatMap((t) => this.matcher.find(t)));
    const fields = new Set<string>();
    const embargoHits: EmbargoHit[] = [];
    for (const v of found) {
      if ('field' in v) fields.add(v.field);
      else if (item.public) embargoHits.push({ id: v.id, kind: v.kind });
    }
    for (const field of fields) findings.push({ name: item.name, kind: 'private', detail: field });
    if (item.public && this.rules.embargo) {
      for (const t of texts) embargoHits.push(...findEmbargoedPhrases(t, this.rules.embargo));
      const seen = new Set<string>();
      for (const h of embargoHits) {
        const detail = `${h.id} (${h.kind === 'phrase' ? 'a sentence of its text' : `its ${h.kind}`})`;
        if (!seen.has(detail)) findings.push({ name: item.name, kind: 'embargo', detail }), seen.add(detail);
      }
    }
    return findings;
  }

  check(items: Outbound[]): GateFinding[] {
    return items.flatMap((i) => this.inspect(i));
  }

  /** Throws RefusedError (exit 3) listing every finding; `what` says what was stopped. */
  pass(items: Outbound[], what: string, extra: GateFinding[] = []): void {
    const findings = [...extra, ...this.check(items)];
    if (findings.length > 0) throw gateRefusal(findings, what);
  }
}

export function describeFinding(f: GateFinding): string {
  if (f.kind === 'private') return `${f.name}: contains the value of ${f.detail}`;
  if (f.kind === 'attachment') return `${f.name}: ${f.detail}`;
  return `${f.name}: names ${f.detail}, which is not public`;
}

export function gateRefusal(findings: GateFinding[], what: string): RefusedError {
  const lines = findings.slice(0, 20).map((f) => `  - ${describeFinding(f)}`);
  if (findings.length > 20) lines.push(`  … and ${findings.length - 20} more`);
  return new RefusedError(
    `the outbound gate stopped ${what}; nothing was written or sent:\n${lines.join('\n')}\n` +
      'Remove the text from the advisory (`npm run validate` shows the line of a private value), or mark a file shareable by moving it to advisories/<ID>/shareable/.',
  );
}

export { normaliseForMatch } from './normalise.ts';
export type { PrivateValue } from './private-values.ts';
export { privateValuesOf } from './private-values.ts';
export { buildEmbargoIndex, findEmbargoed, type EmbargoIndex, type WithheldAdvisory } from './embargo-index.ts';
