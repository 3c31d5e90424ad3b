// Topic plans 议题计划 over HTTP on the demo county: drafting, topics only
// from the accepted ones of the plan's subtree, submit, the leader's return
// and approval (the party committee's approval required; every topic moves
// to approved with its history, a notification and audit rows), who may do
// what (403) and when (409), what the public sees; the public vote: open,
// one ballot each from residents and members of the subtree, refusals
// (twice 409, outside 403, bad choices 422, closed 422), ranked results
// with the Borda scores worked out by hand, hidden until the vote ends.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client, DEMO_ADMIN, DEMO_PASSWORD, findUnit, loginClient } from './helpers.mjs';

let server, anon, admin;
const units = {};
const people = {};

const unitByName = (name) => findUnit(anon, name);

const login = (phone) => loginClient(server, phone);

before(async () => {
  server = await startServer({ demo: true });
  anon = new Client(server.base);
  admin = await login(DEMO_ADMIN);
  for (const n of ['示范县', '城关街道', '城东街道', '府前社区', '文昌社区', '东湖社区']) units[n] = await unitByName(n);
  // Demo residents 1370000NNNN: the i-th (from 0) lives at village i % 40.
  people.a = await login('13700000001');      // 府前社区 (城关街道)
  people.b = await login('13700000002');      // 文昌社区 (城关街道)
  people.c = await login('13700000041');      // 府前社区
  people.east = await login('13700000006');   // 东湖社区 (城东街道)
  people.member = await login('13900000001'); // a member at the county
  people.cgStaff = await login('13800000101'); // 城关街道
  people.cdStaff = await login('13800000102'); // 城东街道
  people.leader = await login('13800000010');  // the county's leader
});
after(async () => { await server.stop(); });

// A topic raised by a resident and accepted by the street's staff.
async function acceptedTopic(title, unit, { by = people.a, staff = people.cgStaff } = {}) {
  let r = await by.request('POST', '/api/v1/topics', {
    json: { title, body: `${title}：居民反映已久，希望协商解决。`, place: unit.name, affected: 30, unit_id: unit.id },
  });
  assert.equal(r.status, 201, r.text);
  const id = r.data.id;
  r = await staff.request('POST', `/api/v1/topics/${id}/accept`, { json: { reason: '列入协商议题' } });
  assert.equal(r.status, 200, r.text);
  return id;
}

const DAY = 86400000;
function planBody(extra = {}) {
  const start = Date.UTC(2026, 0, 1);
  return { unit_id: units['城关街道'].id, title: '城关街道2026年协商议题计划', period_start: start, period_end: start + 365 * DAY, note: '年度计划', ...extra };
}

const partyApproval = { party_approved: true, party_approved_at: Date.UTC(2026, 2, 1), party_reference: '城关街党工委〔2026〕8号', reason: '同意立项' };

test('a plan from draft to approved, with every refusal on the way', async () => {
  const t1 = await acceptedTopic('府前社区加装电梯', units['府前社区']);
  const t2 = await acceptedTopic('文昌路夜间照明', units['文昌社区'], { by: people.b });
  const east = await acceptedTopic('东湖社区垃圾分类', units['东湖社区'], { by: people.east, staff: people.cdStaff });
  const pending = (await people.a.request('POST', '/api/v1/topics', {
    json: { title: '学府路噪音', body: '夜间施工噪音大', place: '学府路', affected: 10, unit_id: units['府前社区'].id },
  })).data.id;
  // Follow t1 as another resident: they are told of its approval.
  assert.equal((await people.c.request('POST', `/api/v1/topics/${t1}/follow`)).status, 200);

  // Who may draft, and bad input.
  let r = await people.a.request('POST', '/api/v1/plans', { json: planBody() });
  assert.equal(r.status, 403);
  r = await people.cdStaff.request('POST', '/api/v1/plans', { json: planBody() });
  assert.equal(r.status, 403);
  r = await people.cgStaff.request('POST', '/api/v1/plans', { json: planBody({ title: undefined }) });
  assert.equal(r.status, 400);
  assert.equal(r.data.error.code, 'field_required');
  r = await people.cgStaff.request('POST', '/api/v1/plans', { json: planBody({ period_end: Date.UTC(2025, 0, 1) }) });
  assert.equal(r.status, 400);
  assert.equal(r.data.error.code, 'field_invalid');
  assert.match(r.data.error.message, /period_end/);
  r = await people.cgStaff.request('POST', '/api/v1/plans', { json: planBody() });
  assert.equal(r.status, 201, r.text);
  const plan = r.data;
  assert.equal(plan.state, 'draft');
  assert.equal(plan.unit_name, '城关街道');
  assert.deepEqual(plan.items, []);
  assert.equal(plan.permissions.edit, true);
  assert.equal(plan.permissions.approve, false);

  // A draft is the office's: the public and other streets do not see it.
  assert.equal((await anon.request('GET', `/api/v1/plans/${plan.id}`)).status, 404);
  assert.equal((await people.a.request('GET', `/api/v1/plans/${plan.id}`)).status, 404);
  r = await anon.request('GET', `/api/v1/plans?unit=${units['城关街道'].id}`);
  assert.ok(!r.data.items.some((p) => p.id === plan.id));
  r = await people.cgStaff.request('GET', `/api/v1/plans?unit=${units['城关街道'].id}`);
  assert.ok(r.data.items.some((p) => p.id === plan.id));

  // Topics: accepted ones of the subtree only, each once; nothing changes
  // when one is refused.
  const items = (ids) => people.cgStaff.request('PUT', `/api/v1/plans/${plan.id}/items`, { json: { topic_ids: ids } });
  for (const bad of [[t1, east], [t1, pending], [t1, t1], [999999]]) {
    r = await items(bad);
    assert.equal(r.status, 422, JSON.stringify(bad));
    assert.equal(r.data.error.code, 'plan_topic');
  }
  r = await items('not a list');
  assert.equal(r.status, 400);
  r = await people.cgStaff.request('GET', `/api/v1/plans/${plan.id}`);
  assert.equal(r.data.item_count, 0);
  // An empty plan cannot go to the leader.
  r = await people.cgStaff.request('POST', `/api/v1/plans/${plan.id}/submit`);
  assert.equal(r.status, 422);
  assert.equal(r.data.error.code, 'plan_empty');
  r = await items([t2, t1]);
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.data.items.map((t) => t.id), [t2, t1]);
  assert.ok(r.data.items.every((t) => t.state === 'accepted'));

  r = await people.cgStaff.request('POST', `/api/v1/plans/${plan.id}/submit`);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.data.state, 'submitted');
  assert.equal(r.data.permissions.edit, false);
  // A submitted plan is not edited (409), and only a leader decides (403).
  r = await people.cgStaff.request('PATCH', `/api/v1/plans/${plan.id}`, { json: { title: '改名' } });
  assert.equal(r.status, 409);
  assert.equal(r.data.error.code, 'plan_state');
  assert.equal((await items([t1])).status, 409);
  r = await people.cgStaff.request('POST', `/api/v1/plans/${plan.id}/approve`, { json: partyApproval });
  assert.equal(r.status, 403);
  r = await people.a.request('POST', `/api/v1/plans/${plan.id}/approve`, { json: partyApproval });
  assert.equal(r.status, 403);

  // Sent back with a reason; changed; submitted again.
  r = await people.leader.request('POST', `/api/v1/plans/${plan.id}/return`, { json: {} });
  assert.equal(r.status, 400);
  r = await people.leader.request('POST', `/api/v1/plans/${plan.id}/return`, { json: { reason: '请补充调研情况' } });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.data.state, 'returned');
  assert.equal(r.data.decision_reason, '请补充调研情况');
  r = await people.leader.request('POST', `/api/v1/plans/${plan.id}/approve`, { json: partyApproval });
  assert.equal(r.status, 409);
  r = await people.cgStaff.request('PATCH', `/api/v1/plans/${plan.id}`, { json: { title: '城关街道2026年度协商议题计划', note: '已补充调研' } });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.data.title, '城关街道2026年度协商议题计划');
  assert.equal(r.data.period_start, planBody().period_start);
  r = await people.cgStaff.request('POST', `/api/v1/plans/${plan.id}/submit`);
  assert.equal(r.data.state, 'submitted');
  assert.equal(r.data.permissions.approve, false);
  r = await people.leader.request('GET', `/api/v1/plans/${plan.id}`);
  assert.equal(r.data.permissions.approve, true);

  // Approval needs the party committee's, with date and reference (422).
  for (const missing of [{}, { ...partyApproval, party_approved: false }, { ...partyApproval, party_approved_at: undefined }, { ...partyApproval, party_reference: '' }]) {
    r = await people.leader.request('POST', `/api/v1/plans/${plan.id}/approve`, { json: missing });
    assert.equal(r.status, 422, JSON.stringify(missing));
    assert.equal(r.data.error.code, 'plan_party_approval');
  }
  r = await people.leader.request('POST', `/api/v1/plans/${plan.id}/approve`, { json: { ...partyApproval, party_approved: 'yes' } });
  assert.equal(r.status, 400);
  r = await anon.request('GET', `/api/v1/topics/${t1}`);
  assert.equal(r.data.state, 'accepted');

  r = await people.leader.request('POST', `/api/v1/plans/${plan.id}/approve`, { json: partyApproval });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.data.state, 'approved');
  assert.equal(r.data.party_approved, true);
  assert.equal(r.data.party_approved_at, partyApproval.party_approved_at);
  assert.equal(r.data.party_reference, partyApproval.party_reference);
  assert.ok(r.data.items.every((t) => t.state === 'approved'));

  // Every topic: approved, with its history row; author and follower told.
  for (const id of [t1, t2]) {
    r = await anon.request('GET', `/api/v1/topics/${id}`);
    assert.equal(r.data.state, 'approved');
    assert.ok(r.data.approved_at > 0);
    const last = r.data.history.at(-1);
    assert.equal(last.kind, 'approve');
    assert.equal(last.from_state, 'accepted');
    assert.equal(last.to_state, 'approved');
  }
  r = await admin.request('GET', `/api/v1/audit?object_type=topic&object_id=${t1}&action=plan.approve`);
  assert.equal(r.data.items.length, 1);
  for (const c of [people.a, people.c]) {
    r = await c.request('GET', '/api/v1/notifications?limit=100');
    assert.ok(r.data.items.some((n) => n.object_id === t1 && n.params.state === 'approved'), JSON.stringify(r.data.items));
  }
  r = await people.b.request('GET', '/api/v1/notifications?limit=100');
  assert.ok(r.data.items.some((n) => n.object_id === t2 && n.params.state === 'approved'));

  // The public sees the approved plan; its audit rows are there.
  r = await anon.request('GET', `/api/v1/plans?unit=${units['城关街道'].id}`);
  assert.ok(r.data.items.some((p) => p.id === plan.id && p.state === 'approved'));
  r = await anon.request('GET', `/api/v1/plans/${plan.id}`);
  assert.equal(r.status, 200);
  assert.equal(r.data.permissions.edit, false);
  r = await admin.request('GET', `/api/v1/audit?object_type=plan&object_id=${plan.id}&limit=50`);
  const actions = r.data.items.map((x) => x.action);
  assert.equal(actions.filter((a) => a === 'plan.approve').length, 2, actions.join()); // return + approve
  assert.ok(actions.filter((a) => a === 'plan.edit').length >= 5, actions.join());
  assert.equal((await people.cgStaff.request('GET', '/api/v1/plans/999999')).status, 404);
});

test('a ranked public vote: one ballot each, inside the subtree, Borda scores', async () => {
  const A = await acceptedTopic('甲：府前社区停车位', units['府前社区']);
  const B = await acceptedTopic('乙：文昌社区健身器材', units['文昌社区'], { by: people.b });
  const C = await acceptedTopic('丙：南门老街排水', units['府前社区']);
  const outsider = await acceptedTopic('丁：不在计划中的议题', units['府前社区']);
  let r = await people.cgStaff.request('POST', '/api/v1/plans', { json: planBody({ title: '城关街道民生实事票选' }) });
  const id = r.data.id;
  r = await people.cgStaff.request('PUT', `/api/v1/plans/${id}/items`, { json: { topic_ids: [A, B, C] } });
  assert.equal(r.status, 200);

  // Not open yet: no ballot, no results.
  r = await people.a.request('POST', `/api/v1/plans/${id}/ballot`, { json: { choices: [A] } });
  assert.equal(r.status, 404); // the draft is not public until it is put to a vote
  const closes = Date.now() + 3600000;
  r = await people.a.request('POST', `/api/v1/plans/${id}/vote/open`, { json: { mode: 'rank', max: 3, closes_at: closes } });
  assert.equal(r.status, 403);
  r = await people.cgStaff.request('POST', `/api/v1/plans/${id}/vote/open`, { json: { mode: 'poll', max: 3, closes_at: closes } });
  assert.equal(r.status, 400);
  r = await people.cgStaff.request('POST', `/api/v1/plans/${id}/vote/open`, { json: { mode: 'rank', max: 4, closes_at: closes } });
  assert.equal(r.status, 400);
  r = await people.cgStaff.request('POST', `/api/v1/plans/${id}/vote/open`, { json: { mode: 'rank', max: 3, closes_at: Date.now() - 1000 } });
  assert.equal(r.status, 400);
  r = await people.cgStaff.request('POST', `/api/v1/plans/${id}/vote/open`, { json: { mode: 'rank', max: 3, closes_at: closes } });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.data.vote, { mode: 'rank', max: 3, opens_at: r.data.vote.opens_at, closes_at: closes, status: 'open' });
  r = await people.cgStaff.request('POST', `/api/v1/plans/${id}/vote/open`, { json: { mode: 'rank', max: 3, closes_at: closes } });
  assert.equal(r.status, 409);

  // The public now sees the plan and may vote if they live in the street.
  r = await anon.request('GET', `/api/v1/plans/${id}`);
  assert.equal(r.status, 200);
  assert.equal(r.data.permissions.ballot, false);
  assert.equal(r.data.results, null);
  r = await people.a.request('GET', `/api/v1/plans/${id}`);
  assert.equal(r.data.permissions.ballot, true);
  r = await anon.request('POST', `/api/v1/plans/${id}/ballot`, { json: { choices: [A] } });
  assert.equal(r.status, 401);

  // Ballots: A>B>C, B>A, B.
  r = await people.a.request('POST', `/api/v1/plans/${id}/ballot`, { json: { choices: [A, B, C] } });
  assert.equal(r.status, 201, r.text);
  assert.deepEqual(r.data.my_ballot, [A, B, C]);
  assert.equal(r.data.permissions.ballot, false);
  r = await people.a.request('POST', `/api/v1/plans/${id}/ballot`, { json: { choices: [B] } });
  assert.equal(r.status, 409);
  assert.equal(r.data.error.code, 'vote_twice');
  for (const [choices, why] of [[[A, A], 'repeated'], [[outsider], 'not in the plan'], [[A, B, C, outsider], 'too many'], [[], 'none']]) {
    r = await people.b.request('POST', `/api/v1/plans/${id}/ballot`, { json: { choices } });
    assert.equal(r.status, 422, why);
    assert.equal(r.data.error.code, 'vote_choices');
  }
  r = await people.b.request('POST', `/api/v1/plans/${id}/ballot`, { json: { choices: 'A' } });
  assert.equal(r.status, 400);
  r = await people.b.request('POST', `/api/v1/plans/${id}/ballot`, { json: { choices: [B, A] } });
  assert.equal(r.status, 201);
  r = await people.c.request('POST', `/api/v1/plans/${id}/ballot`, { json: { choices: [B] } });
  assert.equal(r.status, 201);
  // Outside the street: a resident of 城东, a member registered at the
  // county, staff.
  for (const c of [people.east, people.member, people.cgStaff]) {
    r = await c.request('POST', `/api/v1/plans/${id}/ballot`, { json: { choices: [A] } });
    assert.equal(r.status, 403);
  }

  // While it runs the list is fixed and the plan cannot be submitted.
  r = await people.cgStaff.request('PUT', `/api/v1/plans/${id}/items`, { json: { topic_ids: [A, B] } });
  assert.equal(r.status, 409);
  assert.equal(r.data.error.code, 'vote_state');
  r = await people.cgStaff.request('POST', `/api/v1/plans/${id}/submit`);
  assert.equal(r.status, 409);

  // Results: hidden from the public until the end, shown to staff.
  r = await anon.request('GET', `/api/v1/plans/${id}/results`);
  assert.equal(r.status, 403);
  assert.equal(r.data.error.code, 'vote_results_hidden');
  // Borda with 3 places (1st 3 points, 2nd 2, 3rd 1):
  //   A = 3 + 2 = 5, B = 2 + 3 + 3 = 8, C = 1.
  const expected = [{ topic_id: B, score: 8, votes: 3 }, { topic_id: A, score: 5, votes: 2 }, { topic_id: C, score: 1, votes: 1 }];
  r = await people.cgStaff.request('GET', `/api/v1/plans/${id}/results`);
  assert.equal(r.status, 200);
  assert.equal(r.data.mode, 'rank');
  assert.equal(r.data.ballots, 3);
  assert.deepEqual(r.data.items.map(({ topic_id, score, votes }) => ({ topic_id, score, votes })), expected);
  assert.ok(r.data.items[0].title.startsWith('乙'));

  // Closing: results public and recorded; no more ballots; once only.
  r = await people.a.request('POST', `/api/v1/plans/${id}/vote/close`);
  assert.equal(r.status, 403);
  r = await people.cgStaff.request('POST', `/api/v1/plans/${id}/vote/close`);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.data.vote.status, 'ended');
  assert.ok(r.data.vote.closes_at <= Date.now());
  r = await anon.request('GET', `/api/v1/plans/${id}/results`);
  assert.equal(r.status, 200);
  assert.equal(r.data.closed, true);
  assert.deepEqual(r.data.items.map(({ topic_id, score, votes }) => ({ topic_id, score, votes })), expected);
  r = await people.b.request('GET', `/api/v1/plans/${id}`);
  assert.equal(r.data.results.ballots, 3);
  r = await anon.request('GET', `/api/v1/plans?unit=${units['城关街道'].id}`);
  assert.ok(r.data.items.some((p) => p.id === id && p.vote.status === 'ended'));
  const late = await login('13700000081'); // 府前社区, has not voted
  r = await late.request('POST', `/api/v1/plans/${id}/ballot`, { json: { choices: [A] } });
  assert.equal(r.status, 422);
  assert.equal(r.data.error.code, 'vote_closed');
  r = await people.cgStaff.request('POST', `/api/v1/plans/${id}/vote/close`);
  assert.equal(r.status, 409);
  // Staff keep the winners; the recorded results stay as they were.
  r = await people.cgStaff.request('PUT', `/api/v1/plans/${id}/items`, { json: { topic_ids: [B, A] } });
  assert.equal(r.status, 200, r.text);
  r = await anon.request('GET', `/api/v1/plans/${id}/results`);
  assert.deepEqual(r.data.items.map(({ topic_id, score, votes }) => ({ topic_id, score, votes })), expected);
  // Now it can go to the leader; the audit log knows a ballot was cast,
  // not what it said.
  r = await people.cgStaff.request('POST', `/api/v1/plans/${id}/submit`);
  assert.equal(r.status, 200);
  r = await admin.request('GET', `/api/v1/audit?object_type=plan&object_id=${id}&action=plan.ballot&limit=50`);
  assert.equal(r.status, 200);
  assert.equal(r.data.items.length, 3);
  assert.ok(!JSON.stringify(r.data.items).includes(String(B) + ']'));
});

test('a vote by approval counts one point a choice', async () => {
  const A = await acceptedTopic('社区食堂', units['府前社区']);
  const B = await acceptedTopic('口袋公园', units['府前社区']);
  let r = await people.cgStaff.request('POST', '/api/v1/plans', { json: planBody({ title: '票选实事' }) });
  const id = r.data.id;
  await people.cgStaff.request('PUT', `/api/v1/plans/${id}/items`, { json: { topic_ids: [A, B] } });
  r = await people.cgStaff.request('POST', `/api/v1/plans/${id}/vote/open`, { json: { mode: 'vote', max: 2, closes_at: Date.now() + 60000 } });
  assert.equal(r.status, 200, r.text);
  assert.equal((await people.a.request('POST', `/api/v1/plans/${id}/ballot`, { json: { choices: [B, A] } })).status, 201);
  assert.equal((await people.b.request('POST', `/api/v1/plans/${id}/ballot`, { json: { choices: [B] } })).status, 201);
  r = await admin.request('GET', `/api/v1/plans/${id}/results`);
  assert.deepEqual(r.data.items.map(({ topic_id, score, votes }) => ({ topic_id, score, votes })),
    [{ topic_id: B, score: 2, votes: 2 }, { topic_id: A, score: 1, votes: 1 }]);
});

test('the demo street has a plan in each state, and a vote under way', async () => {
  let r = await anon.request('GET', `/api/v1/plans?unit=${units['城关街道'].id}&limit=100`);
  const publicList = r.data.items;
  const approved = publicList.find((p) => p.title === '城关街道2026年第一季度协商议题计划');
  assert.equal(approved.state, 'approved');
  assert.equal(approved.party_approved, true);
  assert.ok(approved.party_reference.length > 0 && approved.party_approved_at > 0);
  r = await anon.request('GET', `/api/v1/plans/${approved.id}`);
  assert.ok(r.data.items.length === 2 && r.data.items.every((t) => t.state === 'approved'));
  // Awaiting the leader: not public; the leader may decide.
  assert.ok(!publicList.some((p) => p.title === '城关街道2026年第二季度协商议题计划'));
  r = await people.leader.request('GET', `/api/v1/plans?unit=${units['城关街道'].id}&limit=100`);
  const waiting = r.data.items.find((p) => p.title === '城关街道2026年第二季度协商议题计划');
  assert.equal(waiting.state, 'submitted');
  assert.equal(waiting.permissions.approve, true);
  // The vote: six ranked ballots. Borda by hand (3, 2, 1 points):
  //   口袋公园 2+3+3+2+3+2 = 15, 菜场 3+2+1+3+1 = 10, 健身器材 1+2+3 = 6.
  const voting = r.data.items.find((p) => p.title === '城关街道2026年民生实事议题票选');
  assert.equal(voting.vote.status, 'open');
  r = await people.leader.request('GET', `/api/v1/plans/${voting.id}/results`);
  assert.equal(r.data.ballots, 6);
  assert.deepEqual(r.data.items.map((x) => [x.title, x.score, x.votes]), [
    ['学府社区建口袋公园', 15, 6], ['南门菜场周边占道经营', 10, 5], ['北门公园增设健身器材', 6, 3]]);
});

test('ballots racing the close: the recorded results hold every ballot accepted', async () => {
  const A = await acceptedTopic('戊：社区图书角', units['府前社区']);
  const B = await acceptedTopic('己：楼道灯改造', units['府前社区']);
  let r = await people.cgStaff.request('POST', '/api/v1/plans', { json: planBody({ title: '并发票选' }) });
  const id = r.data.id;
  await people.cgStaff.request('PUT', `/api/v1/plans/${id}/items`, { json: { topic_ids: [A, B] } });
  r = await people.cgStaff.request('POST', `/api/v1/plans/${id}/vote/open`, { json: { mode: 'vote', max: 1, closes_at: Date.now() + 60000 } });
  assert.equal(r.status, 200);
  // Residents of 城关街道's villages (i % 40 in 0..4).
  const voters = await Promise.all(['13700000003', '13700000004', '13700000005', '13700000042',
    '13700000043', '13700000044', '13700000045', '13700000082'].map(login));
  const ballots = voters.map((c, i) => c.request('POST', `/api/v1/plans/${id}/ballot`, { json: { choices: [i % 2 ? A : B] } }));
  const close = people.cgStaff.request('POST', `/api/v1/plans/${id}/vote/close`);
  const answers = await Promise.all(ballots);
  assert.equal((await close).status, 200);
  const accepted = answers.filter((x) => x.status === 201).length;
  for (const x of answers) assert.ok(x.status === 201 || (x.status === 422 && x.data.error.code === 'vote_closed'), x.text);
  r = await anon.request('GET', `/api/v1/plans/${id}/results`);
  assert.equal(r.data.ballots, accepted);
  assert.equal(r.data.items.reduce((n, x) => n + x.votes, 0), accepted);
});
