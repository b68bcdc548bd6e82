// Secrets come only from the environment; this removes their values from anything we print, so a
// library's error message that echoes a token or passphrase cannot leak it into a log.
import { SECRET_ENV } from '../config/schema.ts';

// Very short values would redact ordinary words; real secrets are longer than this.
const MIN_SECRET_LENGTH = 6;

/**
 * The password inside a credential URL, as written (percent-encoded or not), decoded and encoded: a message
 * may quote either without the rest of the URL. Read by hand, not with URL(), because an unencoded
 * '#', '@' or '%' (the case that most needs redacting) is exactly what URL() refuses.
 */
function urlPasswords(value: string): string[] {
  const m = /^\s*\w+:\/\/[^:/\s@]*:(.*)@[^@]*$/s.exec(value);
  if (!m || !m[1]) return [];
  const written = m[1];
  let decoded = written;
  try {
    decoded = decodeURIComponent(written);
  } catch {
    // Not valid percent-encoding: the written form is all there is.
  }
  // Also the encoded form of the decoded one: a library may re-encode what it parsed.
  return [written, decoded, encodeURIComponent(decoded)];
}

function secretValues(env: NodeJS.ProcessEnv): { name: string; value: string }[] {
  const out: { name: string; value: string }[] = [];
  for (const name of SECRET_ENV) {
    // A *_FILE variable names where a secret is, which is not itself secret (and errors must be
    // able to say which file is wrong); the file's content never reaches a message.
    if (name.endsWith('_FILE')) continue;
    const value = env[name];
    if (!value) continue;
    for (const v of [value, ...urlPasswords(value)]) if (v.length >= MIN_SECRET_LENGTH) out.push({ name, value: v });
  }
  // Longest first, so a whole URL is replaced before the password inside it.
  return out.sort((a, b) => b.value.length - a.value.length);
}

export function redact(text: string, env: NodeJS.ProcessEnv = process.env): string {
  let out = text;
  for (const { name, value } of secretValues(env)) out = out.split(value).join(`[${name} redacted]`);
  // Credentials embedded in URLs, e.g. smtp://user:password@host; greedy up to the token's last '@',
  // since an unencoded password may itself contain '@'.
  return out.replace(/(\w+:\/\/[^:/\s@]+:)\S*@/g, '$1[redacted]@');
}
