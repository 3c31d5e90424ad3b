// Start a real xieshang server for API tests: a fresh database of the
// backend named by XIESHANG_TEST_BACKEND (sqlite or postgres), a free
// loopback port, and a small web root for static-file tests.
import { spawn, execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const BIN = process.env.XIESHANG_BIN || new URL('../../build/xieshang', import.meta.url).pathname;
export const BACKEND = process.env.XIESHANG_TEST_BACKEND || 'sqlite';
const PG_ADMIN = process.env.XIESHANG_TEST_PG;

let counter = 0;

// Create an empty database; returns { url, drop() }.
export function freshDatabase() {
  const dir = mkdtempSync(join(tmpdir(), 'xieshang-api-'));
  if (BACKEND === 'sqlite') {
    return { url: `sqlite:${dir}/test.db`, dir, drop: () => rmSync(dir, { recursive: true, force: true }) };
  }
  if (!PG_ADMIN) throw new Error('XIESHANG_TEST_PG is not set');
  const name = `xs_api_${process.pid}_${++counter}`;
  execFileSync('psql', ['-q', PG_ADMIN, '-c', `CREATE DATABASE ${name}`]);
  const url = PG_ADMIN.replace(/\/[^/]*$/, `/${name}`);
  return {
    url, dir,
    drop: () => {
      spawnSync('psql', ['-q', PG_ADMIN, '-c', `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

// Run the command line; returns { status, stdout, stderr }.
export function cli(args, { env = {}, input } = {}) {
  const r = spawnSync(BIN, args, {
    env: { ...process.env, LANG: 'C', ...env }, input, encoding: 'utf8', timeout: 60000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

// Start a server. Options: demo (load demo data first), webRoot (true to
// create one), bin (another binary, such as make dist's). Returns
// { base, url, stderr(), stop() }.
export async function startServer({ demo = false, webRoot = false, args = [], bin = BIN } = {}) {
  const db = freshDatabase();
  if (demo) {
    const r = cli(['demo', '--db', db.url]);
    if (r.status !== 0) throw new Error(`demo failed: ${r.stderr}`);
  }
  const extra = [...args];
  if (webRoot) {
    const root = join(db.dir, 'web');
    mkdirSync(join(root, 'assets'), { recursive: true });
    writeFileSync(join(root, 'index.html'), '<!doctype html><title>协商</title><div id="app"></div>');
    writeFileSync(join(root, 'assets', 'app-3f2a1b.js'), 'console.log("协商")');
    writeFileSync(join(root, 'assets', 'style-9c8d.css'), 'body{margin:0}');
    writeFileSync(join(root, 'logo.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    // Build tools leave hidden files (Vite's .vite/manifest.json): never served.
    mkdirSync(join(root, '.vite'), { recursive: true });
    writeFileSync(join(root, '.vite', 'manifest.json'), '{"secret":"build layout"}');
    writeFileSync(join(root, '.env'), 'TOKEN=never-served');
    extra.push('--web-root', root);
  }
  const child = spawn(bin, ['serve', '--db', db.url, '--listen', '127.0.0.1:0', '--threads', '4', ...extra], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  child.stderr.on('data', (d) => { err += d; });
  const base = await new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`server did not start: ${err}`)), 20000);
    child.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/listening on (http:\/\/\S+)/);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`server exited ${code}: ${err}`)); });
  });
  return {
    base,
    url: db.url,
    stderr: () => err,
    async stop() {
      const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
      child.kill('SIGTERM');
      const result = await exited;
      db.drop();
      return result;
    },
  };
}

// A small cookie-keeping client.
export class Client {
  constructor(base) { this.base = base; this.cookies = new Map(); this.csrf = null; }
  async request(method, path, { json, body, headers = {} } = {}) {
    const h = { ...headers };
    if (this.cookies.size) h.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    if (this.csrf && !('X-CSRF-Token' in h)) h['X-CSRF-Token'] = this.csrf;
    if (json !== undefined) { h['content-type'] = 'application/json'; body = JSON.stringify(json); }
    const res = await fetch(this.base + path, { method, headers: h, body, redirect: 'manual' });
    for (const c of res.headers.getSetCookie?.() ?? []) {
      const [pair] = c.split(';');
      const i = pair.indexOf('=');
      const k = pair.slice(0, i), v = pair.slice(i + 1);
      if (v === '') this.cookies.delete(k); else this.cookies.set(k, v);
    }
    const text = await res.text();
    let data = null;
    try { data = JSON.parse(text); } catch { /* not JSON */ }
    return { status: res.status, headers: res.headers, text, data };
  }
  async login(phone, password) {
    const r = await this.request('POST', '/api/v1/session', { json: { phone, password } });
    if (r.status === 201) this.csrf = r.data.csrf_token;
    return r;
  }
}

export const DEMO_PASSWORD = 'Demo@2026';
export const DEMO_ADMIN = '13800000001';

// A client logged in to server as phone (a demo account by default).
export async function loginClient(server, phone, password = DEMO_PASSWORD) {
  const c = new Client(server.base);
  const r = await c.login(phone, password);
  if (r.status !== 201) throw new Error(`login ${phone}: ${r.status}`);
  return c;
}

// The unit named exactly name, found through the public unit search.
export async function findUnit(client, name) {
  const r = await client.request('GET', `/api/v1/units?q=${encodeURIComponent(name)}`);
  const u = r.status === 200 && r.data.items.find((x) => x.name === name);
  if (!u) throw new Error(`no unit named ${name} (${r.status})`);
  return u;
}
