// Writing release-day results back into the advisory file: the frontmatter is edited as a YAML
// document (yaml's parseDocument), so comments, key order and quoting of everything else survive,
// and the body is kept byte for byte. The write is atomic, then the file is committed.
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { isMap, isScalar, parseDocument, Pair, Scalar, type Document, type YAMLMap } from 'yaml';
import { InputError } from '../errors.ts';
import { writeFileDurably } from './journal.ts';

const run = promisify(execFile);

/** A change to the frontmatter: a top-level key, or a nested path, and its new value. */
export interface FieldChange {
  path: string[];
  value: string;
  /** For a new top-level key: put it after this key when present (e.g. `ghsa` after `cve`). */
  after?: string;
}

function splitSource(file: string, source: string): { yaml: string; head: string; rest: string } {
  const m = /^---\r?\n/.exec(source);
  if (!m) throw new InputError(`${file}:1:1: no YAML frontmatter to write into`);
  const close = /^---[ \t]*\r?$/m;
  const afterOpen = source.slice(m[0].length);
  const end = close.exec(afterOpen);
  if (!end) throw new InputError(`${file}: the frontmatter has no closing "---" line`);
  return { head: m[0], yaml: afterOpen.slice(0, end.index), rest: afterOpen.slice(end.index) };
}

function quoted(value: string): Scalar {
  const s = new Scalar(value);
  // Timestamps and URLs stay strings for every YAML reader (no implicit timestamp typing).
  if (/^\d{4}-\d{2}-\d{2}T/.test(value)) s.type = Scalar.QUOTE_DOUBLE;
  return s;
}

function setTopLevel(doc: Document, key: string, value: string, after?: string): void {
  const map = doc.contents as YAMLMap;
  if (doc.has(key)) {
    const node = doc.get(key, true);
    if (isScalar(node)) {
      node.value = value;
      return;
    }
    doc.set(key, quoted(value));
    return;
  }
  const pair = new Pair(new Scalar(key), quoted(value));
  const index = after ? map.items.findIndex((p) => isScalar(p.key) && p.key.value === after) : -1;
  if (index >= 0) map.items.splice(index + 1, 0, pair);
  else insertBeforePrivate(map, pair);
}

/** New keys go before `private`, so the private notes stay last, where people expect them. */
function insertBeforePrivate(map: YAMLMap, pair: Pair): void {
  const i = map.items.findIndex((p) => isScalar(p.key) && p.key.value === 'private');
  if (i >= 0) map.items.splice(i, 0, pair);
  else map.items.push(pair);
}

/** Applies the changes to the advisory's frontmatter source; returns the new file text. */
export function applyChanges(file: string, source: string, changes: FieldChange[]): string {
  const { head, yaml, rest } = splitSource(file, source);
  const doc = parseDocument(yaml);
  if (doc.errors.length > 0) throw new InputError(`${file}: the frontmatter is not valid YAML (${doc.errors[0].message.split('\n')[0]})`);
  if (!isMap(doc.contents)) throw new InputError(`${file}: the frontmatter is not a mapping`);
  for (const change of changes) {
    if (change.path.length === 1) {
      setTopLevel(doc, change.path[0], change.value, change.after);
      continue;
    }
    const [top, ...inner] = change.path;
    if (!doc.has(top)) {
      insertBeforePrivate(doc.contents as YAMLMap, new Pair(new Scalar(top), doc.createNode({})));
    }
    doc.setIn([top, ...inner], quoted(change.value));
  }
  const out = doc.toString({ lineWidth: 0, flowCollectionPadding: false });
  return head + out + rest;
}

/** Atomically rewrites the advisory with the changes. Returns true when the file changed. */
export async function writeBack(file: string, changes: FieldChange[]): Promise<boolean> {
  const source = await readFile(file, 'utf8');
  const next = applyChanges(file, source, changes);
  if (next === source) return false;
  await writeFileDurably(file, next);
  return true;
}

async function git(cwd: string, args: string[]): Promise<string> {
  try {
    const { stdout } = await run('git', args, { cwd, env: { ...process.env, LC_ALL: 'C', GIT_TERMINAL_PROMPT: '0' } });
    return stdout.trim();
  } catch (e) {
    const err = e as { stderr?: string; message: string };
    throw new Error(`git ${args[0]} failed in ${cwd}: ${(err.stderr || err.message).trim().split('\n').slice(-2).join(' ')}`);
  }
}

export interface Committed {
  commit: string;
  /** False when there was nothing to commit (a re-run after the commit was made). */
  created: boolean;
}

/**
 * Commits one file in the repository that holds it, and nothing else (other staged changes stay
 * staged). When the file has no changes, returns the last commit that touched it.
 */
export async function commitFile(file: string, message: string, identity: { name: string; email: string }): Promise<Committed> {
  const dir = path.dirname(file);
  const root = await git(dir, ['rev-parse', '--show-toplevel']);
  const rel = path.relative(root, file);
  const status = await git(root, ['status', '--porcelain', '--', rel]);
  if (status === '') {
    return { commit: await git(root, ['log', '-1', '--format=%H', '--', rel]), created: false };
  }
  await git(root, ['add', '--', rel]);
  const hasIdentity = await git(root, ['config', '--get', 'user.email']).then(Boolean, () => false);
  const who = hasIdentity ? [] : ['-c', `user.name=${identity.name}`, '-c', `user.email=${identity.email}`];
  await git(root, [...who, 'commit', '--quiet', '-m', message, '--', rel]);
  return { commit: await git(root, ['rev-parse', 'HEAD']), created: true };
}

/** "Name <addr>" or "addr" → identity for commits made on the team's behalf. */
export function identityOf(mailbox: string): { name: string; email: string } {
  const m = /^(.*?)\s*<([^>]+)>$/.exec(mailbox);
  return m ? { name: m[1] || m[2], email: m[2] } : { name: mailbox, email: mailbox };
}
