// Fail the build when the public portal's first load is too heavy for a
// phone: the entry chunk, everything it imports statically, and the chunks
// of the portal's own pages (home, login, about), gzipped, must stay under
// LIMIT. Workspace chunks are loaded only when staff open the workspace and
// are reported separately. Reads dist/.vite/manifest.json.
//   node scripts/size-check.mjs [--limit-kb N]
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const i = process.argv.indexOf('--limit-kb');
const LIMIT_KB = i > 0 ? Number(process.argv[i + 1]) : 300;

const manifest = JSON.parse(readFileSync(join(dist, '.vite', 'manifest.json'), 'utf8'));
const entries = Object.entries(manifest);
const entryKey = entries.find(([, c]) => c.isEntry)?.[0];
if (!entryKey) throw new Error('no entry chunk in the manifest');

// The chunks a key needs before it runs: itself and its static imports.
function closure(key, seen = new Set()) {
  if (seen.has(key)) return seen;
  seen.add(key);
  for (const dep of manifest[key].imports || []) closure(dep, seen);
  return seen;
}

const portal = closure(entryKey);
for (const [key] of entries) {
  if (key.startsWith('src/pages/portal/')) closure(key, portal);
}

const gz = (file) => gzipSync(readFileSync(join(dist, file)), { level: 9 }).length;
const kb = (n) => (n / 1024).toFixed(1);

let portalBytes = 0;
const lines = [];
for (const key of portal) {
  const size = gz(manifest[key].file);
  portalBytes += size;
  lines.push(`  ${kb(size).padStart(7)} KB  ${manifest[key].file}`);
}
let otherBytes = 0;
for (const [key, c] of entries) {
  if (!portal.has(key) && c.file.endsWith('.js')) otherBytes += gz(c.file);
}

console.log('portal first-load script (gzip):');
console.log(lines.join('\n'));
console.log(`  ${kb(portalBytes).padStart(7)} KB  total (limit ${LIMIT_KB} KB)`);
console.log(`workspace and other lazy script (gzip): ${kb(otherBytes)} KB`);
if (portalBytes > LIMIT_KB * 1024) {
  console.error(`size check FAILED: portal script ${kb(portalBytes)} KB > ${LIMIT_KB} KB`);
  process.exit(1);
}
