// The message catalogues: every key in one is in the other, no message is
// empty, and every key the source code names with t('...') exists.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const src = join(dirname(fileURLToPath(import.meta.url)), '..', 'src');
const load = (name) => JSON.parse(readFileSync(join(src, 'i18n', name), 'utf8'));

// Flatten {"a":{"b":"x"}} into { "a.b": "x" }.
function flatten(obj, prefix = '', out = {}) {
  for (const [k, v] of Object.entries(obj)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (v && typeof v === 'object') flatten(v, key, out);
    else out[key] = v;
  }
  return out;
}

const catalogues = { 'zh-CN': flatten(load('zh-CN.json')), en: flatten(load('en.json')) };

test('every catalogue has every key of the others', () => {
  for (const [a, ka] of Object.entries(catalogues)) {
    for (const [b, kb] of Object.entries(catalogues)) {
      if (a === b) continue;
      const missing = Object.keys(ka).filter((k) => !(k in kb));
      assert.deepEqual(missing, [], `${b} lacks keys that ${a} has`);
    }
  }
});

test('no message is empty or not a string', () => {
  for (const [name, keys] of Object.entries(catalogues)) {
    for (const [k, v] of Object.entries(keys)) {
      assert.ok(typeof v === 'string' && v.trim() !== '', `${name}: ${k} is empty`);
    }
  }
});

test('placeholders agree between catalogues', () => {
  const names = (s) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
  for (const [k, v] of Object.entries(catalogues['zh-CN'])) {
    assert.deepEqual(names(catalogues.en[k]), names(v), `placeholders differ in ${k}`);
  }
});

function* sourceFiles(dir) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) yield* sourceFiles(p);
    else if (/\.(vue|js)$/.test(name)) yield p;
  }
}

test('every literal key used in the source exists', () => {
  const used = new Map();
  // t('a.b'), $t("a.b"), labelKey: 'a.b', titleKey: 'a.b'
  const pattern = /(?:\bt|\$t|[lL]abelKey|titleKey)\s*[(:]\s*['"]([a-zA-Z][\w.]*)['"]/g;
  for (const file of sourceFiles(src)) {
    for (const m of readFileSync(file, 'utf8').matchAll(pattern)) used.set(m[1], file);
  }
  assert.ok(used.size > 20, `found only ${used.size} keys: is the pattern broken?`);
  for (const [key, file] of used) {
    assert.ok(key in catalogues['zh-CN'], `${key} (used in ${file}) is not in the catalogues`);
  }
});

// t(`units.kind.${kind}`): the key is chosen at run time, but its fixed
// part must name a group of the catalogues, or every such message is
// missing.
test('every key built in the source starts with a group that exists', () => {
  const used = new Map();
  const pattern = /(?:\bt|\$t|\bte)\s*\(\s*`([a-zA-Z][\w.]*\.)\$\{/g;
  for (const file of sourceFiles(src)) {
    for (const m of readFileSync(file, 'utf8').matchAll(pattern)) used.set(m[1], file);
  }
  const keys = Object.keys(catalogues['zh-CN']);
  for (const [prefix, file] of used) {
    assert.ok(keys.some((k) => k.startsWith(prefix)), `no key starts with ${prefix} (used in ${file})`);
  }
});

// A mistake the literal check above would miss if it ever stopped finding
// keys: make sure it sees the ones this file knows are there.
test('the source scan finds keys in templates and scripts alike', () => {
  const seen = new Set();
  const pattern = /(?:\bt|\$t|[lL]abelKey|titleKey)\s*[(:]\s*['"]([a-zA-Z][\w.]*)['"]/g;
  for (const file of sourceFiles(src)) {
    for (const m of readFileSync(file, 'utf8').matchAll(pattern)) seen.add(m[1]);
  }
  for (const key of ['app.name', 'nav.units', 'units.heading', 'audit.heading', 'common.retry']) {
    assert.ok(seen.has(key), `${key} was not found in the source`);
  }
});
