// The built site in a real browser: Debian's chromium driven by playwright-core, the site served
// from a local static server. Builds the repository's sample advisories with the clock fixed at
// 2026-11-29 (0001–0003 public, 0004 embargoed, 0005 draft). Saves the docs' screenshots.
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RELEASE_STEPS } from '../../src/release/steps.ts';
import { ROOT, buildSite, type BuiltSite } from './helpers.ts';
import { serveStatic, type StaticServer } from './static-server.ts';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

let site: BuiltSite;
let server: StaticServer;
let browser: Browser;

beforeAll(async () => {
  site = await buildSite(path.join(ROOT, 'advisories'), '2026-11-29T00:00:00Z');
  server = await serveStatic(site.outDir);
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (site) await rm(site.tmp, { recursive: true, force: true });
});

async function open(path: string, options: { javaScript?: boolean } = {}): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, javaScriptEnabled: options.javaScript ?? true });
  const page = await context.newPage();
  const response = await page.goto(server.url + path);
  expect(response?.status()).toBe(200);
  return page;
}

describe('the archive index', () => {
  it('should list the public samples newest first, and nothing else', async () => {
    const page = await open('/');
    const ids = await page.locator('.advisory-item .id').allTextContents();
    expect(ids).toEqual(['RSEC-2026-0003', 'RSEC-2026-0002', 'RSEC-2026-0001']);
    const text = await page.locator('main').innerText();
    expect(text).toContain('CVE-2026-21001, CVE-2026-21002');
    expect(text).toContain('rivet-regex');
    expect(text).not.toContain('RSEC-2026-0004');
    expect(text).not.toContain('umask');
    await page.screenshot({ path: path.join(ROOT, 'docs/site-index.png') });
    await page.context().close();
  });

  it('should filter by severity and by package without JavaScript', async () => {
    const page = await open('/', { javaScript: false });
    await page.getByRole('link', { name: /^High \(1\)$/ }).click();
    await expect.poll(() => page.url()).toBe(`${server.url}/severity/high/`);
    expect(await page.locator('.advisory-item .id').allTextContents()).toEqual(['RSEC-2026-0001']);
    await page.goto(server.url + '/');
    await page.locator('.package-filter summary').click(); // <details> opens without a script
    await page.getByRole('link', { name: /^rivet-std \(1\)$/ }).click();
    expect(await page.locator('h1').innerText()).toBe('Advisories for rivet-std');
    expect(await page.locator('.advisory-item .id').allTextContents()).toEqual(['RSEC-2026-0002']);
    await page.context().close();
  });
});

describe('an advisory page', () => {
  it('should show its sections, facts and links, with one h1 and the page landmarks', async () => {
    const page = await open('/advisories/RSEC-2026-0001/');
    expect(await page.locator('h1').count()).toBe(1);
    expect(await page.locator('h1').innerText()).toBe('Uncontrolled recursion and exponential backtracking in rivet-regex');
    const headings = await page.locator('main h2:not(.visually-hidden)').allInnerTexts();
    expect(headings).toEqual([
      'Updates',
      'CVE-2026-21001: stack overflow when parsing nested groups',
      'CVE-2026-21002: exponential backtracking with empty sub-expressions',
      'Affected Versions',
      'Mitigations',
      'Acknowledgments',
      'Timeline of events',
      'Affected packages',
      'CVSS',
      'Credits',
      'Where this was published',
    ]);
    for (const role of ['banner', 'main', 'contentinfo'] as const) expect(await page.getByRole(role).count()).toBe(1);
    expect(await page.getByRole('navigation', { name: 'Site' }).count()).toBe(1);
    const main = await page.locator('main').innerText();
    expect(main).toContain('rivet-regex all versions before 1.11.2'); // describeAffected
    expect(main).toMatch(/7\.5\s+\(High\)/); // scoreCvss of the 3.1 vector
    expect(main).toContain('Found by: Addison Crump');
    expect(main).not.toContain('addison@example.net'); // `private` never reaches the page
    const channelLinks = await Promise.all((await page.locator('.channel-links a').all()).map((a) => a.getAttribute('href')));
    expect(channelLinks).toHaveLength(5);
    expect(channelLinks[0]).toContain('security-announce');
    // The OSV record linked from the page is served and is this advisory's.
    const osv = await page.request.get(`${server.url}/osv/RSEC-2026-0001.json`);
    expect(osv.status()).toBe(200);
    expect((await osv.json()).id).toBe('RSEC-2026-0001');
    await page.context().close();
  });

  it('should skip to the content with the skip link', async () => {
    const page = await open('/advisories/RSEC-2026-0002/');
    await page.keyboard.press('Tab');
    expect(await page.locator(':focus').innerText()).toBe('Skip to content');
    await page.keyboard.press('Enter');
    expect(await page.locator(':focus').getAttribute('id')).toBe('main');
    await page.screenshot({ path: path.join(ROOT, 'docs/site-advisory.png'), fullPage: true });
    await page.context().close();
  });

  it('should hide the site chrome when printed', async () => {
    const page = await open('/advisories/RSEC-2026-0001/');
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.site-header').isVisible()).toBe(false);
    expect(await page.locator('h1').isVisible()).toBe(true);
    await page.context().close();
  });
});

describe('every page', () => {
  const PAGES = [
    '/', '/severity/high/', '/packages/', '/packages/rivet-std/', '/advisories/RSEC-2026-0001/', '/advisories/RSEC-2026-0003/',
    '/runbook/', '/runbook/release-day/', '/runbook/release-day-checklist/', '/runbook/commands/', '/search/',
  ];

  it('should have one h1, first, and no skipped heading levels', async () => {
    const page = await open('/', { javaScript: false });
    for (const url of PAGES) {
      await page.goto(server.url + url);
      const levels = (await page.locator('h1, h2, h3, h4, h5, h6').evaluateAll((els) => els.map((e) => e.tagName))).map((t) => Number(t.slice(1)));
      expect(levels.filter((l) => l === 1), url).toHaveLength(1);
      expect(levels[0], url).toBe(1);
      levels.forEach((l, i) => {
        if (i > 0) expect(l - levels[i - 1], `${url}: h${levels[i - 1]} then h${l}`).toBeLessThanOrEqual(1);
      });
      expect(await page.locator('a.skip-link[href="#main"]').count(), url).toBe(1);
      expect(await page.locator('html').getAttribute('lang'), url).toBe('en');
    }
    await page.context().close();
  });
});

describe('search', () => {
  it('should find an advisory by its CVE through the Pagefind UI', async () => {
    const page = await open('/search/');
    const input = page.locator('#search input');
    await input.fill('CVE-2026-30500');
    const result = page.locator('.pagefind-ui__result-link').first();
    await result.waitFor({ timeout: 20_000 });
    expect(await result.innerText()).toBe('Command injection through batch file arguments on Windows in rivet-std');
    await result.click();
    await expect.poll(() => page.url()).toBe(`${server.url}/advisories/RSEC-2026-0002/`);
    await page.context().close();
  });
});

describe('the runbook', () => {
  it('should navigate from its index to release day, the generated checklist and onwards', async () => {
    const page = await open('/runbook/');
    expect(await page.locator('h1').innerText()).toBe('Runbook');
    await page.locator('main').getByRole('link', { name: 'Release day', exact: true }).click();
    expect(await page.locator('h1').innerText()).toBe('Release day');
    await page.getByRole('link', { name: 'Release-day checklist →' }).click();
    expect(await page.locator('h1').innerText()).toBe('Release-day checklist');
    // The checklist is RELEASE_STEPS, in the same order.
    expect(await page.locator('.checklist > li h2').allInnerTexts()).toEqual(RELEASE_STEPS.map((s) => s.title));
    await page.getByRole('link', { name: 'After release →' }).click();
    expect(await page.locator('h1').innerText()).toBe('After release');
    // Command links land on the commands page.
    await page.locator('main a[href="/runbook/commands/#amend"]').first().click();
    expect(await page.locator('h1').innerText()).toBe('Commands');
    await page.context().close();
  });
});
