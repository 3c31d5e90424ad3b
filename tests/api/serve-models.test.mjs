// The server's connection settings (make bench measures them): both
// connection models and a small per-connection memory serve many
// concurrent requests alike; bad values exit 78 naming the setting.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cli, startServer } from './helpers.mjs';

test('bad connection settings exit 78 naming the setting', () => {
  let r = cli(['serve', '--connection-model', 'fork']);
  assert.equal(r.status, 78);
  assert.match(r.stderr, /connection-model must be pool or thread/);
  r = cli(['serve', '--connection-memory', '100']);
  assert.equal(r.status, 78);
  assert.match(r.stderr, /connection-memory must be a number/);
  r = cli(['serve', '--sqlite-mmap', '-1']);
  assert.equal(r.status, 78);
  assert.match(r.stderr, /sqlite-mmap must be a number/);
});

for (const args of [
  [],
  ['--connection-model', 'thread'],
  ['--connection-memory', '8192', '--sqlite-cache', '256', '--sqlite-mmap', '16', '--pool', '2'],
]) {
  test(`60 concurrent list requests all answered alike (${args.join(' ') || 'defaults'})`, async () => {
    const server = await startServer({ demo: true, args });
    try {
      const get = async () => {
        const res = await fetch(`${server.base}/api/v1/topics?limit=20`);
        return { status: res.status, body: await res.text() };
      };
      const answers = await Promise.all(Array.from({ length: 60 }, get));
      for (const a of answers) assert.equal(a.status, 200);
      assert.equal(new Set(answers.map((a) => a.body)).size, 1, 'every answer the same');
      assert.ok(Array.isArray(JSON.parse(answers[0].body).items));
    } finally {
      await server.stop();
    }
  });
}
