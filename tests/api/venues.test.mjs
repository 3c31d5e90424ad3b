// Venues 协商议事室 over HTTP: browsing (public, phones masked), creating and
// changing venues and their 六有 checklist, evidence uploads round trip and
// their refusals, who may change what (inside and outside a township), the
// audit rows, the QR code, and the pilot roll-out check on the demo county.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client, DEMO_ADMIN, DEMO_PASSWORD, findUnit } from './helpers.mjs';

let server, admin, anon, chengguanStaff;
const units = {};

// A tiny but real PNG (1x1), and a PDF header: the server sniffs content.
const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d4948445200000001000000010806000000' +
  '1f15c4890000000d49444154789c6360000002000100e221bc330000000049454e44ae426082', 'hex');
const PDF = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(2000, 0x41), Buffer.from('\n%%EOF\n')]);

const unitByName = (name) => findUnit(anon, name);

before(async () => {
  server = await startServer({ demo: true });
  admin = new Client(server.base);
  anon = new Client(server.base);
  chengguanStaff = new Client(server.base);
  assert.equal((await admin.login(DEMO_ADMIN, DEMO_PASSWORD)).status, 201);
  assert.equal((await chengguanStaff.login('13800000101', DEMO_PASSWORD)).status, 201);
  for (const n of ['示范县', '城关街道', '城东街道', '湖州市', '府前社区']) units[n] = await unitByName(n);
});
after(async () => { await server.stop(); });

function upload(client, venueId, item, name, type, bytes) {
  return client.request('POST',
    `/api/v1/venues/${venueId}/checklist/${item}/evidence?name=${encodeURIComponent(name)}`,
    { body: bytes, headers: { 'content-type': type } });
}

test('anyone browses the demo venues; phones are masked and filters work', async () => {
  let r = await anon.request('GET', '/api/v1/venues?limit=200');
  assert.equal(r.status, 200);
  assert.equal(r.data.total, 12);
  for (const v of r.data.items) {
    assert.equal(v.permissions.edit, false);
    for (const c of v.contacts) assert.match(c.phone, /^1\d\d\*{4}\d{4}$/);
  }
  assert.equal(r.data.items.filter((v) => v.is_pilot).length, 3);
  r = await anon.request('GET', '/api/v1/venues?pilot=1');
  assert.equal(r.data.total, 3);
  r = await anon.request('GET', '/api/v1/venues?complete=1');
  assert.ok(r.data.items.every((v) => v.items_met === 6 && v.complete));
  const complete = r.data.total;
  r = await anon.request('GET', '/api/v1/venues?complete=0');
  assert.equal(r.data.total + complete, 12);
  r = await anon.request('GET', `/api/v1/venues?unit=${units['城关街道'].id}`);
  assert.equal(r.data.total, 3);
  assert.ok(r.data.items.every((v) => v.unit_path.startsWith(units['城关街道'].path)));
  r = await anon.request('GET', '/api/v1/venues?pilot=maybe');
  assert.equal(r.status, 400);
  r = await anon.request('GET', '/api/v1/venues/999999');
  assert.equal(r.status, 404);
  assert.equal(r.data.error.code, 'venue_not_found');

  const first = (await anon.request('GET', `/api/v1/venues?unit=${units['城关街道'].id}&pilot=1`)).data.items[0];
  r = await anon.request('GET', `/api/v1/venues/${first.id}`);
  assert.equal(r.data.checklist.length, 6);
  assert.deepEqual(r.data.checklist.map((c) => c.label), ['有组织', '有场所', '有设施', '有标识', '有制度', '有活动']);
  // Staff of the street see the phone in full, and may edit there.
  r = await chengguanStaff.request('GET', `/api/v1/venues/${first.id}`);
  assert.match(r.data.contacts[0].phone, /^\d{11}$/);
  assert.equal(r.data.permissions.edit, true);
});

test('the demo county passes the roll-out check; a new county with one pilot fails with reasons', async () => {
  let r = await anon.request('GET', `/api/v1/venues/rollout?unit=${units['示范县'].id}`);
  assert.equal(r.status, 200);
  const county = r.data.counties[0];
  assert.equal(county.name, '示范县');
  assert.equal(county.pass, true);
  assert.ok(county.pilots >= 2);
  assert.equal(county.seat_pilots, 1);
  assert.deepEqual(county.reasons, []);
  assert.equal(r.data.pass, true);

  const k = await admin.request('POST', '/api/v1/units', { json: { parent_id: units['湖州市'].id, kind: 'county', name: '新试县' } });
  assert.equal(k.status, 201);
  const t = await admin.request('POST', '/api/v1/units', { json: { parent_id: k.data.id, kind: 'township', name: '新试镇' } });
  const v = await admin.request('POST', '/api/v1/venues', {
    json: { unit_id: t.data.id, name: '新试镇协商议事室', brand: '有事来协商', address: '新试镇1号', is_pilot: true },
  });
  assert.equal(v.status, 201, v.text);
  r = await anon.request('GET', `/api/v1/venues/rollout?unit=${units['湖州市'].id}`, { headers: { 'accept-language': 'en' } });
  const fresh = r.data.counties.find((c) => c.unit_id === k.data.id);
  assert.equal(fresh.pass, false);
  assert.equal(fresh.pilots, 1);
  assert.deepEqual(fresh.reasons.map((x) => x.code).sort(), ['few_pilots', 'no_seat']);
  assert.match(fresh.reasons.find((x) => x.code === 'few_pilots').message, /fewer than 2 pilot/);
  assert.equal(r.data.pass, false);
  r = await anon.request('GET', `/api/v1/venues/rollout?unit=${k.data.id}`);
  assert.match(r.data.counties[0].reasons[0].message, /试点|驻地/);
  // Marking the seat: the reason changes to "no pilot in the seat street".
  r = await admin.request('PATCH', `/api/v1/units/${t.data.id}`, { json: { is_seat: true } });
  assert.equal(r.status, 200);
  assert.equal(r.data.is_seat, true);
  r = await anon.request('GET', `/api/v1/venues/rollout?unit=${k.data.id}`);
  assert.deepEqual(r.data.counties[0].reasons.map((x) => x.code), ['few_pilots']);
  r = await anon.request('GET', '/api/v1/venues/rollout');
  assert.equal(r.status, 400);
  r = await anon.request('GET', `/api/v1/venues/rollout?unit=${t.data.id}`);
  assert.equal(r.status, 400);
});

test('create, update, checklist and evidence round trip, each audited', async () => {
  let r = await admin.request('POST', '/api/v1/venues', {
    json: { unit_id: units['示范县'].id, name: '县议事室', brand: '有事来协商', address: '县府路1号' },
  });
  assert.equal(r.status, 400);
  assert.equal(r.data.error.code, 'venue_unit_kind');
  r = await admin.request('POST', '/api/v1/venues', {
    json: { unit_id: units['府前社区'].id, name: '府前社区第二议事室', brand: '有事来协商', address: '府前路2号',
      contacts: [{ name: '张三', phone: '13812345678' }] },
  });
  assert.equal(r.status, 201, r.text);
  const v = r.data;
  assert.equal(v.contacts[0].phone, '13812345678');
  assert.equal(v.is_pilot, false);
  r = await anon.request('GET', `/api/v1/venues/${v.id}`);
  assert.equal(r.data.contacts[0].phone, '138****5678');
  r = await admin.request('POST', '/api/v1/venues', { json: { unit_id: units['府前社区'].id, name: '缺地址', brand: 'x' } });
  assert.equal(r.status, 400);
  assert.equal(r.data.error.code, 'field_required');
  r = await admin.request('POST', '/api/v1/venues', {
    json: { unit_id: units['府前社区'].id, name: 'x', brand: 'x', address: 'x', contacts: [{ name: '李四', phone: '123' }] },
  });
  assert.equal(r.status, 400);
  assert.equal(r.data.error.code, 'phone_invalid');

  r = await admin.request('PATCH', `/api/v1/venues/${v.id}`, { json: { is_pilot: true, address: '府前路3号' } });
  assert.equal(r.status, 200);
  assert.equal(r.data.is_pilot, true);
  assert.equal(r.data.address, '府前路3号');
  assert.equal(r.data.name, '府前社区第二议事室');

  r = await admin.request('PUT', `/api/v1/venues/${v.id}/checklist/signage`, { json: { met: true, note: '门牌已挂' } });
  assert.equal(r.status, 200);
  const signage = r.data.checklist.find((c) => c.item === 'signage');
  assert.equal(signage.met, true);
  assert.equal(signage.note, '门牌已挂');
  assert.ok(signage.updated_at > 0);
  assert.equal(signage.updated_by_name, '系统管理员');
  assert.equal(r.data.items_met, 1);
  const seen = (await anon.request('GET', `/api/v1/venues/${v.id}`)).data.checklist.find((c) => c.item === 'signage');
  assert.equal(seen.updated_by_name, '系****', 'the public sees who changed it masked');
  r = await admin.request('PUT', `/api/v1/venues/${v.id}/checklist/parking`, { json: { met: true } });
  assert.equal(r.status, 404);
  assert.equal(r.data.error.code, 'checklist_item');

  r = await upload(admin, v.id, 'signage', '门牌照片.png', 'image/png', PNG);
  assert.equal(r.status, 201, r.text);
  const png = r.data;
  assert.equal(png.content_type, 'image/png');
  assert.equal(png.size, PNG.length);
  assert.match(png.sha256, /^[0-9a-f]{64}$/);
  let d = await fetch(server.base + png.url);
  assert.equal(d.status, 200);
  assert.equal(d.headers.get('content-type'), 'image/png');
  assert.equal(d.headers.get('x-content-type-options'), 'nosniff');
  assert.match(d.headers.get('content-disposition'), /^inline; .*filename\*=UTF-8''%E9%97%A8%E7%89%8C%E7%85%A7%E7%89%87\.png$/);
  assert.match(d.headers.get('cache-control'), /max-age/);
  assert.deepEqual(Buffer.from(await d.arrayBuffer()), PNG);

  r = await upload(admin, v.id, 'rules', '议事规则.pdf', 'application/pdf', PDF);
  assert.equal(r.status, 201, r.text);
  d = await fetch(server.base + r.data.url);
  assert.equal(d.headers.get('content-type'), 'application/pdf');
  assert.match(d.headers.get('content-disposition'), /^attachment; /);
  assert.deepEqual(Buffer.from(await d.arrayBuffer()), PDF);

  r = await anon.request('GET', `/api/v1/venues/${v.id}`);
  assert.deepEqual(r.data.checklist.find((c) => c.item === 'signage').evidence.map((x) => x.id), [png.id]);
  r = await anon.request('GET', `/api/v1/venues/${v.id}/checklist/signage/evidence`);
  assert.deepEqual(r.data.items.map((x) => x.filename), ['门牌照片.png']);

  r = await admin.request('DELETE', `/api/v1/venues/${v.id}/checklist/rules/evidence/${png.id}`);
  assert.equal(r.status, 404, 'the attachment belongs to another item');
  r = await admin.request('DELETE', `/api/v1/venues/${v.id}/checklist/signage/evidence/${png.id}`);
  assert.equal(r.status, 200);
  assert.equal(r.data.checklist.find((c) => c.item === 'signage').evidence.length, 0);
  d = await fetch(server.base + png.url);
  assert.equal(d.status, 404);

  r = await admin.request('GET', `/api/v1/audit?object_type=venue&object_id=${v.id}&limit=50`);
  assert.equal(r.status, 200);
  assert.equal(r.data.items.length, 3, 'create, update, checklist');
  assert.ok(r.data.items.every((a) => a.action === 'venue.edit'));
  const upd = r.data.items.find((a) => a.before && a.after && a.before.is_pilot === false);
  assert.equal(upd.after.is_pilot, true);
  assert.equal(upd.after.contacts[0].phone, '138****5678', 'audit summaries mask phones');
  r = await admin.request('GET', '/api/v1/audit?object_type=attachment&limit=50');
  assert.ok(r.data.items.filter((a) => a.action === 'venue.edit').length >= 3, 'two uploads and a removal');

  r = await admin.request('POST', `/api/v1/venues/${v.id}/retire`);
  assert.equal(r.status, 200);
  assert.ok(r.data.retired_at > 0);
  r = await admin.request('PATCH', `/api/v1/venues/${v.id}`, { json: { name: '改名' } });
  assert.equal(r.status, 409);
  assert.equal(r.data.error.code, 'venue_retired');
  r = await anon.request('GET', `/api/v1/venues?unit=${units['府前社区'].id}`);
  assert.ok(!r.data.items.some((x) => x.id === v.id), 'retired venues leave the list');
  r = await anon.request('GET', `/api/v1/venues?unit=${units['府前社区'].id}&retired=1`);
  assert.ok(r.data.items.some((x) => x.id === v.id), 'but are kept');
});

test('wrong types, wrong names, empty and oversize uploads are refused and store nothing', async () => {
  const v = (await anon.request('GET', `/api/v1/venues?unit=${units['城关街道'].id}`)).data.items[0];
  const count = async () => (await anon.request('GET', `/api/v1/venues/${v.id}/checklist/premises/evidence`)).data.items.length;
  const before = await count();
  let r = await upload(admin, v.id, 'premises', 'a.png', 'image/jpeg', PNG);
  assert.equal(r.status, 415);
  assert.equal(r.data.error.code, 'attachment_type');
  r = await upload(admin, v.id, 'premises', 'page.png', 'image/png', Buffer.from('<html><script>alert(1)</script>'));
  assert.equal(r.status, 415);
  r = await upload(admin, v.id, 'premises', 'a.pdf', 'image/png', PNG);
  assert.equal(r.status, 400);
  assert.equal(r.data.error.code, 'attachment_name');
  r = await upload(admin, v.id, 'premises', 'a.png', 'image/png', Buffer.alloc(0));
  assert.equal(r.status, 400);
  assert.equal(r.data.error.code, 'attachment_empty');
  r = await admin.request('POST', `/api/v1/venues/${v.id}/checklist/premises/evidence`, { body: PNG, headers: { 'content-type': 'image/png' } });
  assert.equal(r.status, 400, 'the name is required');
  const big = Buffer.alloc(10 * 1024 * 1024 + 1, 0);
  PNG.copy(big);
  r = await upload(admin, v.id, 'premises', 'big.png', 'image/png', big);
  assert.equal(r.status, 413);
  assert.equal(r.data.error.code, 'attachment_too_large');
  assert.match(r.data.error.message, /10 MiB/);
  assert.equal(await count(), before);
});

test('township staff change their own venues only; others get 403 and nothing changes', async () => {
  const own = (await anon.request('GET', `/api/v1/venues?unit=${units['城关街道'].id}`)).data.items[0];
  const other = (await anon.request('GET', `/api/v1/venues?unit=${units['城东街道'].id}`)).data.items[0];
  let r = await chengguanStaff.request('PUT', `/api/v1/venues/${own.id}/checklist/activity`, { json: { met: true, note: '每月一次' } });
  assert.equal(r.status, 200);
  r = await chengguanStaff.request('GET', `/api/v1/venues/${other.id}`);
  assert.equal(r.data.permissions.edit, false);
  assert.match(r.data.contacts[0].phone, /\*{4}/);
  r = await chengguanStaff.request('PATCH', `/api/v1/venues/${other.id}`, { json: { name: '越权改名', is_pilot: true } });
  assert.equal(r.status, 403);
  r = await chengguanStaff.request('PUT', `/api/v1/venues/${other.id}/checklist/rules`, { json: { met: false } });
  assert.equal(r.status, 403);
  r = await upload(chengguanStaff, other.id, 'rules', 'a.png', 'image/png', PNG);
  assert.equal(r.status, 403);
  r = await chengguanStaff.request('POST', `/api/v1/venues/${other.id}/retire`);
  assert.equal(r.status, 403);
  r = await chengguanStaff.request('POST', '/api/v1/venues', {
    json: { unit_id: units['城东街道'].id, name: '越权', brand: '有事来协商', address: 'x' },
  });
  assert.equal(r.status, 403);
  r = await anon.request('GET', `/api/v1/venues/${other.id}`);
  assert.equal(r.data.name, other.name);
  assert.equal(r.data.is_pilot, other.is_pilot);
  assert.equal(r.data.retired_at, null);
  assert.equal(r.data.updated_at, other.updated_at);
  r = await anon.request('PATCH', `/api/v1/venues/${other.id}`, { json: { name: 'x' } });
  assert.equal(r.status, 401);
  r = await chengguanStaff.request('PATCH', `/api/v1/venues/${own.id}`, { json: { name: '城关街道协商议事室' } }, );
  assert.equal(r.status, 200);
});

test('the QR code is an SVG pointing at the venue page', async () => {
  const v = (await anon.request('GET', '/api/v1/venues?limit=1')).data.items[0];
  const r = await fetch(`${server.base}/api/v1/venues/${v.id}/qr.svg`);
  assert.equal(r.status, 200);
  assert.equal(r.headers.get('content-type'), 'image/svg+xml');
  assert.equal(r.headers.get('x-venue-url'), `${server.base}/venues/${v.id}`);
  const svg = await r.text();
  assert.match(svg, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" viewBox="0 0 (\d+) \1"/);
  assert.match(svg, /<\/svg>\n$/);
  const again = await (await fetch(`${server.base}/api/v1/venues/${v.id}/qr.svg`)).text();
  assert.equal(again, svg);
  assert.equal((await fetch(`${server.base}/api/v1/venues/424242/qr.svg`)).status, 404);
});

test('with --public-url the QR code points at the public address, whatever the Host', async () => {
  const other = await startServer({ demo: true, args: ['--public-url', 'https://xieshang.example.cn/'] });
  try {
    const r = await fetch(`${other.base}/api/v1/venues/1/qr.svg`, { headers: { 'X-Forwarded-Proto': 'https' } });
    assert.equal(r.status, 200);
    assert.equal(r.headers.get('x-venue-url'), 'https://xieshang.example.cn/venues/1');
    const plain = await (await fetch(`${server.base}/api/v1/venues/1/qr.svg`)).text();
    assert.notEqual(await r.text(), plain, 'a different address is a different code');
  } finally {
    await other.stop();
  }
});
