// npm run build: the runbook and the public advisory archive (docs/site.md).
import { parseCommand, runCommand } from '../src/cli/run.ts';
import { buildSite } from '../src/site/build.ts';

runCommand(async () => {
  const { values } = parseCommand({
    name: 'build',
    usage: 'npm run build [-- --out dir] [--cache-dir dir] [--advisories dir] [--json] [--verbose]',
    help: `
Validates every advisory, builds the Astro site (runbook + public archive) and its Pagefind
search index into a staging folder, passes every file through the outbound gate, and only then
moves it to dist/. Only advisories that are published or withdrawn and whose embargo has passed
are read into the site; the clock is DISCLOSE_NOW when set (e.g. DISCLOSE_NOW=2026-12-08T17:00:00Z),
else the system clock. A failed build leaves no output: the previous one is deleted too.

  --out dir          output folder (default dist/): new, empty, or a previous build's output
                     (it has a .disclose-site-build file); anything else is refused
  --cache-dir dir    Astro's cache folder (default node_modules/.astro/)
  --advisories dir   advisories folder (default DISCLOSE_ADVISORIES_DIR or advisories/)
  --json             print the result as JSON
  --verbose          show Astro's own progress output

Exit codes: 0 built; 1 an advisory does not validate, the build or the search index failed;
2 bad flags or DISCLOSE_NOW; 3 refused: --out is not a folder the build may replace, or the
output names an advisory that is not public or contains a private value.`,
    options: {
      out: { type: 'string' },
      'cache-dir': { type: 'string' },
      advisories: { type: 'string' },
      json: { type: 'boolean' },
      verbose: { type: 'boolean' },
    },
    allowPositionals: false,
  });
  if (!values.json) process.stderr.write('Building the site…\n');
  const result = await buildSite({
    root: process.cwd(),
    outDir: values.out,
    cacheDir: values['cache-dir'],
    advisories: values.advisories,
    logLevel: values.verbose ? 'info' : 'warn',
  });
  if (values.json) {
    process.stdout.write(JSON.stringify(result, null, 2) + '\n');
  } else {
    process.stdout.write(
      `Built ${result.outDir}: ${result.htmlPages} pages, ${result.publicAdvisories} public advisories ` +
        `(${result.withheld} not public, left out) as of ${result.at}; search index covers ${result.searchPages} pages.\n`,
    );
  }
});
