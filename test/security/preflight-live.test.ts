// Preflight finds every reason not to start before the first side effect. On main before the
// engine, a renderer that failed during a live run surfaced after the announcement was out (exit 4
// "re-run to resume", and the re-run failed the same way), and a bad GitHub token showed up only
// after the signed mail and the blog post were out: preflight checked that credentials were set,
// not that they worked.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RefusedError } from '../../src/errors.ts';
import { silentReporter } from '../../src/publish/hooks.ts';
import { channelRenderer, type Renderer } from '../../src/publish/render.ts';
import { runPublish } from '../../src/publish/runner.ts';
import { createRoot, ID, publish, releaseEnv, resetParties, freshBlog, startParties, type Parties, expectNothingDelivered } from '../publish/harness.ts';

let p: Parties;
beforeAll(async () => {
  p = await startParties();
});
afterAll(async () => {
  await p?.close();
});


describe('a renderer that fails in a live run', () => {
  for (const channel of ['oss-security', 'ghsa', 'announce'] as const) {
    it(`is refused in preflight (exit 3), nothing sent: ${channel}`, async () => {
      resetParties(p);
      await freshBlog(p);
      const root = await createRoot(p);
      const render: Renderer = (c, ctx) => {
        if (c === channel) throw new Error(`the ${c} template is broken`);
        return channelRenderer(c, ctx);
      };
      const run = runPublish({ root: root.dir, id: ID, mode: 'live', env: releaseEnv(p), render, reporter: silentReporter });
      await expect(run).rejects.toThrow(RefusedError);
      await expect(run).rejects.toThrow(new RegExp(`${channel}.*(renderer failed|cannot be rendered).*nothing was sent`));
      expectNothingDelivered(p);
      await root.cleanup();
    });
  }
});

describe('a credential that is set but does not work', () => {
  for (const [name, value, why] of [
    ['GITHUB_TOKEN', 'ghp_revoked0000000000000000000000000000', /GitHub rejects the token \(401/],
    ['DISCOURSE_API_KEY', 'not-the-forum-key-0000', /the forum .* rejects the API key/],
  ] as const) {
    it(`is caught in preflight (exit 3), nothing sent, the value never printed: ${name}`, async () => {
      resetParties(p);
      await freshBlog(p);
      const root = await createRoot(p);
      const r = await publish([ID, '--live'], root.dir, releaseEnv(p, { [name]: value }));
      expect(r.code, r.stderr).toBe(3);
      expect(r.stderr).toMatch(why);
      expect(r.stdout + r.stderr).not.toContain(value);
      expectNothingDelivered(p);
      await root.cleanup();
    });
  }

  it('is caught in preflight for SMTP too (a wrong password: AUTH fails), nothing sent', async () => {
    resetParties(p);
    await freshBlog(p);
    const root = await createRoot(p);
    const wrong = p.smtp.url.replace(encodeURIComponent(p.smtp.password), 'wrong-password-Z9');
    expect(wrong).not.toBe(p.smtp.url);
    const r = await publish([ID, '--live'], root.dir, releaseEnv(p, { DISCLOSE_SMTP_URL: wrong }));
    expect(r.code, r.stderr).toBe(3);
    expect(r.stderr).toMatch(/DISCLOSE_SMTP_URL does not work/);
    expect(r.stdout + r.stderr).not.toContain('wrong-password-Z9');
    expectNothingDelivered(p);
    await root.cleanup();
  });
});

describe('a private value in a timeline event', () => {
  it('is refused by publish --live in preflight (exit 3), nothing sent, the value never printed', async () => {
    resetParties(p);
    await freshBlog(p);
    const root = await createRoot(p);
    const { readFile, writeFile } = await import('node:fs/promises');
    const path = await import('node:path');
    const { git } = await import('../support/git-repo.ts');
    const file = path.join(root.dir, 'advisories', `${ID}.md`);
    const text = await readFile(file, 'utf8');
    await writeFile(file, text.replace('event: Report acknowledged.', 'event: Report acknowledged by marek.dvorak@example.cz.'));
    git(root.dir, ['commit', '--quiet', '-am', 'leak']);
    const r = await publish([ID, '--live'], root.dir, releaseEnv(p));
    expect(r.code, r.stderr).toBe(3);
    expect(r.stdout + r.stderr).not.toContain('marek.dvorak@example.cz');
    expectNothingDelivered(p);
    await root.cleanup();
  });
});
