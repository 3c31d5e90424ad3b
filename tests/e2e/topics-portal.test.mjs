// Residents' topic pages on a 360×740 phone: a resident opens a venue's
// page as its QR code does, taps raise, logs in and comes back with the
// venue and its unit chosen, types a title like an existing topic and sees
// it suggested, then submits their own with a photo; it shows in "my
// topics" with its state. Supporting a public topic counts once and a
// second tap withdraws; "support this instead" supports the suggestion;
// the author's bell counts the notification of a decision; the public
// list filters by township and words; a plan's vote ranks with buttons
// and shows the results. axe and a screenshot on every page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startApp, newPage, checkAccessibility, screenshot, assertNoHorizontalScroll, loginAs, PHONE, WIDE,
} from './browser.mjs';
import { Client, DEMO_PASSWORD } from '../api/helpers.mjs';

// A 1x1 PNG: the server checks the content, so the bytes must be real.
const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d4948445200000001000000010806000000' +
  '1f15c4890000000d49444154789c6360000002000100e221bc330000000049454e44ae426082', 'hex');

const STAFF = '13800000101'; // 周海燕, staff of 城关街道
const AUTHOR = '13700000002'; // residents (5 in each village or community)
const RAISER = '13700000001';
const SUPPORTER = '13700000003';
const SWITCHER = '13700000004';
const VOTER = '13700000005';

const EXISTING_TITLE = '幸福里小区夜间停车位严重不足';
let app, staff, author, venue, existing;

async function client(phone) {
  const c = new Client(app.base);
  assert.equal((await c.login(phone, DEMO_PASSWORD)).status, 201, `login ${phone}`);
  return c;
}

async function ok(res, what) {
  assert.ok(res.status >= 200 && res.status < 300, `${what}: ${res.status} ${res.text}`);
  return res.data;
}

// A resident's topic, raised through the API and accepted by the street's
// staff, so that it is public and supportable.
async function acceptedTopic(title, unitId) {
  const t = await ok(await author.request('POST', '/api/v1/topics', {
    json: { title, body: '晚上回来找不到车位，车只能停在消防通道上。', place: '幸福里小区', affected: 600, unit_id: unitId },
  }), 'raise');
  await ok(await staff.request('POST', `/api/v1/topics/${t.id}/review`), 'review');
  await ok(await staff.request('POST', `/api/v1/topics/${t.id}/accept`, { json: { reason: '涉及居民多，群众反映强烈' } }), 'accept');
  return t;
}

before(async () => {
  app = await startApp();
  staff = await client(STAFF);
  author = await client(AUTHOR);
  const venues = await ok(await staff.request('GET', '/api/v1/venues?limit=200'), 'venues');
  venue = venues.items.find((v) => v.name === '城关街道协商议事室');
  assert.ok(venue, 'the demo has 城关街道协商议事室');
  existing = await acceptedTopic(EXISTING_TITLE, venue.unit_id);
});
after(async () => { await app?.stop(); });

test('from a venue\'s QR page a resident raises a topic there, sees the similar one, submits with a photo', async () => {
  const page = await newPage(app, PHONE);
  await page.goto(`/venues/${venue.id}`);
  await page.getByRole('heading', { level: 1, name: '城关街道协商议事室' }).waitFor();
  await page.locator('[data-test=raise-topic]').click();

  // Not logged in: the login page, then straight back to the form.
  await page.waitForURL(/\/login\?redirect=/);
  await page.locator('[data-test=login-phone]').fill(RAISER);
  await page.locator('[data-test=login-password]').fill(DEMO_PASSWORD);
  await page.locator('[data-test=login-password]').press('Enter');
  await page.waitForURL(new RegExp(`/topics/new\\?venue=${venue.id}$`));
  await page.getByRole('heading', { level: 1, name: '提出议题' }).waitFor();
  const chosen = page.locator('[data-test=new-venue]');
  await chosen.getByText('城关街道协商议事室').waitFor();
  assert.equal(await page.locator('[data-test=new-unit]').innerText(), venue.unit_name);
  assert.equal(await page.locator('[data-test=new-township]').count(), 0, 'no unit to choose: the venue decided it');

  // Typing a title like a demo topic suggests it, with its supports and state...
  await page.locator('[data-test=new-title]').pressSequentially('我们小区想加装电梯', { delay: 30 });
  const similar = page.locator('[data-test=new-similar]');
  await similar.getByRole('link', { name: '老旧小区加装电梯', exact: true }).waitFor();
  await similar.locator('li', { hasText: /^老旧小区加装电梯/ }).getByText(/\d+ 人附议/).waitFor();
  await screenshot(page, 'portal-topic-new-similar-demo-phone');
  // ...and short titles ask nothing: the suggestions go away.
  await page.locator('[data-test=new-title]').fill('电梯');
  await similar.waitFor({ state: 'detached' });

  // Typing a title like the test's own accepted topic suggests it too.
  await page.locator('[data-test=new-title]').fill('');
  await page.locator('[data-test=new-title]').pressSequentially('幸福里小区夜间停车', { delay: 30 });
  const suggestion = page.locator(`[data-test=similar-${existing.id}]`);
  await suggestion.waitFor();
  await suggestion.getByText(EXISTING_TITLE).waitFor();
  await suggestion.getByText('已采纳').waitFor();
  await suggestion.getByText(/\d+ 人附议/).waitFor();
  await page.locator(`[data-test=support-instead-${existing.id}]`).waitFor();
  await assertNoHorizontalScroll(page);
  await checkAccessibility(page, 'raise a topic with a similar one suggested (phone)');
  await screenshot(page, 'portal-topic-new-similar-phone');

  // A file of the wrong type is refused here, with its name in the message.
  await page.locator('[data-test=new-files]').setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('hi') });
  await page.locator('[data-test=new-file-error]').getByText('“notes.txt”不能添加').waitFor();
  await page.locator('[data-test=new-files]').setInputFiles({ name: 'parking.png', mimeType: 'image/png', buffer: PNG });
  await page.getByText('parking.png').waitFor();

  // Still a different matter: the resident submits their own.
  await page.locator('[data-test=new-title]').fill('幸福里小区东门路灯不亮');
  await page.locator('[data-test=new-body]').fill('东门外的三盏路灯坏了一个多月，晚上老人出门很不方便。');
  await page.locator('[data-test=new-place]').fill('幸福里小区东门');
  await page.locator('[data-test=new-affected]').fill('200');
  await page.locator('[data-test=new-submit]').click();

  await page.waitForURL(/\/topics\/\d+\?raised=1$/);
  const id = Number(new URL(page.url()).pathname.split('/').pop());
  await page.locator('[data-test=topic-raised]').waitFor();
  await page.getByRole('heading', { level: 1, name: '幸福里小区东门路灯不亮' }).waitFor();
  await page.locator('[data-test=topic] [data-test=topic-state-submitted]').waitFor();
  await page.getByText('城关街道协商议事室').waitFor();
  await page.locator(`img[alt="parking.png"]`).waitFor();
  await page.waitForFunction(() => document.querySelector('img[alt="parking.png"]').naturalWidth === 1,
    null, { timeout: 5000 });
  await page.locator('[data-test=topic-history]').waitFor();

  // The server has it as the resident sent it: the venue, its unit, the QR channel, the photo.
  const saved = await ok(await staff.request('GET', `/api/v1/topics/${id}`), 'topic');
  assert.equal(saved.venue_id, venue.id);
  assert.equal(saved.unit_id, venue.unit_id);
  assert.equal(saved.channel, 'qr');
  assert.equal(saved.state, 'submitted');
  assert.equal(saved.affected, 200);
  assert.equal(saved.attachments.length, 1);
  await assertNoHorizontalScroll(page);
  await checkAccessibility(page, 'a newly raised topic (phone)');
  await screenshot(page, 'portal-topic-raised-phone');

  // My topics: every state, with the state named.
  await page.goto('/my/topics');
  const mine = page.locator(`[data-test=mine-${id}]`);
  await mine.getByText('幸福里小区东门路灯不亮').waitFor();
  await mine.getByText('征集中').waitFor();
  await assertNoHorizontalScroll(page);
  await checkAccessibility(page, 'my topics (phone)');
  await screenshot(page, 'portal-my-topics-phone');
  assert.deepEqual(page.jsErrors, []);
  await page.context().close();
});

test('a draft raised in a chosen community is kept, edited and submitted later', async () => {
  const page = await newPage(app, PHONE);
  await loginAs(page, RAISER, DEMO_PASSWORD);
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
  await page.goto('/topics/new');
  // Nothing chosen: saying so beside the field, nothing sent.
  await page.locator('[data-test=new-title]').fill('文昌社区');
  await page.locator('[data-test=new-draft]').click();
  await page.getByText('请选择议题所在的乡镇（街道）').waitFor();
  await page.locator('[data-test=new-township] option', { hasText: '城关街道' }).waitFor({ state: 'attached' });
  await page.locator('[data-test=new-township]').selectOption({ label: '城关街道' });
  await page.locator('[data-test=new-village] option', { hasText: '文昌社区' }).waitFor({ state: 'attached' });
  await page.locator('[data-test=new-village]').selectOption({ label: '文昌社区' });
  await page.locator('[data-test=new-title]').fill('文昌社区垃圾分类亭');
  await page.locator('[data-test=new-draft]').click();
  await page.waitForURL(/\/topics\/\d+\?raised=draft$/);
  const id = Number(new URL(page.url()).pathname.split('/').pop());
  await page.locator('[data-test=topic] [data-test=topic-state-draft]').waitFor();
  const saved = await ok(await staff.request('GET', `/api/v1/topics/${id}`), 'draft as staff see it');
  assert.equal(saved.unit_name, '文昌社区');
  assert.equal(saved.channel, 'portal');
  assert.equal(saved.state, 'draft');

  await page.goto('/my/topics');
  await page.locator(`[data-test=mine-${id}]`).getByText('草稿', { exact: true }).waitFor();
  await page.locator(`[data-test=mine-${id}]`).getByRole('link').click();
  await page.locator('[data-test=topic-edit]').click();
  await page.getByRole('heading', { level: 1, name: '修改议题草稿' }).waitFor();
  await page.locator('[data-test=new-draft-unit]').getByText('文昌社区').waitFor();
  assert.equal(await page.locator('[data-test=new-title]').inputValue(), '文昌社区垃圾分类亭');
  await page.locator('[data-test=new-title]').fill('文昌社区垃圾分类亭选址');
  await page.locator('[data-test=new-body]').fill('分类亭放在哪里，楼栋之间意见不一，需要大家商量。');
  await checkAccessibility(page, 'editing a draft (phone)');
  await page.locator('[data-test=new-submit]').click();
  await page.waitForURL(new RegExp(`/topics/${id}\\?raised=1$`));
  await page.getByRole('heading', { level: 1, name: '文昌社区垃圾分类亭选址' }).waitFor();
  await page.locator('[data-test=topic] [data-test=topic-state-submitted]').waitFor();
  assert.equal((await ok(await staff.request('GET', `/api/v1/topics/${id}`), 'topic')).state, 'submitted');
  assert.deepEqual(page.jsErrors, []);
  await page.context().close();
});

test('supporting a public topic counts once; the second tap withdraws', async () => {
  const page = await newPage(app, PHONE);
  await loginAs(page, SUPPORTER, DEMO_PASSWORD);
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
  await page.goto(`/topics/${existing.id}`);
  await page.getByRole('heading', { level: 1, name: EXISTING_TITLE }).waitFor();
  await page.locator('[data-test=topic-reason]').getByText('涉及居民多，群众反映强烈').waitFor();
  const count = page.locator('[data-test=topic-supports]');
  const before = Number(await count.innerText());
  await checkAccessibility(page, 'a public topic (phone)');
  await screenshot(page, 'portal-topic-phone');

  const button = page.locator('[data-test=topic-support]');
  await button.getByText('附议', { exact: true }).waitFor();
  await button.click();
  await page.locator('[data-test=topic-supports]', { hasText: String(before + 1) }).waitFor();
  await button.getByText('撤回附议').waitFor();
  await page.reload();
  await page.locator('[data-test=topic-supports]', { hasText: String(before + 1) }).waitFor();
  assert.equal((await ok(await staff.request('GET', `/api/v1/topics/${existing.id}`), 'topic')).supports, before + 1,
    'the server counted the support once');

  await button.getByText('撤回附议').click();
  await page.locator('[data-test=topic-supports]', { hasText: String(before) }).waitFor();
  await button.getByText('附议', { exact: true }).waitFor();
  assert.equal((await ok(await staff.request('GET', `/api/v1/topics/${existing.id}`), 'topic')).supports, before);
  assert.deepEqual(page.jsErrors, []);
  await page.context().close();
});

test('"support this instead" supports the suggested topic and opens it', async () => {
  const page = await newPage(app, PHONE);
  await loginAs(page, SWITCHER, DEMO_PASSWORD);
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
  const before = (await ok(await staff.request('GET', `/api/v1/topics/${existing.id}`), 'topic')).supports;
  await page.goto('/topics/new');
  // Without a venue the resident chooses the township (and may narrow to a community).
  await page.locator('[data-test=new-township] option', { hasText: '城关街道' }).waitFor({ state: 'attached' });
  await page.locator('[data-test=new-township]').selectOption({ label: '城关街道' });
  await page.locator('[data-test=new-title]').pressSequentially('小区夜间停车位严重不足', { delay: 30 });
  await page.locator(`[data-test=support-instead-${existing.id}]`).click();
  await page.waitForURL(new RegExp(`/topics/${existing.id}$`));
  await page.locator('[data-test=topic-support]').getByText('撤回附议').waitFor();
  await page.locator('[data-test=topic-supports]', { hasText: String(before + 1) }).waitFor();
  assert.deepEqual(page.jsErrors, []);
  await page.context().close();
});

test('the author\'s bell counts the decision; the messages page marks it read', async () => {
  const page = await newPage(app, PHONE);
  await loginAs(page, AUTHOR, DEMO_PASSWORD);
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
  await page.goto('/topics');
  const badge = page.locator('[data-test=unread-badge]');
  await badge.waitFor();
  assert.ok(Number(await badge.innerText()) >= 1);
  await page.locator('[data-test=to-notifications]').click();
  await page.getByRole('heading', { level: 1, name: '我的消息' }).waitFor();
  const list = page.locator('[data-test=notes-list]');
  await list.getByText(`议题“${EXISTING_TITLE}”的状态变为“已采纳”`).first().waitFor();
  await assertNoHorizontalScroll(page);
  await checkAccessibility(page, 'notifications (phone)');
  await screenshot(page, 'portal-notifications-phone');

  // One marked read: the bell counts one fewer.
  const unread = Number(await badge.innerText());
  await list.locator('[data-test^=note-read-]').first().click();
  await page.locator('[data-test=unread-badge]', { hasText: new RegExp(`^${unread - 1}$`) })
    .or(page.locator('[data-test=to-notifications]:not(:has([data-test=unread-badge]))')).waitFor();
  await page.locator('[data-test=notes-read-all]').click();
  await badge.waitFor({ state: 'detached' });
  await page.locator('[data-test=notes-read-all]').waitFor({ state: 'detached' });
  const left = await ok(await author.request('GET', '/api/v1/notifications?unread=1'), 'notifications');
  assert.equal(left.unread, 0);
  assert.deepEqual(page.jsErrors, []);
  await page.context().close();
});

test('the author sees a transferred topic\'s reason, the department\'s reply and the history', async () => {
  const units = await ok(await staff.request('GET', `/api/v1/units?q=${encodeURIComponent('住房和城乡建设局')}`), 'units');
  const department = units.items.find((u) => u.name === '县住房和城乡建设局');
  assert.ok(department, 'the demo has 县住房和城乡建设局');
  const topic = await ok(await author.request('POST', '/api/v1/topics', {
    json: { title: '幸福里小区门口井盖破损', body: '井盖裂了，晚上有人差点踩空。', place: '幸福里小区北门', affected: 80, unit_id: venue.unit_id },
  }), 'raise');
  await ok(await staff.request('POST', `/api/v1/topics/${topic.id}/transfer`, {
    json: { department_unit_id: department.id, reason: '属于日常管护，转住建局直接办理' },
  }), 'transfer');
  const dept = await client('13800000201');
  await ok(await dept.request('POST', `/api/v1/topics/${topic.id}/reply`, { json: { reply: '已于本周更换新井盖，感谢反映。' } }), 'reply');

  const page = await newPage(app, PHONE);
  await loginAs(page, AUTHOR, DEMO_PASSWORD);
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
  await page.goto(`/topics/${topic.id}`);
  await page.getByRole('heading', { level: 1, name: '幸福里小区门口井盖破损' }).waitFor();
  await page.locator('[data-test=topic] [data-test=topic-state-transferred]').waitFor();
  await page.locator('[data-test=topic-reason]').getByText('属于日常管护，转住建局直接办理').waitFor();
  const reply = page.locator('[data-test=topic-reply]');
  await reply.getByText('县住房和城乡建设局').waitFor();
  await reply.getByText('已于本周更换新井盖，感谢反映。').waitFor();
  const history = page.locator('[data-test=topic-history]');
  await history.getByText('转交承办单位办理').waitFor();
  await history.getByText('承办单位作出答复').waitFor();
  const first = await history.locator('li').first().innerText();
  assert.match(first, /承办单位作出答复/, 'the newest step comes first');
  assert.match(first, /\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}/, 'with its time');
  await assertNoHorizontalScroll(page);
  await checkAccessibility(page, 'a transferred topic with its reply (phone)');
  await screenshot(page, 'portal-topic-reply-phone');

  // The same in English, the reason and reply as written.
  await page.locator('[data-test=lang-switch]').click();
  await page.locator('[data-test=topic-reply]').getByText(/Reply from/).waitFor();
  await page.locator('[data-test=topic-history]').getByText('Passed to a department').waitFor();
  await screenshot(page, 'portal-topic-reply-en-phone');
  assert.deepEqual(page.jsErrors, []);
  await page.context().close();
});

test('the public list: most supported first, filtered by township and by words, "load more", and an empty state that offers raising one', async () => {
  const page = await newPage(app, PHONE);
  await page.goto('/topics');
  await page.getByRole('heading', { level: 1, name: '大家提的议题' }).waitFor();
  const cards = page.locator('[data-test=topics-list] > li');
  await cards.first().waitFor();
  const supports = await page.locator('[data-test=topics-list] [data-test=topic-supports]').allInnerTexts();
  const counts = supports.map((x) => Number(x.match(/\d+/)[0]));
  assert.deepEqual(counts, [...counts].sort((a, b) => b - a), 'most supported first');
  assert.ok(counts[0] > 0);
  await assertNoHorizontalScroll(page);
  await checkAccessibility(page, 'public topics (phone)');
  await screenshot(page, 'portal-topics-phone');

  // More than a page (10): "load more" brings the next ten below, without duplicates.
  const total = Number((await page.getByText(/共 \d+ 个议题/).innerText()).match(/\d+/)[0]);
  assert.ok(total > 10, `the demo has more than a page of public topics (${total})`);
  assert.equal(await cards.count(), 10);
  await page.locator('[data-test=topics-more]').click();
  await page.waitForFunction((n) => document.querySelectorAll('[data-test=topics-list] > li').length === n, Math.min(total, 20));
  const ids = await cards.evaluateAll((els) => els.map((e) => e.dataset.test));
  assert.equal(new Set(ids).size, ids.length, 'no topic twice');
  assert.equal(await page.locator('[data-test=topics-more]').count(), total > 20 ? 1 : 0);

  // The street and a word find the topic; another street does not have it.
  await page.locator('[data-test=topics-unit]').selectOption({ label: '城关街道' });
  await page.waitForURL(/unit=\d+/);
  await page.locator('[data-test=topics-q]').fill('幸福里');
  await page.locator('[data-test=topics-search]').click();
  await page.locator(`[data-test=topic-card-${existing.id}]`).waitFor();
  assert.match(page.url(), /q=/, 'the filters are in the address, to share');
  await page.locator('[data-test=topics-unit]').selectOption({ label: '城东街道' });
  await page.locator(`[data-test=topic-card-${existing.id}]`).waitFor({ state: 'detached' });
  // Words nobody used: the empty state offers the next step.
  await page.locator('[data-test=topics-q]').fill('火星基地建设');
  await page.locator('[data-test=topics-search]').click();
  await page.locator('[data-test=topics-empty]').getByRole('link', { name: '提出第一个议题' }).waitFor();
  assert.deepEqual(page.jsErrors, []);
  await page.context().close();

  // A venue's "topics raised here" opens the list at the venue's own unit,
  // even a community, named in the filter.
  const venues = await ok(await staff.request('GET', '/api/v1/venues?limit=200'), 'venues');
  const local = venues.items.find((v) => /(社区|村)$/.test(v.unit_name));
  assert.ok(local, 'the demo has a venue in a village or community');
  const visit = await newPage(app, PHONE);
  await visit.goto(`/venues/${local.id}`);
  await visit.locator('[data-test=venue-topics]').click();
  await visit.waitForURL(new RegExp(`/topics\\?unit=${local.unit_id}$`));
  await visit.waitForFunction((name) => {
    const select = document.querySelector('[data-test=topics-unit]');
    return select && select.selectedOptions[0]?.textContent.trim() === name;
  }, local.unit_name);
  await visit.context().close();

  // A wide screen holds the same list in two columns, nothing sideways.
  const wide = await newPage(app, WIDE);
  await wide.goto(`/topics?unit=${venue.unit_id}&q=${encodeURIComponent('幸福里')}`);
  await wide.locator(`[data-test=topic-card-${existing.id}]`).waitFor();
  await assertNoHorizontalScroll(wide);
  await screenshot(wide, 'portal-topics-wide');
  await wide.context().close();
});

test('someone not logged in sees a public vote\'s candidates and is sent to log in to vote', async (t) => {
  const plans = await ok(await staff.request('GET', '/api/v1/plans'), 'plans');
  const open = plans.items.find((p) => p.vote && p.vote.status === 'open');
  if (!open) {
    t.skip('no open vote in the demo data');
    return;
  }
  const page = await newPage(app, PHONE);
  await page.goto(`/plans/${open.id}/vote`);
  await page.getByRole('heading', { level: 1, name: open.title }).waitFor();
  const first = page.locator('[data-test^=vote-pick-]').first();
  await first.check();
  const submit = page.locator('[data-test=vote-submit]');
  await submit.getByText('登录后投票').waitFor();
  await submit.click();
  await page.waitForURL(/\/login\?redirect=/);
  assert.equal(new URL(page.url()).searchParams.get('redirect'), `/plans/${open.id}/vote`);
  assert.deepEqual(page.jsErrors, []);
  await page.context().close();
});

test('a resident ranks a plan\'s topics with up/down buttons, votes once and sees the results chart', async (t) => {
  const admin = staff;
  // The plans API (branch plans-api) may not be merged yet.
  const probe = await admin.request('GET', '/api/v1/plans');
  if (probe.status === 404) {
    t.skip('the plans API is not in this build');
    return;
  }
  const second = await acceptedTopic('城关街道菜市场周边污水外溢', venue.unit_id);
  const plan = await ok(await admin.request('POST', '/api/v1/plans', {
    json: { unit_id: venue.unit_id, title: '城关街道 2027 年协商议题', period_start: Date.now(),
      period_end: Date.now() + 365 * 86400000, note: '请居民投票排序' },
  }), 'plan');
  await ok(await admin.request('PUT', `/api/v1/plans/${plan.id}/items`, { json: { topic_ids: [existing.id, second.id] } }), 'items');
  // Staff put the draft plan to a public vote before deciding on it.
  await ok(await admin.request('POST', `/api/v1/plans/${plan.id}/vote/open`, {
    json: { mode: 'rank', max: 2, closes_at: Date.now() + 86400000 },
  }), 'open the vote');

  const page = await newPage(app, PHONE);
  await loginAs(page, VOTER, DEMO_PASSWORD);
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
  await page.goto(`/plans/${plan.id}/vote`);
  await page.getByRole('heading', { level: 1, name: '城关街道 2027 年协商议题' }).waitFor();
  await page.locator(`[data-test=vote-pick-${existing.id}]`).check();
  await page.locator(`[data-test=vote-pick-${second.id}]`).check();
  await page.locator(`[data-test=vote-up-${second.id}]`).click();
  const order = await page.locator('[data-test=vote-order] li').allInnerTexts();
  assert.match(order[0], /菜市场/, 'the second topic moved to first place');
  await assertNoHorizontalScroll(page);
  await checkAccessibility(page, 'plan vote (phone)');
  await screenshot(page, 'portal-plan-vote-phone');
  await page.locator('[data-test=vote-submit]').click();
  await page.locator('[data-test=vote-done]').waitFor();
  // Once: after a reload the page remembers the ballot and offers no second one.
  await page.reload();
  await page.locator('[data-test=vote-done]').waitFor();
  assert.equal(await page.locator('[data-test=vote-submit]').count(), 0);

  await ok(await admin.request('POST', `/api/v1/plans/${plan.id}/vote/close`), 'close the vote');
  await page.reload();
  await page.locator('[data-test=vote-closed]').waitFor();
  await page.locator('[data-test=vote-chart] canvas').waitFor();
  const table = await page.locator('[data-test=vote-results-table] tbody tr').allInnerTexts();
  assert.match(table[0], /菜市场/, 'the topic ranked first scores highest');
  await checkAccessibility(page, 'plan vote results (phone)');
  await screenshot(page, 'portal-plan-vote-results-phone');
  assert.deepEqual(page.jsErrors, []);
  await page.context().close();
});
