// What would betray an advisory that is not public yet: its id (and file name), CVE and GHSA ids,
// title, attachment names, and its distinctive phrases (runs of PHRASE_WORDS words of its body that
// no public text shares). All normalised like the text they are looked for in (normalise.ts).
import { normaliseForMatch } from './normalise.ts';

export interface EmbargoNeedle {
  /** The advisory the text belongs to. */
  id: string;
  kind: 'id' | 'cve' | 'ghsa' | 'title' | 'attachment';
  /** Normalised; kept in memory only, never printed (it may be embargoed). */
  needle: string;
}

export interface EmbargoIndex {
  needles: EmbargoNeedle[];
  /** Distinctive phrase (PHRASE_WORDS normalised words joined by a space) → advisory id. */
  phrases: Map<string, string>;
}

export interface WithheldAdvisory {
  id: string;
  /** The raw frontmatter (may be partly invalid: a draft is still withheld). */
  data: Record<string, unknown>;
  body: string;
  attachmentNames: string[];
}

/** A quoted sentence shorter than this is common English, not a leak. */
export const PHRASE_WORDS = 8;
const MIN_TITLE = 12;
const MIN_ATTACHMENT = 8;

/** Words of a text as the phrase matcher sees it. */
export function wordsOf(normalised: string): string[] {
  return normalised.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
}

function phrasesOf(text: string): string[] {
  const out: string[] = [];
  // Paragraph by paragraph: a phrase never spans a heading and the text under it.
  for (const para of text.split(/\n\s*\n/)) {
    const words = wordsOf(normaliseForMatch(para.replace(/^#+\s.*$/gm, ' ')));
    for (let i = 0; i + PHRASE_WORDS <= words.length; i++) out.push(words.slice(i, i + PHRASE_WORDS).join(' '));
  }
  return out;
}

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : typeof v === 'string' ? [v] : []);

/**
 * The index over `withheld` advisories. `publicTexts` are the bodies of public advisories and any
 * other text the site publishes on purpose: a phrase found there is boilerplate, not distinctive.
 */
export function buildEmbargoIndex(withheld: WithheldAdvisory[], publicTexts: string[] = []): EmbargoIndex {
  const needles: EmbargoNeedle[] = [];
  const add = (id: string, kind: EmbargoNeedle['kind'], raw: string, min = 1) => {
    const needle = normaliseForMatch(raw);
    if (needle.length >= min) needles.push({ id, kind, needle });
  };
  const phrases = new Map<string, string>();
  for (const a of withheld) {
    add(a.id, 'id', a.id);
    if (typeof a.data.id === 'string' && a.data.id !== a.id) add(a.id, 'id', a.data.id);
    for (const cve of strings(a.data.cve)) add(a.id, 'cve', cve);
    for (const ghsa of strings(a.data.ghsa)) add(a.id, 'ghsa', ghsa);
    if (typeof a.data.title === 'string') add(a.id, 'title', a.data.title, MIN_TITLE);
    for (const name of a.attachmentNames) add(a.id, 'attachment', name, MIN_ATTACHMENT);
    for (const p of phrasesOf(a.body)) if (!phrases.has(p)) phrases.set(p, a.id);
  }
  if (phrases.size > 0) for (const text of publicTexts) for (const p of phrasesOf(text)) phrases.delete(p);
  return { needles, phrases };
}

export interface EmbargoHit {
  id: string;
  kind: EmbargoNeedle['kind'] | 'phrase';
}

/** Every withheld advisory `normalised` text betrays, and how (never with the matching text). */
export function findEmbargoed(normalised: string, index: EmbargoIndex): EmbargoHit[] {
  const hits: EmbargoHit[] = [];
  const seen = new Set<string>();
  const hit = (id: string, kind: EmbargoHit['kind']) => {
    const key = `${id} ${kind}`;
    if (!seen.has(key)) hits.push({ id, kind }), seen.add(key);
  };
  for (const n of index.needles) if (normalised.includes(n.needle)) hit(n.id, n.kind);
  if (index.phrases.size > 0) {
    const words = wordsOf(normalised);
    for (let i = 0; i + PHRASE_WORDS <= words.length; i++) {
      const id = index.phrases.get(words.slice(i, i + PHRASE_WORDS).join(' '));
      if (id) hit(id, 'phrase');
    }
  }
  return hits;
}
