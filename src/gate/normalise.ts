// One spelling of text for every leak comparison. A value can reach an output escaped in many
// ways: HTML entities (`&quot;`, `&#x27;`), JSON (`\"`, `\u00e9`), URLs (`%20`), Markdown (`\*`),
// typographic quotes and dashes, full-width letters, line wrapping. The gate compares needle and
// haystack only after both went through normaliseForMatch, so an escape cannot hide a leak.

const NAMED_ENTITIES: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', lsquo: '‘', rsquo: '’', ldquo: '“', rdquo: '”',
  ndash: '–', mdash: '—', hellip: '…', laquo: '«', raquo: '»', shy: '', zwj: '', zwnj: '', colon: ':', sol: '/', lpar: '(', rpar: ')',
};

function fromCodePoint(n: number): string {
  return n > 0 && n <= 0x10ffff ? String.fromCodePoint(n) : '';
}

/** HTML character references, named and numeric (applied twice: `&amp;quot;` is a quote too). */
export function decodeEntities(text: string): string {
  const once = (s: string) =>
    s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);?/gi, (whole, ref: string) => {
      if (ref[0] === '#') return fromCodePoint(ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10)) || whole;
      return NAMED_ENTITIES[ref.toLowerCase()] ?? whole;
    });
  return once(once(text));
}

/** JSON and JavaScript string escapes: \uXXXX (surrogate pairs too), \n, \t, \", \\, \/. */
export function decodeJsonEscapes(text: string): string {
  return text
    .replace(/\\u([0-9a-fA-F]{4})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)))
    .replace(/\\[nrt]/g, ' ');
}

/** Percent-encoded bytes, decoded as UTF-8 where they form valid sequences. */
export function decodePercent(text: string): string {
  return text.replace(/(?:%[0-9a-fA-F]{2})+/g, (run) => {
    try {
      return decodeURIComponent(run);
    } catch {
      return run;
    }
  });
}

const FOLD: Record<string, string> = {
  '‘': "'", '’': "'", '‚': "'", '‛': "'", '′': "'", '`': "'", '´': "'",
  '“': '"', '”': '"', '„': '"', '‟': '"', '″': '"', '«': '"', '»': '"',
  '‐': '-', '‑': '-', '‒': '-', '–': '-', '—': '-', '―': '-', '−': '-',
  '…': '...',
};

/**
 * The comparable spelling of `text`: escapes decoded (JSON, HTML, percent, backslash), Unicode
 * NFKC, quotes and dashes folded, invisible characters dropped, lower case, whitespace collapsed.
 */
export function normaliseForMatch(text: string): string {
  let s = decodeJsonEscapes(text);
  s = decodeEntities(s);
  s = decodePercent(s);
  // Markdown and JSON backslash escapes of punctuation: \" \* \_ \[ \\ …
  s = s.replace(/\\([!-/:-@[-`{-~])/g, '$1');
  s = s.normalize('NFKC');
  s = s.replace(/[\u00ad\u200b-\u200f\u2060\ufeff]/g, '');
  s = s.replace(/[‘’‚‛′`´“”„‟″«»‐‑‒–—―−…]/g, (c) => FOLD[c] ?? c);
  return s.toLowerCase().replace(/\s+/g, ' ').trim();
}
