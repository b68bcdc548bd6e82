// What would betray an advisory that is not public yet: its id (and file name), CVE and GHSA ids,
// title, attachment names, and its distinctive phrases. All normalised like the text they are
// looked for in (normalise.ts).
//
// A phrase is a run of PHRASE_WORDS words of one paragraph of the body. It is distinctive unless it
// is house style: found in a boilerplate text (the scaffold's template, the runbook) or in the
// bodies of two or more other advisories. One other advisory sharing it is what a quote looks
// like, so that still counts: the gate fails closed, and the team rewords the sentence.
import { NeedleMatcher, PhraseMatcher } from './matcher.ts';
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
export const PHRASE_WORDS = 12;
const MIN_TITLE = 12;
const MIN_ATTACHMENT = 8;

/** Words of a text as the phrase matcher sees it. */
export function wordsOf(normalised: string): string[] {
  // The text is normalised (lower case, NFKC, quotes and dashes folded): ASCII letters and digits,
  // and every character beyond Latin-1 punctuation, make words. (A Unicode-property split costs
  // four times as much, and only the same function on both sides matters.)
  return normalised.split(/[^a-z0-9\u00aa\u00b5\u00ba\u00c0-\uffff]+/).filter(Boolean);
}

// Sections whose prose is formulaic in every advisory ("We want to thank … according to the
// security policy"): their sentences say nothing about the vulnerability.
const FORMULAIC_SECTION = /^#+\s*(acknowledg|credits?\b|thanks|timeline)/i;

function phrasesOf(text: string): string[] {
  const out: string[] = [];
  let formulaic = false;
  const kept: string[] = [];
  for (const line of text.split('\n')) {
    if (/^#+\s/.test(line)) {
      formulaic = FORMULAIC_SECTION.test(line);
      kept.push('');
      continue;
    }
    // Link definitions ("[1]: https://…") are references, not prose.
    kept.push(formulaic || /^\s*\[[^\]]+\]:\s/.test(line) ? '' : line);
  }
  // Paragraph by paragraph: a phrase never spans a heading and the text under it.
  for (const para of kept.join('\n').split(/\n\s*\n/)) {
    const words = wordsOf(normaliseForMatch(para));
    for (let i = 0; i + PHRASE_WORDS <= words.length; i++) out.push(words.slice(i, i + PHRASE_WORDS).join(' '));
  }
  return out;
}

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : typeof v === 'string' ? [v] : []);

export interface IndexTexts {
  /** Bodies of the other advisories (public or not, by id): house style is what two or more share. */
  bodies?: { id: string; body: string }[];
  /** Texts published on purpose whose phrases are never distinctive (templates, runbook pages). */
  boilerplate?: string[];
}

/** The index over `withheld` advisories. */
export function buildEmbargoIndex(withheld: WithheldAdvisory[], texts: IndexTexts = {}): EmbargoIndex {
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
  if (phrases.size === 0) return { needles, phrases };
  for (const text of texts.boilerplate ?? []) for (const p of phrasesOf(text)) phrases.delete(p);
  // Who else uses each phrase: the withheld advisories and the other bodies, by id.
  const users = new Map<string, Set<string>>();
  for (const { id, body } of [...withheld.map((a) => ({ id: a.id, body: a.body })), ...(texts.bodies ?? [])]) {
    for (const p of phrasesOf(body)) {
      if (!phrases.has(p)) continue;
      let set = users.get(p);
      if (!set) users.set(p, (set = new Set()));
      set.add(id);
    }
  }
  for (const [p, owner] of phrases) {
    const others = [...(users.get(p) ?? [])].filter((id) => id !== owner);
    if (others.length >= 2) phrases.delete(p);
  }
  return { needles, phrases };
}

export interface EmbargoHit {
  id: string;
  kind: EmbargoNeedle['kind'] | 'phrase';
}

const compiledIndexes = new WeakMap<EmbargoIndex, { needles: NeedleMatcher<EmbargoNeedle>; phrases: PhraseMatcher<string> }>();

function compiled(index: EmbargoIndex) {
  let c = compiledIndexes.get(index);
  if (!c) {
    c = { needles: new NeedleMatcher(index.needles.map((n) => ({ needle: n.needle, value: n }))), phrases: new PhraseMatcher(index.phrases, PHRASE_WORDS) };
    compiledIndexes.set(index, c);
  }
  return c;
}

/** Every withheld advisory `normalised` text betrays, and how (never with the matching text). */
export function findEmbargoed(normalised: string, index: EmbargoIndex): EmbargoHit[] {
  const hits: EmbargoHit[] = [];
  const seen = new Set<string>();
  const hit = (id: string, kind: EmbargoHit['kind']) => {
    const key = `${id} ${kind}`;
    if (!seen.has(key)) hits.push({ id, kind }), seen.add(key);
  };
  const { needles } = compiled(index);
  for (const n of needles.find(normalised)) hit(n.id, n.kind);
  for (const h of findEmbargoedPhrases(normalised, index)) hit(h.id, h.kind);
  return hits;
}

/** Only the phrase part of findEmbargoed (the gate matches the needles with its own matcher). */
export function findEmbargoedPhrases(normalised: string, index: EmbargoIndex): EmbargoHit[] {
  const { phrases } = compiled(index);
  return phrases.empty ? [] : phrases.find(wordsOf(normalised)).map((id) => ({ id, kind: 'phrase' as const }));
}
