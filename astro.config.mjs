// The Astro site: the team's runbook and the public advisory archive (docs/site.md).
// Build with `npm run build` (scripts/build-site.ts), which also builds the search index.
import { defineConfig } from 'astro/config';
import { loadConfig } from './src/config/load.ts';

const env = process.env;
const team = await loadConfig(env.DISCLOSE_ROOT || process.cwd());

export default defineConfig({
  site: team.site.base_url,
  srcDir: './src/site',
  publicDir: './src/site/public',
  // Tests and the benchmark build into temp folders so they never touch the real dist/ or cache.
  outDir: env.DISCLOSE_SITE_OUT_DIR || './dist',
  cacheDir: env.DISCLOSE_SITE_CACHE_DIR || './node_modules/.astro',
  trailingSlash: 'ignore',
  build: { format: 'directory' },
  devToolbar: { enabled: false },
});
