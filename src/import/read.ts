// One source file into a record, whatever its format: detected from the content, not the name.
import { readFile, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { InputError, UsageError } from '../errors.ts';
import { isCveJson, readCve } from './cve.ts';
import { isOsvJson, readOsv } from './osv.ts';
import { UnreadableRecord, type ImportedRecord } from './record.ts';
import { isRustsecMarkdown, readRustsec } from './rustsec.ts';

export async function readRecord(file: string): Promise<ImportedRecord> {
  const text = (await readFile(file, 'utf8')).replace(/^\uFEFF/, '');
  if (/\.md$/i.test(file) || isRustsecMarkdown(text)) {
    if (!isRustsecMarkdown(text)) throw new UnreadableRecord('a Markdown file without a ```toml block at the top is not a RustSec advisory');
    return readRustsec(file, text);
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new UnreadableRecord(`not JSON and not a RustSec advisory (${(e as Error).message})`);
  }
  if (isCveJson(doc)) return readCve(file, doc);
  if (isOsvJson(doc)) return readOsv(file, doc);
  throw new UnreadableRecord('JSON that is neither an OSV record (id, affected, details) nor a CVE JSON 5 record (dataType CVE_RECORD)');
}

/** The files to import: files as given, folders searched for .json and .md files (sorted). */
export async function expandSources(inputs: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  for (const input of inputs) {
    let s;
    try {
      s = await stat(input);
    } catch {
      throw new UsageError(`${input}: no such file or folder`);
    }
    if (s.isFile()) out.push(input);
    else if (s.isDirectory()) {
      const found = (await readdir(input, { recursive: true, withFileTypes: true }))
        .filter((e) => e.isFile() && /\.(json|md)$/i.test(e.name) && !/^(README|PROVENANCE|CONTRIBUTING|CHANGELOG)/i.test(e.name))
        .map((e) => path.join(e.parentPath, e.name))
        .sort();
      out.push(...found);
    } else throw new InputError(`${input}: not a file or folder`);
  }
  return [...new Set(out)];
}
