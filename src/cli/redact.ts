// Secrets come only from the environment; this removes their values from anything we print, so a
// library's error message that echoes a token or passphrase cannot leak it into a log.
import { SECRET_ENV } from '../config/schema.ts';

export function redact(text: string, env: NodeJS.ProcessEnv = process.env): string {
  let out = text;
  for (const name of SECRET_ENV) {
    // A *_FILE variable names where a secret is, which is not itself secret (and errors must be
    // able to say which file is wrong); the file's content never reaches a message.
    if (name.endsWith('_FILE')) continue;
    const value = env[name];
    // Very short values would redact ordinary words; real secrets are longer than this.
    if (value && value.length >= 6) out = out.split(value).join(`[${name} redacted]`);
  }
  // Credentials embedded in URLs, e.g. smtp://user:password@host.
  return out.replace(/(\w+:\/\/[^:/\s]+:)[^@\s]+@/g, '$1[redacted]@');
}
