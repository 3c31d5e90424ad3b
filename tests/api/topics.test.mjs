// Topics 议题 over HTTP on the demo county: raising (drafts, submit, edit),
// the refusals of bad input (nothing stored), who sees what (drafts and
// rejected topics are 404 to the public, to other residents and to staff of
// another township), supports (once, withdraw, only in some states),
// similar topics, every screening transition and its refusals (403 outside
// the subtree, 409 in the wrong state), a merge moving supports without
// counting anyone twice, a transfer answered by the department, rejection
// with a reason the author is told of, staff recording a topic for someone
// (whose name and contact never reach public JSON), attachments, and the
// audit rows every change leaves.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client, DEMO_ADMIN, DEMO_PASSWORD, findUnit, loginClient } from './helpers.mjs';

let server, anon, admin;
const units = {};
const people = {};

const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d4948445200000001000000010806000000' +
  '1f15c4890000000d49444154789c6360000002000100e221bc330000000049454e44ae426082', 'hex');
const PDF = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(500, 0x41), Buffer.from('\n%%EOF\n')]);

const unitByName = (name) => findUnit(anon, name);

const login = (phone) => loginClient(server, phone);

before(async () => {
  server = await startServer({ demo: true });
  anon = new Client(server.base);
  admin = await login(DEMO_ADMIN);
  for (const n of ['示范县', '城关街道', '城东街道', '府前社区', '文昌社区', '东湖社区', '县住房和城乡建设局', '县交通运输局']) {
    units[n] = await unitByName(n);
  }
  // Demo residents: 1370000NNNN, the i-th (from 0) at village i % 40.
  people.a = await login('13700000001');      // 府前社区
  people.b = await login('13700000002');      // 文昌社区
  people.c = await login('13700000041');      // 府前社区
  people.d = await login('13700000081');      // 府前社区
  people.east = await login('13700000006');   // 东湖社区 (城东街道)
  people.member = await login('13900000001');
  people.cgStaff = await login('13800000101'); // 城关街道
  people.cdStaff = await login('13800000102'); // 城东街道
  people.countyStaff = await login('13800000011');
  people.housing = await login('13800000201'); // 县住房和城乡建设局
  people.transport = await login('13800000202'); // 县交通运输局
});
after(async () => { await server.stop(); });

async function raise(client, body) {
  const r = await client.request('POST', '/api/v1/topics', { json: body });
  assert.equal(r.status, 201, r.text);
  return r.data;
}

function topicBody(title, unit, extra = {}) {
  return { title, body: `${title}：居民反映已久，希望协商解决。`, place: unit.name, affected: 50, unit_id: unit.id, ...extra };
}

async function act(client, id, action, json) {
  return client.request('POST', `/api/v1/topics/${id}/${action}`, json === undefined ? {} : { json });
}

async function mineTotal(client) {
  const r = await client.request('GET', '/api/v1/topics/mine');
  assert.equal(r.status, 200);
  return r.data.total;
}

test('the demo county has topics in every state, ranked by supports in public', async () => {
  let r = await people.countyStaff.request('GET', `/api/v1/topics?unit=${units['示范县'].id}&state=draft,submitted,reviewing,accepted,merged,transferred,rejected,approved,scheduled&limit=100`);
  assert.equal(r.status, 200);
  const states = new Set(r.data.items.map((x) => x.state));
  for (const s of ['submitted', 'reviewing', 'accepted', 'merged', 'transferred', 'rejected', 'approved', 'scheduled']) assert.ok(states.has(s), s);
  assert.ok(r.data.total >= 40);
  const rejected = r.data.items.filter((x) => x.state === 'rejected');
  assert.deepEqual(new Set(rejected.map((x) => x.reject_reason)),
    new Set(['petition', 'litigation', 'private_dispute', 'outside_remit', 'duplicate', 'insufficient_info']));
  assert.ok(rejected.every((x) => x.reason.length > 0));
  // Drafts are their authors' only, even for staff lists by default.
  r = await anon.request('GET', '/api/v1/topics?limit=100');
  assert.ok(r.data.total >= 10);
  assert.ok(r.data.items.every((x) => ['accepted', 'approved', 'scheduled'].includes(x.state)));
  const supports = r.data.items.map((x) => x.supports);
  assert.deepEqual(supports, [...supports].sort((a, b) => b - a));
  assert.ok(!r.text.includes('on_behalf'));
  r = await anon.request('GET', '/api/v1/topics?sort=newest&limit=100');
  const created = r.data.items.map((x) => x.created_at);
  assert.deepEqual(created, [...created].sort((a, b) => b - a));
  assert.ok(created.at(-1) < Date.now() - 30 * 86400e3, 'the demo has a past');
  // A transferred demo topic carries the department's reply, for them.
  r = await people.housing.request('GET', `/api/v1/topics?scope=review&state=transferred`);
  assert.equal(r.status, 403);
  r = await people.countyStaff.request('GET', `/api/v1/topics?unit=${units['示范县'].id}&state=transferred`);
  const replied = r.data.items.find((x) => x.reply);
  assert.ok(replied);
  assert.equal((await anon.request('GET', `/api/v1/topics/${replied.id}`)).status, 404);
  // Typing part of a title finds the topics that share its words, the
  // closest first; merged, draft and rejected ones are never offered.
  r = await anon.request('GET', `/api/v1/topics/similar?text=${encodeURIComponent('老旧小区加装电梯')}`);
  assert.equal(r.data.items[0].title, '老旧小区加装电梯');
  assert.equal(r.data.items[0].similarity, 1);
  assert.ok(r.data.items.some((x) => x.title === '东湖社区加装电梯资金分摊'));
  // Topics sharing hardly a word are not offered: no noise for the resident.
  assert.ok(r.data.items.every((x) => x.similarity >= 0.2), JSON.stringify(r.data.items.map((x) => [x.title, x.similarity])));
  assert.ok(!r.data.items.some((x) => x.title.includes('垃圾分类')));
  r = await anon.request('GET', `/api/v1/topics/similar?text=${encodeURIComponent('小区停车难')}`);
  assert.ok(r.data.items.some((x) => x.title === '文昌路早晚高峰停车难'));
  const scores = r.data.items.map((x) => x.similarity);
  assert.deepEqual(scores, [...scores].sort((a, b) => b - a));
  r = await anon.request('GET', `/api/v1/topics/similar?text=${encodeURIComponent('山塘加固')}`);
  assert.ok(r.data.items.some((x) => x.title === '下庄村山塘除险加固'));
  assert.ok(r.data.items.every((x) => ['submitted', 'reviewing', 'accepted', 'approved', 'scheduled'].includes(x.state)));
});

test('bad raises are refused clearly in both languages and store nothing', async () => {
  const before = await mineTotal(people.a);
  const u = units['府前社区'];
  let r = await anon.request('POST', '/api/v1/topics', { json: topicBody('路灯不亮', u) });
  assert.equal(r.status, 401);
  const cases = [
    [{ ...topicBody('', u) }, 400, 'topic_title'],
    [{ ...topicBody('路', u) }, 400, 'topic_title'],
    [{ ...topicBody('   ', u) }, 400, 'topic_title'],
    [{ ...topicBody('长'.repeat(61), u) }, 400, 'topic_title'],
    [{ ...topicBody('路灯不亮', u), body: '字'.repeat(5001) }, 400, 'topic_body'],
    [{ ...topicBody('路灯不亮', u), unit_id: 999999 }, 404, 'unit_not_found'],
    [{ ...topicBody('路灯不亮', u), affected: -1 }, 400, 'field_invalid'],
    [{ ...topicBody('路灯不亮', u), affected: 10000001 }, 400, 'field_invalid'],
    [{ ...topicBody('路灯不亮', u), channel: 'fax' }, 400, 'field_invalid'],
    [{ title: '路灯不亮' }, 400, 'field_required'],
  ];
  for (const [body, status, code] of cases) {
    r = await people.a.request('POST', '/api/v1/topics', { json: body });
    assert.equal(r.status, status, JSON.stringify(body).slice(0, 80));
    assert.equal(r.data.error.code, code);
    assert.match(r.data.error.message, /[\u4e00-\u9fff]/);
  }
  r = await people.a.request('POST', '/api/v1/topics', {
    json: topicBody('', u), headers: { 'Accept-Language': 'en' },
  });
  assert.match(r.data.error.message, /title must be 2 to 60 characters/);
  // A resident may not record a topic for someone else.
  r = await people.a.request('POST', '/api/v1/topics', {
    json: { ...topicBody('替邻居反映', u), on_behalf: { name: '赵大爷' }, source: 'resident' },
  });
  assert.equal(r.status, 403);
  assert.equal(await mineTotal(people.a), before);
});

test('a draft is seen by its author and staff in scope only, edited, then submitted', async () => {
  const t = await raise(people.a, { ...topicBody('老旧小区加装电梯', units['府前社区']), draft: true });
  assert.equal(t.state, 'draft');
  assert.equal(t.source, 'resident');
  assert.equal(t.channel, 'portal');
  assert.equal(t.is_mine, true);
  assert.equal(t.permissions.edit, true);
  assert.deepEqual(t.history.map((h) => h.kind), ['raise']);
  for (const c of [anon, people.b, people.cdStaff, people.housing]) {
    const r = await c.request('GET', `/api/v1/topics/${t.id}`);
    assert.equal(r.status, 404);
    assert.equal(r.data.error.code, 'topic_not_found');
  }
  for (const c of [people.cgStaff, people.countyStaff]) {
    assert.equal((await c.request('GET', `/api/v1/topics/${t.id}`)).status, 200);
  }
  // Someone else cannot edit or submit it; they are told it does not exist.
  let r = await people.b.request('PATCH', `/api/v1/topics/${t.id}`, { json: { title: '改一下' } });
  assert.equal(r.status, 404);
  r = await act(people.b, t.id, 'submit');
  assert.equal(r.status, 404);
  // Staff in scope can read it, but it is not theirs to edit.
  r = await people.cgStaff.request('PATCH', `/api/v1/topics/${t.id}`, { json: { title: '改一下' } });
  assert.equal(r.status, 403);
  r = await people.a.request('PATCH', `/api/v1/topics/${t.id}`, { json: { title: 'x' } });
  assert.equal(r.status, 400);
  r = await people.a.request('PATCH', `/api/v1/topics/${t.id}`, { json: { title: '老旧小区加装电梯难', affected: 300 } });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.data.title, '老旧小区加装电梯难');
  assert.equal(r.data.affected, 300);
  r = await act(people.a, t.id, 'submit');
  assert.equal(r.status, 200, r.text);
  assert.equal(r.data.state, 'submitted');
  assert.ok(r.data.submitted_at > 0);
  assert.deepEqual(r.data.history.map((h) => h.kind), ['raise', 'edit', 'submit']);
  r = await people.a.request('PATCH', `/api/v1/topics/${t.id}`, { json: { title: '再改一次' } });
  assert.equal(r.status, 409);
  assert.equal(r.data.error.code, 'topic_state');
  r = await act(people.a, t.id, 'submit');
  assert.equal(r.status, 409);
  // A submitted topic is open to anyone (so that they can support it) but
  // is not in the public list until accepted; staff see it for review.
  r = await anon.request('GET', `/api/v1/topics/${t.id}`);
  assert.equal(r.status, 200);
  assert.match(r.data.author_name, /^.\*+$/);
  r = await anon.request('GET', `/api/v1/topics?unit=${units['城关街道'].id}&limit=100`);
  assert.ok(!r.data.items.some((x) => x.id === t.id));
  r = await people.cgStaff.request('GET', '/api/v1/topics?scope=review&limit=100');
  assert.equal(r.status, 200);
  assert.ok(r.data.items.some((x) => x.id === t.id));
  assert.ok(r.data.items.every((x) => ['submitted', 'reviewing'].includes(x.state)));
  assert.ok(r.data.items.every((x) => x.unit_path.startsWith(units['城关街道'].path)));
  r = await people.cdStaff.request('GET', '/api/v1/topics?scope=review&limit=100');
  assert.ok(!r.data.items.some((x) => x.id === t.id));
  r = await people.cdStaff.request('GET', `/api/v1/topics?scope=review&unit=${units['城关街道'].id}`);
  assert.equal(r.status, 403);
  r = await people.a.request('GET', '/api/v1/topics?scope=review');
  assert.equal(r.status, 403);
  r = await anon.request('GET', '/api/v1/topics?scope=review');
  assert.equal(r.status, 401);
  r = await anon.request('GET', '/api/v1/topics?sort=random');
  assert.equal(r.status, 400);
  r = await anon.request('GET', '/api/v1/topics?state=closed');
  assert.equal(r.status, 400);
  // States repeat or come as a list; staff in scope may ask for any.
  r = await people.cgStaff.request('GET', `/api/v1/topics?unit=${units['城关街道'].id}&state=submitted&state=draft&limit=100`);
  assert.ok(r.data.items.some((x) => x.id === t.id));
  r = await people.cgStaff.request('GET', `/api/v1/topics?unit=${units['城关街道'].id}&state=accepted,reviewing&limit=100`);
  assert.ok(!r.data.items.some((x) => x.id === t.id));
  // Without topic.read a state outside the public ones lists nothing.
  r = await anon.request('GET', '/api/v1/topics?state=submitted,draft,rejected&limit=100');
  assert.equal(r.data.total, 0);
  r = await people.a.request('GET', '/api/v1/topics/mine');
  assert.equal(r.data.items[0].id, t.id);
});

test('supports: once each, withdrawn, counted, and only while the state takes them', async () => {
  const t = await raise(people.a, topicBody('农贸市场污水横流', units['府前社区']));
  let r = await anon.request('POST', `/api/v1/topics/${t.id}/support`);
  assert.equal(r.status, 401);
  r = await people.b.request('POST', `/api/v1/topics/${t.id}/support`);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.data.supports, 1);
  assert.equal(r.data.supported, true);
  assert.equal(r.data.following, true);
  r = await people.b.request('POST', `/api/v1/topics/${t.id}/support`);
  assert.equal(r.status, 409);
  assert.equal(r.data.error.code, 'topic_supported');
  r = await people.c.request('POST', `/api/v1/topics/${t.id}/support`);
  assert.equal(r.data.supports, 2);
  r = await people.c.request('DELETE', `/api/v1/topics/${t.id}/support`);
  assert.equal(r.status, 200);
  assert.equal(r.data.supports, 1);
  assert.equal(r.data.supported, false);
  r = await people.c.request('DELETE', `/api/v1/topics/${t.id}/support`);
  assert.equal(r.status, 409);
  assert.equal(r.data.error.code, 'topic_not_supported');
  // Follow and unfollow are quiet when repeated.
  r = await people.d.request('POST', `/api/v1/topics/${t.id}/follow`);
  assert.equal(r.data.following, true);
  r = await people.d.request('POST', `/api/v1/topics/${t.id}/follow`);
  assert.equal(r.status, 200);
  r = await people.d.request('DELETE', `/api/v1/topics/${t.id}/follow`);
  assert.equal(r.data.following, false);
  // A draft takes no support (and others cannot even see it).
  const draft = await raise(people.a, { ...topicBody('草稿议题', units['府前社区']), draft: true });
  r = await people.a.request('POST', `/api/v1/topics/${draft.id}/support`);
  assert.equal(r.status, 422);
  assert.equal(r.data.error.code, 'topic_support_state');
  r = await people.b.request('POST', `/api/v1/topics/${draft.id}/support`);
  assert.equal(r.status, 404);
});

test('similar topics are offered while a title is typed', async () => {
  const t = await raise(people.a, topicBody('学校周边交通拥堵', units['文昌社区']));
  let r = await anon.request('GET', `/api/v1/topics/similar?text=${encodeURIComponent('学校周边交通')}`);
  assert.equal(r.status, 200);
  const hit = r.data.items.find((x) => x.id === t.id);
  assert.ok(hit, JSON.stringify(r.data));
  assert.ok(hit.similarity > 0 && hit.similarity <= 1);
  assert.ok(r.data.items.length <= 5);
  r = await anon.request('GET', `/api/v1/topics/similar?text=${encodeURIComponent('学校周边交通')}&unit=${units['城东街道'].id}`);
  assert.ok(!r.data.items.some((x) => x.id === t.id));
  r = await anon.request('GET', `/api/v1/topics/similar?text=${encodeURIComponent('！？')}`);
  assert.equal(r.status, 200);
  assert.deepEqual(r.data.items, []);
  r = await anon.request('GET', `/api/v1/topics/similar?text=${encodeURIComponent('长'.repeat(201))}`);
  assert.equal(r.status, 400);
  r = await anon.request('GET', `/api/v1/topics/similar?text=${encodeURIComponent('长'.repeat(200))}`);
  assert.equal(r.status, 200);
  r = await anon.request('GET', '/api/v1/topics/similar');
  assert.equal(r.status, 400);
  // Drafts are never suggested.
  const d = await raise(people.a, { ...topicBody('菜市场占道经营', units['府前社区']), draft: true });
  r = await anon.request('GET', `/api/v1/topics/similar?text=${encodeURIComponent('菜市场占道经营')}`);
  assert.ok(!r.data.items.some((x) => x.id === d.id));
});

test('review and accept: only staff in scope, only in the right state', async () => {
  const t = await raise(people.a, topicBody('社区卫生服务站缺医生', units['府前社区']));
  let r = await act(people.cdStaff, t.id, 'review');
  assert.equal(r.status, 403);
  r = await act(people.b, t.id, 'review');
  assert.equal(r.status, 403);
  r = await act(people.housing, t.id, 'review');
  assert.equal(r.status, 403);
  r = await act(people.cgStaff, t.id, 'review');
  assert.equal(r.status, 200, r.text);
  assert.equal(r.data.state, 'reviewing');
  assert.equal(r.data.permissions.screen, true);
  r = await act(people.cgStaff, t.id, 'review');
  assert.equal(r.status, 409);
  assert.equal(r.data.error.code, 'topic_state');
  r = await act(people.cdStaff, t.id, 'accept', {});
  assert.equal(r.status, 403);
  r = await act(people.cgStaff, t.id, 'accept', { reason: '群众反映集中，纳入年度协商' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.data.state, 'accepted');
  assert.equal(r.data.reason, '群众反映集中，纳入年度协商');
  assert.ok(r.data.screened_at > 0);
  assert.equal(r.data.permissions.screen, false);
  const last = r.data.history.at(-1);
  assert.equal(last.kind, 'accept');
  assert.equal(last.from_state, 'reviewing');
  assert.equal(last.to_state, 'accepted');
  assert.equal(last.actor_role, 'staff');
  r = await act(people.cgStaff, t.id, 'accept', {});
  assert.equal(r.status, 409);
  r = await act(people.cgStaff, t.id, 'reject', { reject_reason: 'duplicate', reason: '重复' });
  assert.equal(r.status, 409);
  // Accepted topics are public, listed, and still take supports.
  r = await anon.request('GET', `/api/v1/topics?unit=${units['城关街道'].id}&limit=100`);
  assert.ok(r.data.items.some((x) => x.id === t.id));
  assert.ok(r.data.items.every((x) => ['accepted', 'approved', 'scheduled'].includes(x.state)));
  r = await people.b.request('POST', `/api/v1/topics/${t.id}/support`);
  assert.equal(r.status, 200);
  // Text search finds it in the public list; not in another township.
  r = await anon.request('GET', `/api/v1/topics?q=${encodeURIComponent('卫生服务站')}`);
  assert.ok(r.data.items.some((x) => x.id === t.id));
  r = await anon.request('GET', `/api/v1/topics?q=${encodeURIComponent('卫生服务站')}&unit=${units['城东街道'].id}`);
  assert.ok(!r.data.items.some((x) => x.id === t.id));
  // Audit: the raise, the review and the accept, each a row.
  r = await admin.request('GET', `/api/v1/audit?object_type=topic&object_id=${t.id}&limit=50`);
  assert.equal(r.status, 200);
  const actions = r.data.items.map((x) => x.action);
  assert.ok(actions.includes('topic.raise'), actions.join());
  assert.equal(actions.filter((x) => x === 'topic.screen').length, 2, actions.join());
  assert.ok(actions.includes('topic.support'));
});

test('a merge moves supports and followers without counting anyone twice', async () => {
  const from = await raise(people.a, topicBody('小区停车难', units['府前社区']));
  const into = await raise(people.d, topicBody('府前社区停车位不足', units['府前社区']));
  for (const c of [people.b, people.c]) assert.equal((await c.request('POST', `/api/v1/topics/${from.id}/support`)).status, 200);
  for (const c of [people.c, people.east]) assert.equal((await c.request('POST', `/api/v1/topics/${into.id}/support`)).status, 200);
  let r = await act(people.cgStaff, from.id, 'merge', { into: from.id });
  assert.equal(r.status, 422);
  assert.equal(r.data.error.code, 'topic_merge_target');
  r = await act(people.cgStaff, from.id, 'merge', { into: 999999 });
  assert.equal(r.status, 422);
  r = await act(people.cgStaff, from.id, 'merge', {});
  assert.equal(r.status, 400);
  // A topic of another township is outside the screener's scope.
  const east = await raise(people.east, topicBody('东湖停车难', units['东湖社区']));
  r = await act(people.cgStaff, from.id, 'merge', { into: east.id });
  assert.equal(r.status, 422);
  r = await act(people.cdStaff, from.id, 'merge', { into: into.id });
  assert.equal(r.status, 403);
  r = await act(people.cgStaff, from.id, 'merge', { into: into.id, reason: '同一问题' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.data.state, 'merged');
  assert.equal(r.data.merged_into, into.id);
  assert.equal(r.data.supports, 0);
  r = await anon.request('GET', `/api/v1/topics/${into.id}`);
  // b, c (once, though they supported both) and east.
  assert.equal(r.data.supports, 3);
  assert.ok(r.data.history.some((h) => h.kind === 'merged_from' && h.detail.from === from.id));
  r = await people.b.request('GET', `/api/v1/topics/${into.id}`);
  assert.equal(r.data.supported, true);
  assert.equal(r.data.following, true);
  // The author of the merged topic now follows the one it went into.
  r = await people.a.request('GET', `/api/v1/topics/${into.id}`);
  assert.equal(r.data.following, true);
  // Nothing merges into a merged topic, and a merged one takes no support.
  const third = await raise(people.a, topicBody('停车收费不合理', units['府前社区']));
  r = await act(people.cgStaff, third.id, 'merge', { into: from.id });
  assert.equal(r.status, 422);
  r = await people.d.request('POST', `/api/v1/topics/${from.id}/support`);
  assert.equal(r.status, 422);
  // The refused merges left nothing: one screening row, with both states.
  r = await admin.request('GET', `/api/v1/audit?object_type=topic&object_id=${from.id}&action=topic.screen`);
  assert.equal(r.data.items.length, 1);
});

test('a transfer goes to a department, which replies; the author hears of it', async () => {
  const t = await raise(people.a, topicBody('府前路路灯损坏', units['府前社区']));
  let r = await act(people.cgStaff, t.id, 'transfer', { department_unit_id: units['府前社区'].id });
  assert.equal(r.status, 422);
  assert.equal(r.data.error.code, 'topic_department');
  r = await act(people.housing, t.id, 'reply', { reply: '太早了' });
  assert.equal(r.status, 409);
  r = await act(people.cgStaff, t.id, 'transfer', { department_unit_id: units['县住房和城乡建设局'].id, reason: '属日常服务事项' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.data.state, 'transferred');
  assert.equal(r.data.department_name, '县住房和城乡建设局');
  // Not public: the public and other residents are told it does not exist.
  assert.equal((await anon.request('GET', `/api/v1/topics/${t.id}`)).status, 404);
  assert.equal((await people.b.request('GET', `/api/v1/topics/${t.id}`)).status, 404);
  // Another department cannot see it; a reply without text is refused.
  r = await act(people.transport, t.id, 'reply', { reply: '收到' });
  assert.equal(r.status, 404);
  r = await act(people.housing, t.id, 'reply', { reply: '  ' });
  assert.equal(r.status, 400);
  r = await act(people.cgStaff, t.id, 'reply', { reply: '代答' });
  assert.equal(r.status, 403);
  r = await people.housing.request('GET', `/api/v1/topics/${t.id}`);
  assert.equal(r.status, 200);
  assert.equal(r.data.permissions.reply, true);
  r = await act(people.housing, t.id, 'reply', { reply: '已安排维修，三日内修复。' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.data.reply, '已安排维修，三日内修复。');
  assert.ok(r.data.replied_at > 0);
  r = await people.a.request('GET', `/api/v1/topics/${t.id}`);
  assert.equal(r.data.reply, '已安排维修，三日内修复。');
  assert.deepEqual(r.data.history.slice(-2).map((h) => h.kind), ['transfer', 'reply']);
  r = await admin.request('GET', `/api/v1/audit?object_type=topic&object_id=${t.id}&limit=50`);
  const actions = r.data.items.map((x) => x.action);
  assert.equal(actions.filter((x) => x === 'topic.screen').length, 1, actions.join());
  assert.equal(actions.filter((x) => x === 'topic.reply').length, 1, actions.join());
  // Each department lists what was transferred to it, and only that.
  r = await people.housing.request('GET', '/api/v1/topics?scope=department&limit=100');
  assert.equal(r.status, 200);
  assert.ok(r.data.items.some((x) => x.id === t.id));
  assert.ok(r.data.items.every((x) => x.department_name === '县住房和城乡建设局'));
  r = await people.transport.request('GET', '/api/v1/topics?scope=department&limit=100');
  assert.ok(!r.data.items.some((x) => x.id === t.id));
  r = await people.transport.request('GET', `/api/v1/topics?scope=department&q=${encodeURIComponent('路灯')}`);
  assert.ok(!r.data.items.some((x) => x.id === t.id));
  assert.equal((await people.a.request('GET', '/api/v1/topics?scope=department')).status, 403);
  r = await people.a.request('GET', '/api/v1/notifications?limit=100');
  const about = r.data.items.filter((n) => n.object_id === t.id);
  assert.ok(about.some((n) => n.kind === 'topic.state' && n.params.state === 'transferred' && n.params.reason === '属日常服务事项'));
  assert.ok(about.some((n) => n.params.reason === '已安排维修，三日内修复。'));
});

test('a rejection needs a listed reason and words; only the author and staff in scope see it', async () => {
  const t = await raise(people.a, topicBody('邻居装修噪音纠纷', units['府前社区']));
  assert.equal((await people.c.request('POST', `/api/v1/topics/${t.id}/support`)).status, 200);
  let r = await act(people.cgStaff, t.id, 'reject', { reject_reason: 'private_dispute' });
  assert.equal(r.status, 400);
  assert.equal(r.data.error.code, 'field_required');
  r = await act(people.cgStaff, t.id, 'reject', { reject_reason: 'boring', reason: '不想议' });
  assert.equal(r.status, 400);
  assert.equal(r.data.error.code, 'topic_reject_reason');
  r = await act(people.cgStaff, t.id, 'reject', { reason: '缺少理由代码' });
  assert.equal(r.status, 400);
  r = await people.a.request('GET', `/api/v1/topics/${t.id}`);
  assert.equal(r.data.state, 'submitted');
  r = await act(people.cgStaff, t.id, 'reject', { reject_reason: 'private_dispute', reason: '属邻里民事纠纷，建议通过人民调解解决' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.data.state, 'rejected');
  assert.equal(r.data.reject_reason, 'private_dispute');
  for (const c of [anon, people.b, people.cdStaff]) {
    assert.equal((await c.request('GET', `/api/v1/topics/${t.id}`)).status, 404);
  }
  r = await people.a.request('GET', `/api/v1/topics/${t.id}`);
  assert.equal(r.status, 200);
  assert.equal(r.data.reason, '属邻里民事纠纷，建议通过人民调解解决');
  assert.equal((await people.countyStaff.request('GET', `/api/v1/topics/${t.id}`)).status, 200);
  // The author and the supporter are told, with the reason.
  for (const c of [people.a, people.c]) {
    r = await c.request('GET', '/api/v1/notifications?unread=1&limit=100');
    const n = r.data.items.find((x) => x.object_id === t.id && x.params.state === 'rejected');
    assert.ok(n, JSON.stringify(r.data.items.slice(0, 3)));
    assert.equal(n.params.reason, '属邻里民事纠纷，建议通过人民调解解决');
    assert.equal(n.params.title, '邻居装修噪音纠纷');
  }
  r = await admin.request('GET', `/api/v1/audit?object_type=topic&object_id=${t.id}&action=topic.screen`);
  assert.equal(r.data.items.length, 1);
});

test('staff record a topic for someone met in person; that person stays private', async () => {
  const body = {
    ...topicBody('村口垃圾分类点设置不合理', units['府前社区']),
    source: 'resident', on_behalf: { name: '赵大爷', contact: '13912345678' },
  };
  let r = await people.cdStaff.request('POST', '/api/v1/topics', { json: body });
  assert.equal(r.status, 403);
  r = await people.cgStaff.request('POST', '/api/v1/topics', { json: { ...body, source: 'gossip' } });
  assert.equal(r.status, 400);
  r = await people.cgStaff.request('POST', '/api/v1/topics', { json: body });
  assert.equal(r.status, 201, r.text);
  const t = r.data;
  assert.equal(t.channel, 'workspace');
  assert.equal(t.on_behalf.name, '赵大爷');
  assert.equal(t.author_name, '赵大爷');
  assert.equal((await act(people.cgStaff, t.id, 'accept', {})).status, 200);
  for (const path of [`/api/v1/topics/${t.id}`, `/api/v1/topics?unit=${units['城关街道'].id}&limit=100`]) {
    r = await anon.request('GET', path);
    assert.equal(r.status, 200);
    assert.ok(!r.text.includes('赵大爷'), path);
    assert.ok(!r.text.includes('13912345678'), path);
    assert.ok(!r.text.includes('on_behalf'), path);
  }
  r = await people.b.request('GET', `/api/v1/topics/${t.id}`);
  assert.equal(r.data.author_name, '赵**');
  // A member raises as a member.
  const m = await raise(people.member, topicBody('乡村道路硬化', units['府前社区']));
  assert.equal(m.source, 'member');
  // Names in public JSON are masked throughout.
  r = await anon.request('GET', `/api/v1/topics/${m.id}`);
  assert.match(r.data.author_name, /^.\*+$/);
  for (const h of r.data.history) assert.ok(h.actor_name === '' || /^.\*+$/.test(h.actor_name));
});

test('attachments: the author adds files that must be what they claim', async () => {
  const draft = await raise(people.a, { ...topicBody('污水井盖破损', units['府前社区']), draft: true });
  const upload = (c, id, name, type, bytes) => c.request('POST',
    `/api/v1/topics/${id}/attachments?filename=${encodeURIComponent(name)}`, { body: bytes, headers: { 'content-type': type } });
  let r = await upload(people.a, draft.id, '现场.png', 'image/png', PNG);
  assert.equal(r.status, 201, r.text);
  const file = r.data;
  r = await upload(people.a, draft.id, '现场.png', 'image/png', PDF);
  assert.equal(r.status, 415);
  assert.equal(r.data.error.code, 'attachment_type');
  r = await upload(people.a, draft.id, '空.png', 'image/png', Buffer.alloc(0));
  assert.equal(r.status, 400);
  r = await upload(people.b, draft.id, '别人.png', 'image/png', PNG);
  assert.equal(r.status, 404);
  // A draft's file is private.
  assert.equal((await anon.request('GET', `/api/v1/attachments/${file.id}`)).status, 404);
  r = await people.a.request('GET', `/api/v1/attachments/${file.id}`);
  assert.equal(r.status, 200);
  assert.match(r.headers.get('cache-control'), /private/);
  r = await people.a.request('GET', `/api/v1/topics/${draft.id}`);
  assert.equal(r.data.attachments.length, 1);
  assert.equal(r.data.attachments[0].filename, '现场.png');
  // Once submitted, the topic and its file are open; once accepted, the
  // author adds no more (staff recording topics still may).
  assert.equal((await act(people.a, draft.id, 'submit')).status, 200);
  assert.equal((await anon.request('GET', `/api/v1/attachments/${file.id}`)).status, 200);
  assert.equal((await upload(people.a, draft.id, '说明.pdf', 'application/pdf', PDF)).status, 201);
  assert.equal((await act(people.cgStaff, draft.id, 'accept', {})).status, 200);
  r = await upload(people.a, draft.id, '晚了.png', 'image/png', PNG);
  assert.equal(r.status, 409);
  assert.equal((await upload(people.cgStaff, draft.id, '补充.png', 'image/png', PNG)).status, 201);
});

test('notifications: unread count, read one, read all; only one\'s own', async () => {
  const t = await raise(people.d, topicBody('广场舞噪音扰民', units['府前社区']));
  assert.equal((await act(people.cgStaff, t.id, 'review')).status, 200);
  assert.equal((await act(people.cgStaff, t.id, 'accept', { reason: '纳入议题' })).status, 200);
  let r = await people.d.request('GET', '/api/v1/notifications?unread=1');
  assert.equal(r.status, 200);
  assert.ok(r.data.unread >= 2);
  const n = r.data.items[0];
  assert.equal(n.kind, 'topic.state');
  assert.equal(n.object_type, 'topic');
  assert.equal(n.object_id, t.id);
  assert.equal(n.params.state, 'accepted');
  assert.equal(n.params.reason, '纳入议题');
  assert.equal(n.read, false);
  r = await people.b.request('POST', `/api/v1/notifications/${n.id}/read`);
  assert.equal(r.status, 404);
  r = await people.d.request('POST', `/api/v1/notifications/${n.id}/read`);
  assert.equal(r.status, 200);
  r = await people.d.request('GET', '/api/v1/notifications');
  const unread = r.data.unread;
  assert.equal(r.data.items.find((x) => x.id === n.id).read, true);
  r = await people.d.request('POST', '/api/v1/notifications/read-all');
  assert.equal(r.status, 200);
  assert.equal(r.data.marked, unread);
  r = await people.d.request('GET', '/api/v1/notifications?unread=1');
  assert.equal(r.data.unread, 0);
  assert.equal(r.data.items.length, 0);
  assert.equal((await anon.request('GET', '/api/v1/notifications')).status, 401);
});

test('one person raises at most 30 topics an hour; staff recording are not held', async () => {
  const eager = await login('13700000121');
  const u = units['府前社区'];
  for (let i = 0; i < 30; i++) {
    const r = await eager.request('POST', '/api/v1/topics', { json: { ...topicBody(`草稿第${i + 1}条`, u), draft: true } });
    assert.equal(r.status, 201, r.text);
  }
  let r = await eager.request('POST', '/api/v1/topics', { json: topicBody('第三十一条', u) });
  assert.equal(r.status, 429);
  assert.equal(r.data.error.code, 'topic_rate');
  assert.match(r.data.error.message, /30/);
  assert.equal(await mineTotal(eager), 30);
  r = await people.cgStaff.request('POST', '/api/v1/topics', {
    json: { ...topicBody('代群众反映：村道积水', u), source: 'resident', on_behalf: { name: '钱阿姨' } },
  });
  assert.equal(r.status, 201);
  // Recording for someone is audited as topic.raise_for at the unit.
  r = await admin.request('GET', `/api/v1/audit?object_type=topic&object_id=${r.data.id}`);
  assert.deepEqual(r.data.items.map((x) => x.action), ['topic.raise_for']);
});
