// Header values as people wrote them: RFC 2047 encoded-words decoded, "Name <address>" split, and a
// subject turned into an advisory title.

export interface Mailbox {
  name: string | null;
  address: string | null;
}

const ENCODED_WORD = /=\?([^?\s]+)\?([bBqQ])\?([^?\s]*)\?=/g;

/** Decodes RFC 2047 encoded-words; whitespace between two adjacent encoded-words is dropped (§6.2). */
export function decodeHeaderWords(value: string): string {
  const joined = value.replace(/(=\?[^?\s]+\?[bBqQ]\?[^?\s]*\?=)\s+(?==\?)/g, '$1');
  return joined.replace(ENCODED_WORD, (whole, charset: string, enc: string, text: string) => {
    const bytes =
      enc.toLowerCase() === 'b'
        ? Buffer.from(text, 'base64')
        : Buffer.from(text.replace(/_/g, ' ').replace(/=([0-9A-Fa-f]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1');
    try {
      return new TextDecoder(charset.split('*')[0].toLowerCase()).decode(bytes);
    } catch {
      return whole; // an unknown charset stays visible rather than becoming mojibake
    }
  });
}

/** "Name <a@b>", "\"Name\" <a@b>", "a@b (Name)" or "a@b". */
export function parseMailbox(value: string): Mailbox {
  const v = value.trim();
  const angle = /^(.*?)\s*<([^<>\s]+@[^<>\s]+)>\s*$/.exec(v);
  if (angle) return { name: unquote(angle[1]) || null, address: angle[2] };
  const comment = /^([^\s()]+@[^\s()]+)\s*\((.*)\)\s*$/.exec(v);
  if (comment) return { name: comment[2].trim() || null, address: comment[1] };
  if (/^[^\s<>]+@[^\s<>]+$/.test(v)) return { name: null, address: v };
  return { name: v || null, address: null };
}

function unquote(s: string): string {
  const t = s.trim();
  return (t.startsWith('"') && t.endsWith('"') ? t.slice(1, -1).replace(/\\(.)/g, '$1') : t).trim();
}

const TITLE_MAX = 120;
// Reply/forward markers in the languages mail clients commonly add, and bracketed tags such as
// "[SECURITY]" or "[vs]" that say where a mail went, not what it is about.
const PREFIX = /^\s*(?:(?:re|fwd?|aw|wg|sv|vs|tr|rv|antw)\s*(?:\[\d+\])?\s*:|\[[^\]]*\])\s*/i;

/** The subject as an advisory title: reply/forward markers and [TAGS] removed, ≤ 120 characters. */
export function titleFromSubject(subject: string): string | null {
  let t = subject.replace(/\s+/g, ' ').trim();
  for (let previous = ''; previous !== t; ) {
    previous = t;
    t = t.replace(PREFIX, '').trim();
  }
  // Leading "Security:"/"Vulnerability:" labels carry no information in a security team's inbox.
  t = t.replace(/^(?:security(?:\s+(?:issue|report|vulnerability))?|vulnerability(?:\s+report)?)\s*[:\-–]\s*/i, '').trim();
  if (!t || /^\.{3}$|^encrypted message$/i.test(t)) return null;
  if (t.length > TITLE_MAX) {
    const cut = t.slice(0, TITLE_MAX - 1);
    const space = cut.lastIndexOf(' ');
    t = `${(space > 60 ? cut.slice(0, space) : cut).trimEnd()}…`;
  }
  return t;
}
