// The command line: help, exit codes, errors a person can act on,
// configuration precedence, init/migrate/demo/user/backup, and a clean stop.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli, freshDatabase, startServer, Client, BACKEND, DEMO_PASSWORD } from './helpers.mjs';

test('every command has --help and exits 0', () => {
  for (const cmd of ['serve', 'init', 'migrate', 'demo', 'user', 'backup', 'audit', 'version']) {
    const r = cli([cmd, '--help']);
    assert.equal(r.status, 0, cmd);
    assert.match(r.stdout, new RegExp(`^usage: xieshang ${cmd}`), cmd);
    assert.match(r.stdout, /exit codes:/);
  }
  assert.equal(cli(['--help']).status, 0);
});

test('usage mistakes exit 64 and say what is wrong', () => {
  let r = cli(['frobnicate']);
  assert.equal(r.status, 64);
  assert.match(r.stderr, /unknown command 'frobnicate'/);
  r = cli(['migrate', '--no-such-flag']);
  assert.equal(r.status, 64);
  assert.match(r.stderr, /unknown option --no-such-flag/);
  r = cli(['migrate', '--db']);
  assert.equal(r.status, 64);
  assert.match(r.stderr, /--db needs a value/);
  r = cli(['user', 'add']);
  assert.equal(r.status, 64);
  assert.equal(cli([]).status, 64);
});

test('bad configuration exits 78 naming the setting', () => {
  let r = cli(['serve', '--threads', 'lots']);
  assert.equal(r.status, 78);
  assert.match(r.stderr, /threads must be a number/);
  r = cli(['serve', '--config', '/nonexistent/xieshang.conf']);
  assert.equal(r.status, 78);
  assert.match(r.stderr, /cannot read \/nonexistent\/xieshang.conf/);
  const dir = mkdtempSync(join(tmpdir(), 'xs-listen-'));
  r = cli(['serve', '--listen', 'localhost', '--db', `sqlite:${dir}/unused.db`]);
  assert.equal(r.status, 78);
  assert.match(r.stderr, /listen address localhost/);
  assert.ok(!existsSync(join(dir, 'unused.db')), 'no database touched before the address is checked');
  rmSync(dir, { recursive: true });
});

test('version prints the program and library versions', () => {
  const r = cli(['version']);
  assert.equal(r.status, 0);
  assert.match(r.stdout, /^xieshang \d+\.\d+\.\d+\nschema \d+\nsqlite 3\.\d+/);
});

test('a database that cannot be opened or reached is named, exit 69 or 66', () => {
  let r = cli(['migrate', '--db', 'sqlite:/tmp/xs-missing-folder/none.db']);
  assert.equal(r.status, 66);
  assert.match(r.stderr, /database file \/tmp\/xs-missing-folder\/none.db does not exist; create it with `xieshang init/);
  r = cli(['init', '--db', 'sqlite:/nonexistent-folder/x.db']);
  assert.equal(r.status, 69);
  assert.match(r.stderr, /Cannot open the database: \/nonexistent-folder\/x.db/);
  r = cli(['migrate', '--db', 'postgres://nobody@127.0.0.1:1/none?connect_timeout=2']);
  assert.equal(r.status, 69);
  assert.match(r.stderr, /Cannot open the database: .*127\.0\.0\.1/);
  const dir = mkdtempSync(join(tmpdir(), 'xs-notdb-'));
  writeFileSync(join(dir, 'junk.db'), 'this is not a database file at all'.repeat(100));
  r = cli(['migrate', '--db', `sqlite:${dir}/junk.db`]);
  assert.equal(r.status, 69);
  assert.match(r.stderr, /junk.db/);
  rmSync(dir, { recursive: true });
});

test('flags beat the environment, which beats the config file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'xs-conf-'));
  const conf = join(dir, 'xieshang.conf');
  writeFileSync(conf, `# test\ndb = sqlite:${dir}/file.db\n`);
  let r = cli(['init', '--config', conf]);
  assert.equal(r.status, 0, r.stderr);
  assert.ok(existsSync(join(dir, 'file.db')));
  r = cli(['init', '--config', conf], { env: { XIESHANG_DB: `sqlite:${dir}/env.db` } });
  assert.equal(r.status, 0, r.stderr);
  assert.ok(existsSync(join(dir, 'env.db')));
  r = cli(['init', '--config', conf, '--db', `sqlite:${dir}/flag.db`], { env: { XIESHANG_DB: `sqlite:${dir}/env2.db` } });
  assert.equal(r.status, 0, r.stderr);
  assert.ok(existsSync(join(dir, 'flag.db')));
  assert.ok(!existsSync(join(dir, 'env2.db')));
  r = cli(['init', '--config', conf], { env: { XIESHANG_CONFIG: '/ignored' } });
  assert.equal(r.status, 73, 'the file database already exists');
  assert.match(r.stderr, /already initialised/);
  rmSync(dir, { recursive: true });
});

test(`init, migrate, user and demo work on ${BACKEND}`, () => {
  const db = freshDatabase();
  try {
    let r = cli(['init', '--db', db.url, '--admin-phone', '13900000009', '--admin-name', '赵管理'], { env: { XIESHANG_PASSWORD: 'Consult#2026' } });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /schema at version \d+/);
    assert.match(r.stdout, /administrator \d+ created/);
    r = cli(['init', '--db', db.url]);
    assert.equal(r.status, 73);
    r = cli(['migrate', '--db', db.url]);
    assert.equal(r.status, 0);
    assert.match(r.stdout, /\(0 migrations applied\)/);
    r = cli(['migrate', '--status', '--db', db.url]);
    assert.match(r.stdout, /^0001  init/m);
    r = cli(['user', 'add', '--db', db.url, '--phone', '13900000010', '--name', '钱居民'], { input: '12345678\n' });
    assert.equal(r.status, 65);
    assert.match(r.stderr, /too weak/);
    r = cli(['user', 'add', '--db', db.url, '--phone', '13900000010', '--name', '钱居民'], { input: 'Consult#2026\n' });
    assert.equal(r.status, 0, r.stderr);
    r = cli(['user', 'add', '--db', db.url, '--phone', '+86 139 0000 0010', '--name', '重复'], { input: 'Consult#2026\n' });
    assert.equal(r.status, 65);
    assert.match(r.stderr, /already registered/);
    r = cli(['user', 'passwd', '--db', db.url, '--phone', '13900000099'], { input: 'Consult#2027\n' });
    assert.equal(r.status, 66);
    r = cli(['user', 'disable', '--db', db.url, '--phone', '13900000010']);
    assert.equal(r.status, 0);
    r = cli(['user', 'list', '--db', db.url]);
    assert.match(r.stdout, /13900000009\s+yes\s+active\s+赵管理/);
    assert.match(r.stdout, /13900000010\s+no\s+disabled\s+钱居民/);
    // Each change made here is in the audit log, whose chain verifies.
    r = cli(['audit', 'verify', '--db', db.url]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /intact: 4 rows/); // init, the two accounts, disable
    r = cli(['demo', '--db', db.url]);
    assert.equal(r.status, 0);
    assert.match(r.stdout, /already holds data/);
  } finally {
    db.drop();
  }
});

test('xieshang user passwd and disable end the person\'s sessions and API tokens', async () => {
  const server = await startServer({ demo: true });
  try {
    const phone = '13900000001';
    const member = new Client(server.base);
    assert.equal((await member.login(phone, DEMO_PASSWORD)).status, 201);
    const made = await member.request('POST', '/api/v1/tokens', { json: { name: '对接' } });
    assert.equal(made.status, 201, made.text);
    const bearer = async () => (await fetch(`${server.base}/api/v1/session`, {
      headers: { authorization: `Bearer ${made.data.token}` },
    })).status;
    assert.equal(await bearer(), 200);

    let r = cli(['user', 'passwd', '--db', server.url, '--phone', phone], { input: 'Consult#2027\n' });
    assert.equal(r.status, 0, r.stderr);
    assert.equal((await member.request('GET', '/api/v1/session')).status, 401, 'the session ended');
    assert.equal(await bearer(), 401, 'the token was revoked');
    assert.equal((await new Client(server.base).login(phone, DEMO_PASSWORD)).status, 401);
    const again = new Client(server.base);
    assert.equal((await again.login(phone, 'Consult#2027')).status, 201);

    r = cli(['user', 'disable', '--db', server.url, '--phone', phone]);
    assert.equal(r.status, 0, r.stderr);
    assert.equal((await again.request('GET', '/api/v1/session')).status, 401, 'disabling ends sessions');
    r = cli(['user', 'enable', '--db', server.url, '--phone', phone]);
    assert.equal(r.status, 0, r.stderr);
    assert.equal((await again.request('GET', '/api/v1/session')).status, 401, 'enabling does not bring them back');
    assert.equal((await new Client(server.base).login(phone, 'Consult#2027')).status, 201);
  } finally {
    await server.stop();
  }
});

test('demo loads once and is safe to run again', () => {
  const db = freshDatabase();
  try {
    let r = cli(['demo', '--db', db.url]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /demo data loaded/);
    r = cli(['demo', '--db', db.url]);
    assert.equal(r.status, 0);
    assert.match(r.stdout, /already holds data/);
    r = cli(['user', 'list', '--db', db.url]);
    assert.match(r.stdout, /13800000001\s+yes\s+active\s+系统管理员/);
  } finally {
    db.drop();
  }
});

test('backup copies a live database while the server runs', async () => {
  const server = await startServer({ demo: true });
  const dir = mkdtempSync(join(tmpdir(), 'xs-backup-'));
  try {
    const out = join(dir, 'copy.db');
    // Keep the server busy while the copy is made.
    const load = Promise.all(Array.from({ length: 40 }, () => fetch(server.base + '/api/v1/session', {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ phone: '13800000001', password: DEMO_PASSWORD }),
    })));
    let r = cli(['backup', '--db', server.url, out]);
    await load;
    if (BACKEND === 'postgres') {
      assert.equal(r.status, 69);
      assert.match(r.stderr, /pg_dump --format=custom/);
      return;
    }
    assert.equal(r.status, 0, r.stderr);
    r = cli(['user', 'list', '--db', `sqlite:${out}`]);
    assert.equal(r.status, 0);
    assert.match(r.stdout, /系统管理员/);
    r = cli(['backup', '--db', server.url, out]);
    assert.equal(r.status, 73);
    assert.match(r.stderr, /use --force/);
    r = cli(['backup', '--db', server.url, '--force', out]);
    assert.equal(r.status, 0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await server.stop();
  }
});

test('serve stops cleanly on SIGTERM', async () => {
  const server = await startServer();
  const { code, signal } = await server.stop();
  assert.equal(signal, null);
  assert.equal(code, 0);
  assert.match(server.stderr(), /signal 15: stopping/);
});
