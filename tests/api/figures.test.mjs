// Figures 统计 and screening insight over HTTP on the demo county: the
// figures of a street and period match the topics this test raised and
// screened (by source, by reject reason, approved through a plan, the
// average time to screen), in the street and in the county above it, and
// not in another street; clusters group the near-duplicates the test
// planted (Traditional characters included) and nothing else; hot themes
// come from real sentences without stop words; who may ask (403).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client, DEMO_PASSWORD, findUnit, loginClient } from './helpers.mjs';

let server, anon, start;
const units = {};
const people = {};

const unitByName = (name) => findUnit(anon, name);

const login = (phone) => loginClient(server, phone);

before(async () => {
  server = await startServer({ demo: true });
  anon = new Client(server.base);
  for (const n of ['示范县', '城关街道', '城东街道', '城西街道', '东湖社区', '新桥社区', '西山社区', '梅园社区', '县交通运输局']) {
    units[n] = await unitByName(n);
  }
  // Demo residents 1370000NNNN: the i-th (from 0) lives at village i % 40.
  people.east1 = await login('13700000006');  // 东湖社区 (城东街道)
  people.east2 = await login('13700000007');  // 新桥社区 (城东街道)
  people.west1 = await login('13700000011');  // 西山社区 (城西街道)
  people.west2 = await login('13700000012');  // 梅园社区 (城西街道)
  people.member = await login('13900000001');
  people.cgStaff = await login('13800000101'); // 城关街道
  people.cdStaff = await login('13800000102'); // 城东街道
  people.cxStaff = await login('13800000103'); // 城西街道
  people.countyStaff = await login('13800000011');
  people.leader = await login('13800000010');
  // Everything this file raises comes after this moment (the demo's own
  // topics come before it).
  start = Date.now();
});
after(async () => { await server.stop(); });

async function raise(client, title, unit, body, extra = {}) {
  const r = await client.request('POST', '/api/v1/topics', {
    json: { title, body: body ?? `${title}：居民反映已久，希望协商解决。`, place: unit.name, affected: 20, unit_id: unit.id, ...extra },
  });
  assert.equal(r.status, 201, r.text);
  return r.data.id;
}

async function act(client, id, action, json) {
  const r = await client.request('POST', `/api/v1/topics/${id}/${action}`, json === undefined ? {} : { json });
  assert.equal(r.status, 200, `${action}: ${r.text}`);
  return r.data;
}

test('figures match the topics raised and screened, per street and county', async () => {
  const s = people.cdStaff;
  const t1 = await raise(people.east1, '东湖社区停车难', units['东湖社区']);
  const t2 = await raise(people.east2, '新桥社区加装电梯', units['新桥社区']);
  const t3 = await raise(people.east1, '邻里纠纷请调解', units['东湖社区']);
  const t4 = await raise(people.east2, '东湖社区车位不够', units['东湖社区']);
  const t5 = await raise(people.east1, '路灯报修', units['新桥社区']);
  const t6 = await raise(people.member, '工业园区交通拥堵', units['城东街道']);
  const t7 = await raise(s, '群众当面反映：菜场改造', units['东湖社区'], undefined,
    { on_behalf: { name: '赵大爷', contact: '13912345678' }, source: 'party' });
  // A draft never counts.
  await raise(people.east1, '还没想好的草稿', units['东湖社区'], undefined, { draft: true });
  await act(s, t1, 'accept', {});
  await act(s, t2, 'review');
  await act(s, t2, 'accept', {});
  await act(s, t3, 'reject', { reject_reason: 'private_dispute', reason: '属于邻里私人纠纷' });
  await act(s, t4, 'merge', { into: t1, reason: '同一问题' });
  await act(s, t5, 'transfer', { department_unit_id: units['县交通运输局'].id, reason: '日常报修' });
  // t6 awaits screening; t7 is under review.
  await act(s, t7, 'review');
  // t2 goes through an approved plan.
  let r = await s.request('POST', '/api/v1/plans', {
    json: { unit_id: units['城东街道'].id, title: '城东街道协商议题计划', period_start: start, period_end: start + 86400000 * 365 },
  });
  const plan = r.data.id;
  assert.equal((await s.request('PUT', `/api/v1/plans/${plan}/items`, { json: { topic_ids: [t2] } })).status, 200);
  assert.equal((await s.request('POST', `/api/v1/plans/${plan}/submit`)).status, 200);
  r = await people.leader.request('POST', `/api/v1/plans/${plan}/approve`, {
    json: { party_approved: true, party_approved_at: Date.now(), party_reference: '东街党工委〔2026〕3号' },
  });
  assert.equal(r.status, 200, r.text);

  const expected = {
    raised: 7, accepted: 2, merged: 1, transferred: 1, rejected: 1, approved: 1, screened: 5,
    by_source: { resident: 5, member: 1, party: 1 }, by_reject_reason: { private_dispute: 1 },
  };
  const check = (data) => {
    for (const [k, v] of Object.entries(expected)) assert.deepEqual(data[k], v, k);
    // Screened within seconds of being raised: well under a tenth of a day.
    assert.equal(data.avg_days_to_screen, 0);
  };
  r = await s.request('GET', `/api/v1/figures/topics?unit=${units['城东街道'].id}&from=${start}`);
  assert.equal(r.status, 200, r.text);
  check(r.data);
  assert.equal(r.data.unit_name, '城东街道');
  // The county sees the same (nothing else was raised since start); the
  // leader may read figures too; without ?unit= staff get their own unit.
  r = await people.countyStaff.request('GET', `/api/v1/figures/topics?unit=${units['示范县'].id}&from=${start}`);
  check(r.data);
  // Per unit under the county: its 8 streets and townships and 3
  // departments, all of it in 城东街道.
  assert.equal(r.data.by_unit.length, 11);
  const byName = Object.fromEntries(r.data.by_unit.map((u) => [u.unit_name, u]));
  assert.deepEqual(byName['城东街道'], { unit_id: units['城东街道'].id, unit_name: '城东街道', raised: 7, accepted: 2, rejected: 1, approved: 1 });
  assert.equal(byName['城关街道'].raised, 0);
  r = await people.leader.request('GET', `/api/v1/figures/topics?from=${start}`);
  check(r.data);
  assert.equal(r.data.unit_name, '示范县');
  r = await s.request('GET', `/api/v1/figures/topics?from=${start}`);
  assert.equal(r.data.unit_name, '城东街道');
  check(r.data);
  // Another street and another period see none of it.
  r = await people.cgStaff.request('GET', `/api/v1/figures/topics?from=${start}`);
  assert.equal(r.data.raised, 0);
  assert.equal(r.data.avg_days_to_screen, null);
  r = await s.request('GET', `/api/v1/figures/topics?unit=${units['城东街道'].id}&from=${start}&to=${start + 1}`);
  assert.equal(r.data.raised, 0);

  // Refusals: residents, staff of another street, bad periods.
  r = await people.east1.request('GET', `/api/v1/figures/topics?unit=${units['城东街道'].id}`);
  assert.equal(r.status, 403);
  r = await anon.request('GET', `/api/v1/figures/topics?unit=${units['城东街道'].id}`);
  assert.equal(r.status, 401);
  r = await people.cgStaff.request('GET', `/api/v1/figures/topics?unit=${units['城东街道'].id}`);
  assert.equal(r.status, 403);
  r = await s.request('GET', `/api/v1/figures/topics?unit=${units['城东街道'].id}&from=yesterday`);
  assert.equal(r.status, 400);
  r = await s.request('GET', `/api/v1/figures/topics?unit=${units['城东街道'].id}&from=10&to=5`);
  assert.equal(r.status, 400);
  r = await s.request('GET', '/api/v1/figures/topics?unit=999999');
  assert.equal(r.status, 404);
});

test('clusters group the planted near-duplicates awaiting screening', async () => {
  const body = '西山社区晚上停车位严重不足，车辆乱停乱放堵塞消防通道，希望增加停车位';
  const a = await raise(people.west1, '小区停车难', units['西山社区'], body);
  const b = await raise(people.west2, '小区停车难', units['梅园社区'], '西山社区晚上停车位严重不足，车辆乱停乱放堵塞了消防通道，希望增加停车位');
  // The same text in Traditional characters.
  const c = await raise(people.west1, '小區停車難', units['西山社区'], '西山社區晚上停車位嚴重不足，車輛亂停亂放堵塞消防通道，希望增加停車位');
  const d = await raise(people.west2, '学校门口路灯坏了', units['梅园社区'], '学府路小学门口的路灯已经坏了一个多月，孩子放学天黑看不清路');
  const e = await raise(people.west1, '学校门口路灯不亮', units['西山社区'], '学府路小学门口的路灯已经坏了一个多月了，孩子放学天黑看不清路');
  const lone = await raise(people.west2, '菜市场噪音扰民', units['梅园社区'], '凌晨四点开始装卸货物，噪音很大影响休息');
  // Already screened: not in a cluster any more.
  const done = await raise(people.west2, '小区停车难', units['梅园社区'], body);
  await act(people.cxStaff, done, 'accept', {});
  await act(people.cxStaff, b, 'review');

  let r = await people.cxStaff.request('GET', `/api/v1/topics/clusters?unit=${units['城西街道'].id}&from=${start}`);
  assert.equal(r.status, 200, r.text);
  const groups = r.data.items.map((cl) => cl.topics.map((t) => t.id).sort((x, y) => x - y));
  assert.deepEqual(groups, [[a, b, c].sort((x, y) => x - y), [d, e].sort((x, y) => x - y)]);
  assert.ok(r.data.items.every((cl) => cl.similarity >= 0.5 && cl.similarity <= 1));
  assert.ok(!groups.flat().includes(lone) && !groups.flat().includes(done));
  // The usual topic objects, all awaiting screening.
  for (const t of r.data.items.flatMap((cl) => cl.topics)) {
    assert.ok(['submitted', 'reviewing'].includes(t.state), t.state);
    assert.ok('supports' in t && 'permissions' in t);
  }
  // Merging one leaves the rest of its cluster.
  await act(people.cxStaff, c, 'merge', { into: a });
  r = await people.cxStaff.request('GET', `/api/v1/topics/clusters?unit=${units['城西街道'].id}&from=${start}`);
  assert.deepEqual(r.data.items.map((cl) => cl.topics.length), [2, 2]);
  // Another street sees none of them; residents may not ask.
  r = await people.cdStaff.request('GET', `/api/v1/topics/clusters?from=${start}`);
  assert.equal(r.status, 200);
  assert.ok(!r.data.items.some((cl) => cl.topics.some((t) => t.id === a)));
  r = await people.cdStaff.request('GET', `/api/v1/topics/clusters?unit=${units['城西街道'].id}`);
  assert.equal(r.status, 403);
  r = await people.west1.request('GET', `/api/v1/topics/clusters?unit=${units['城西街道'].id}`);
  assert.equal(r.status, 403);
});

test('hot themes: words of real sentences weighted by supports, no stop words', async () => {
  const u = units['城关街道'];
  const cg = await unitByName('府前社区');
  const resident = await login('13700000001'); // 府前社区
  const t1 = await raise(resident, '希望解决小区停车难问题', cg, '我们小区停车位太少，晚上停车非常困难');
  const t2 = await raise(resident, '医院附近停车难', cg, '县医院附近停车收费高，车位少');
  await raise(resident, '建议增设路灯', cg, '新桥路没有路灯，晚上出行不安全');
  for (const phone of ['13700000041', '13700000081']) {
    const c = await login(phone);
    assert.equal((await c.request('POST', `/api/v1/topics/${t1}/support`)).status, 200);
  }
  await act(people.cgStaff, t2, 'accept', {});
  let r = await people.cgStaff.request('GET', `/api/v1/topics/themes?unit=${u.id}&from=${start}&limit=5`);
  assert.equal(r.status, 200, r.text);
  assert.ok(r.data.items.length > 0 && r.data.items.length <= 5);
  assert.deepEqual(r.data.items[0], { term: '停车', topics: 2, supports: 2 });
  const terms = r.data.items.map((x) => x.term);
  for (const stop of ['希望', '问题', '我们', '建议', '的']) assert.ok(!terms.includes(stop), stop);
  r = await people.cgStaff.request('GET', `/api/v1/topics/themes?unit=${u.id}&limit=500`);
  assert.equal(r.status, 400);
  r = await people.cgStaff.request('GET', `/api/v1/topics/themes?unit=${units['城东街道'].id}`);
  assert.equal(r.status, 403);
  r = await anon.request('GET', `/api/v1/topics/themes?unit=${u.id}`);
  assert.equal(r.status, 401);
});
