// Lists, in the built page, every module the page imports and the wasm core,
// so the browser fetches them all at once instead of level by level as it
// discovers each import (a module graph five levels deep costs five round
// trips otherwise). Run by build.sh on dist/index.html; the list comes from
// the imports themselves, so it cannot go stale.
//
//   node scripts/preload.mjs dist/index.html

import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';

const page = process.argv[2];
const root = dirname(page);
const html = readFileSync(page, 'utf8');

// The page's own module: <script type="module" src="./x.js">.
const entry = html.match(/<script type="module" src="\.\/([^"]+)"><\/script>\n/);
if (!entry) throw new Error(`${page}: no <script type="module" src="./…"> to start from`);

/**
 * Every module reachable from `file` through imports, static ones and
 * import('./x.js') with a plain path: the full page uses at once the
 * modules a figure in an article imports only when its reader asks for More.
 */
function graph(file, seen = new Set()) {
  if (seen.has(file)) return seen;
  seen.add(file);
  const path = join(root, file);
  if (!existsSync(path)) throw new Error(`${file} is imported but not in ${root}`);
  const source = readFileSync(path, 'utf8');
  const imports = /^\s*(?:import|export)\b[^;'"]*?from\s*'(\.[^']+)'|^\s*import\s*'(\.[^']+)'|\bimport\('(\.[^']+)'\)/gm;
  for (const [, from, bare, later] of source.matchAll(imports)) {
    graph(normalize(join(dirname(file), from ?? bare ?? later)), seen);
  }
  return seen;
}

// A language's words (strings-zh.js) come only for a page that shows that language.
const modules = [...graph(entry[1])].filter((m) => m !== entry[1] && !/^strings-\w+\.js$/.test(m));
const links = modules.map((m) => `  <link rel="modulepreload" href="./${m}">\n`);
// The wasm core, fetched by core.js the way this preload asks for it.
const wasm = 'pkg/backprop_playground_bg.wasm';
if (existsSync(join(root, wasm))) {
  links.push(`  <link rel="preload" href="./${wasm}" as="fetch" type="application/wasm" crossorigin>\n`);
}
writeFileSync(page, html.replace(entry[0], entry[0] + links.join('')));
console.log(`${relative('.', page)}: ${modules.length} modules and the wasm preloaded`);
