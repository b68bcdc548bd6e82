// Attacks on `private` and on embargoed text, through validate and render as real child processes
// in a copy of the sample repository. Each case failed on main before the outbound gate:
// validate did not look at public fields, render did not know other advisories, the distros mail
// attached whatever lay in advisories/<ID>/, and a private timestamp equal to a public one was
// called a leak.
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanupRepos, editAdvisory as edit, runScript, sampleRepo } from './support.ts';

const NOW = '2026-11-29T12:00:00Z';
const repo = sampleRepo;
const run = (root: string, script: string, args: string[]) => runScript(root, script, args, { DISCLOSE_NOW: NOW });

afterEach(cleanupRepos);

const CANARY = 'CANARY-priv-5e1d "quoted" & <tagged>';

describe('a private value in a public frontmatter field', () => {
  it('is named with its line by validate, refused by render, and printed by neither', () => {
    const root = repo();
    edit(root, 'RSEC-2026-0003', (t) => t.replace(/^(private:\n)/m, `$1  escalation: '${CANARY}'\n`).replace('event: Issue reported to the Rivet Security Response team.', `event: 'Issue reported (${CANARY.replace('&', '&amp;')}).'`));
    const v = run(root, 'validate', ['advisories/RSEC-2026-0003.md']);
    expect(v.status).toBe(1);
    expect(v.out).toMatch(/RSEC-2026-0003\.md:26:\d+: error \[private-leak\] timeline\.0\.event: repeats the value of private\.escalation/);
    const r = run(root, 'render', ['RSEC-2026-0003']);
    expect(r.status).toBe(3);
    expect(r.out).toContain('contains the value of private.escalation');
    for (const out of [v.out, r.out]) expect(out).not.toContain('CANARY-priv-5e1d');
    expect(existsSync(path.join(root, 'outbox', 'RSEC-2026-0003'))).toBe(false);
  });

  it('is not a leak when it is a timestamp a public field also holds (private.acknowledged = the embargo)', () => {
    const root = repo();
    // The exports carry the embargo moment verbatim (OSV `published`), so a naive guard refuses.
    edit(root, 'RSEC-2026-0003', (t) => t.replace(/^(private:\n)/m, `$1  acknowledged: "2026-09-22T14:00:00Z"\n`));
    expect(run(root, 'validate', ['advisories/RSEC-2026-0003.md']).status).toBe(0);
    const r = run(root, 'render', ['RSEC-2026-0003']);
    expect(r.status, r.out).toBe(0);
  });
});

describe('an embargoed advisory quoted by another one', () => {
  const TITLE = `rivet-pkg's "cache" & <umask> handling ignores the umask`;

  it('refuses to render the public advisory that quotes the title in curly quotes and HTML entities, without printing it', () => {
    const root = repo();
    edit(root, 'RSEC-2026-0004', (t) => t.replace(/^title: .*$/m, `title: '${TITLE.replace(/'/g, "''")}'`));
    edit(root, 'RSEC-2026-0003', (t) => t.replace('No action is needed.', 'No action is needed. See also “rivet-pkg’s &quot;cache&quot; &amp; &lt;umask&gt; handling ignores the umask”.'));
    const r = run(root, 'render', ['RSEC-2026-0003']);
    expect(r.status, r.out).toBe(3);
    expect(r.out).toMatch(/names RSEC-2026-0004 \(its title\), which is not public/);
    expect(r.out).not.toContain('handling ignores');
  });

  it('refuses a quoted sentence of its body and its CVE id', () => {
    const root = repo();
    const body = readFileSync(path.join(root, 'advisories', 'RSEC-2026-0004.md'), 'utf8').split('\n---\n')[1];
    const sentence = body.split('\n\n').find((p) => p.split(/\s+/).length > 20 && !p.startsWith('#'))!.replace(/\s+/g, ' ');
    const cve = /^cve:[\s\-\["]*(CVE-\d{4}-\d+)/m.exec(readFileSync(path.join(root, 'advisories', 'RSEC-2026-0004.md'), 'utf8'))?.[1];
    expect(cve).toBeTruthy();
    edit(root, 'RSEC-2026-0003', (t) => t.replace('No action is needed.', `No action is needed. As we heard: ${sentence.slice(0, 160)} Related: ${cve}.`));
    const r = run(root, 'render', ['RSEC-2026-0003']);
    expect(r.status, r.out).toBe(3);
    expect(r.out).toContain('RSEC-2026-0004 (a sentence of its text)');
    expect(r.out).toContain('RSEC-2026-0004 (its cve)');
  });
});

describe('attachments', () => {
  it('never attaches what intake stored beside the advisory; only shareable/ goes to distros', () => {
    const root = repo();
    writeFileSync(path.join(root, 'advisories', 'RSEC-2026-0004', 'report-original.eml'), 'From: reporter@example.net\r\n\r\nCANARY-stored-report\r\n');
    const r = run(root, 'render', ['RSEC-2026-0004', '--channel', 'distros']);
    expect(r.status, r.out).toBe(0);
    const dir = path.join(root, 'outbox', 'RSEC-2026-0004');
    const files = readdirSync(dir, { recursive: true }).map(String);
    const written = files
      .map((f) => path.join(dir, f))
      .filter((f) => statSync(f).isFile())
      .map((f) => readFileSync(f).toString('utf8'))
      .join('\n');
    expect(written).not.toContain('CANARY-stored-report');
    expect(written).toContain('umask.patch');
    expect(written).not.toContain('report-original.eml');
  });
});
