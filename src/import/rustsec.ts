// RustSec advisory Markdown (rustsec/advisory-db): a ```toml fence with the metadata, then
// "# Title" and the Markdown description. Crates are in crates.io; the files under rust/ are the
// Rust toolchain's own components (std, cargo, rustdoc), which are not crates.
import { parse as parseToml } from 'smol-toml';
import { CVE_PATTERN, GHSA_PATTERN, type AffectedEntry } from '../advisory/schema.ts';
import { isHttpUrl, platform, sourceTimestamp } from './common.ts';
import { emptyRecord, UnreadableRecord, type ImportedRecord } from './record.ts';
import { affectedFromSafe } from './requirements.ts';

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {});
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const strings = (v: unknown): string[] => arr(v).filter((x): x is string => typeof x === 'string');

const FENCE = /^```toml\r?\n([\s\S]*?)\r?\n```[ \t]*\r?\n/;

export function isRustsecMarkdown(text: string): boolean {
  return FENCE.test(text.replace(/^\uFEFF/, ''));
}

/** The ecosystem for RustSec's toolchain components (rust/<component>/): not a registry. */
export const TOOLCHAIN_ECOSYSTEM = 'rust-toolchain';

export function readRustsec(file: string, text: string): ImportedRecord {
  const m = FENCE.exec(text.replace(/^\uFEFF/, ''));
  if (!m) throw new UnreadableRecord('no ```toml block at the top');
  let meta: Json;
  try {
    meta = parseToml(m[1]) as Json;
  } catch (e) {
    throw new UnreadableRecord(`the TOML block cannot be read: ${(e as Error).message.split('\n')[0]}`);
  }
  const adv = obj(meta.advisory);
  const id = adv.id;
  if (typeof id !== 'string') throw new UnreadableRecord('[advisory] has no id');
  if (adv.withdrawn) throw new UnreadableRecord(`${id} is withdrawn (${String(adv.withdrawn)}); withdrawn records are not imported`);
  const r = emptyRecord('rustsec', file, id);
  const rest = text.replace(/^\uFEFF/, '').slice(m[0].length).replace(/^\s*\n/, '');
  const h = /^# +(.+?) *\r?\n/.exec(rest);
  if (!h) throw new UnreadableRecord(`${id}: no "# Title" line after the TOML block`);
  r.title = h[1].trim();
  r.summary = r.title;
  r.details = rest.slice(h[0].length).replace(/^\s*\n/, '');
  const published = sourceTimestamp(adv.date);
  if (!published) throw new UnreadableRecord(`${id}: no valid date`);
  r.published = published;
  r.unmapped.push(`date "${String(adv.date)}": a date without a time; the advisory is dated ${published}`);
  for (const a of strings(adv.aliases)) if (!r.ids.includes(a)) r.ids.push(a);
  if (strings(adv.related).length) r.unmapped.push(`related (${strings(adv.related).join(', ')}): related but different vulnerabilities have no field; mention them in the text`);
  if (typeof adv.cvss === 'string') {
    if (adv.cvss.startsWith('CVSS:3.1/') || adv.cvss.startsWith('CVSS:4.0/')) r.cvss.push(adv.cvss);
    else r.unmapped.push(`cvss "${adv.cvss}": only CVSS 3.1 and 4.0 vectors are carried`);
  }
  for (const k of ['categories', 'keywords']) if (strings(adv[k]).length) r.unmapped.push(`${k} (${strings(adv[k]).join(', ')}): RustSec's classification, no field`);
  if (adv.informational !== undefined) r.unmapped.push(`informational "${String(adv.informational)}": RustSec's notice kind (unmaintained, unsound, notice) has no field`);
  if (adv.license !== undefined) r.unmapped.push(`license "${String(adv.license)}": the licence of the advisory text is not kept`);
  if (typeof adv.url === 'string' && isHttpUrl(adv.url)) r.references.push({ url: adv.url, type: 'ADVISORY' });
  for (const u of strings(adv.references)) if (isHttpUrl(u)) r.references.push({ url: u, type: 'WEB' });

  const pkg = adv.package;
  if (typeof pkg !== 'string') throw new UnreadableRecord(`${id}: [advisory] has no package`);
  const toolchain = !/^RUSTSEC-/.test(id);
  const entry: AffectedEntry = { package: pkg, ecosystem: toolchain ? TOOLCHAIN_ECOSYSTEM : 'crates.io' };
  if (toolchain) r.unmapped.push(`package "${pkg}": a Rust toolchain component, not a crate; its ecosystem is written "${TOOLCHAIN_ECOSYSTEM}" (OSV exports leave it out)`);
  const versions = obj(meta.versions);
  const got = affectedFromSafe([...strings(versions.patched), ...strings(versions.unaffected)]);
  if ('problem' in got) throw new UnreadableRecord(`${id}: the affected versions cannot be written as ranges: ${got.problem}`);
  entry.ranges = got.ranges;
  const affected = obj(meta.affected);
  const os = arr(affected.os).map(platform);
  if (os.length && os.every((p) => p !== undefined)) entry.platforms = [...new Set(os as string[])];
  if (arr(affected.arch).length) r.unmapped.push(`affected.arch ${JSON.stringify(affected.arch)}: no field for CPU architectures; mention them in the text`);
  const functions = obj(affected.functions);
  if (Object.keys(functions).length) {
    entry.functions = Object.keys(functions);
    r.unmapped.push('affected.functions version requirements: functions are listed, their own version requirements are not kept (the package ranges apply)');
  }
  r.affected = [entry];
  if (!r.ids.some((x) => CVE_PATTERN.test(x) || GHSA_PATTERN.test(x)) && r.cvss.length === 0) r.unmapped.push('severity: the source gives no CVSS vector and no rating');
  return r;
}
