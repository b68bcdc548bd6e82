import { describe, expect, it } from 'vitest';
import { linkTo, messageId, placeholder } from '../../src/channels/shared/links.ts';
import { ALL_CHANNELS } from '../../src/channels/registry.ts';
import { sampleContext } from './support.ts';

describe('linkTo', () => {
  it('should prefer the URL publish gives, then the advisory\'s links', async () => {
    const ctx = await sampleContext('RSEC-2026-0001', { links: { announce: 'https://archive.example.org/msg/42' } });
    expect(linkTo(ctx, 'announce')).toBe('https://archive.example.org/msg/42');
    expect(linkTo(ctx, 'forum')).toBe('https://users.rivet-lang.org/t/security-advisory-rsec-2026-0001/1931');
  });

  it('should derive the archive URL from the Message-ID and the blog URL from the embargo date', async () => {
    const ctx = await sampleContext('RSEC-2026-0004');
    expect(messageId(ctx, 'announce')).toBe('<RSEC-2026-0004.announce@security.rivet-lang.org>');
    expect(linkTo(ctx, 'announce')).toBe('https://lists.rivet-lang.org/archives/list/security-announce@lists.rivet-lang.org/message-id/RSEC-2026-0004.announce%40security.rivet-lang.org');
    expect(linkTo(ctx, 'blog')).toBe('https://blog.rivet-lang.org/2026/12/08/rsec-2026-0004/');
    // The derivation reproduces what publish recorded for a published sample.
    const published = await sampleContext('RSEC-2026-0001');
    published.advisory.data.links = undefined;
    expect(linkTo(published, 'announce')).toBe((await sampleContext('RSEC-2026-0001')).advisory.data.links!.announce);
  });

  it('should use an unmistakable placeholder when a URL cannot be known, and the outputs show it', async () => {
    const ctx = await sampleContext('RSEC-2026-0004');
    ctx.config = { ...ctx.config, mail: { ...ctx.config.mail, archive_url: undefined } };
    expect(linkTo(ctx, 'announce')).toBe(placeholder('announce'));
    expect(placeholder('announce')).toMatch(/^https:\/\/link-not-known-yet\.invalid\//);
    const blog = ALL_CHANNELS.find((c) => c.name === 'blog')!.render(ctx);
    expect(blog.payload.kind === 'git-file' && blog.payload.content).toContain('(https://link-not-known-yet.invalid/announce)');
  });
});

describe('withdrawn advisories', () => {
  it('should say so first in every channel, with the reason from the newest update', async () => {
    const ctx = await sampleContext('RSEC-2026-0002');
    ctx.advisory.data.status = 'withdrawn';
    ctx.advisory.data.updates = [...(ctx.advisory.data.updates ?? []), { at: '2026-07-01T09:00:00Z', note: 'The issue was a duplicate of RSEC-2025-0009.' }];
    for (const module of ALL_CHANNELS.filter((m) => m.public)) {
      const r = module.render(ctx);
      const text = JSON.stringify(r.payload).replace(/\\n/g, ' ').replace(/\s+/g, ' ');
      expect(text, module.name).toMatch(/This advisory has been withdrawn \(2026-07-01 09:00 UTC\)\.\*{1,2} The issue was a duplicate of RSEC-2025-0009\./);
    }
  });
});
