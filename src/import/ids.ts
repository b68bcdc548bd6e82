// Where each kind of vulnerability id lives on the web. An imported advisory keeps the source's ids
// as `cve`, `ghsa` and, for every other id (RUSTSEC-…, PYSEC-…, GO-…), a reference to the record,
// so that a second import finds it again (existing.ts) and readers can follow it.
import { CVE_PATTERN, GHSA_PATTERN } from '../advisory/schema.ts';

/** The public page of an id, or undefined for an id of unknown shape. */
export function idUrl(id: string): string | undefined {
  if (CVE_PATTERN.test(id)) return `https://www.cve.org/CVERecord?id=${id}`;
  if (GHSA_PATTERN.test(id)) return `https://github.com/advisories/${id}`;
  if (/^RUSTSEC-\d{4}-\d{4}$/.test(id)) return `https://rustsec.org/advisories/${id}.html`;
  if (/^[A-Z][A-Z0-9]*-[A-Za-z0-9._:-]+$/.test(id)) return `https://osv.dev/vulnerability/${id}`;
  return undefined;
}

const ID_IN_URL = [
  /^https:\/\/www\.cve\.org\/CVERecord\?id=(CVE-\d{4}-\d{4,})$/,
  /^https:\/\/github\.com\/(?:advisories|[^/]+\/[^/]+\/security\/advisories)\/(GHSA(?:-[23456789cfghjmpqrvwx]{4}){3})$/,
  /^https:\/\/rustsec\.org\/advisories\/(RUSTSEC-\d{4}-\d{4})\.html$/,
  /^https:\/\/osv\.dev\/vulnerability\/([A-Z][A-Z0-9]*-[A-Za-z0-9._:-]+)$/,
  /^https:\/\/nvd\.nist\.gov\/vuln\/detail\/(CVE-\d{4}-\d{4,})$/,
];

/** The vulnerability id a URL is the record of, if it is one of the pages above. */
export function idOfUrl(url: string): string | undefined {
  for (const re of ID_IN_URL) {
    const m = re.exec(url);
    if (m) return m[1];
  }
  return undefined;
}
