// The staff and leader topic pages of the workspace (DESKTOP): 青山镇's
// staff screen their queue — reject a topic with a reason from the list
// and words (the reason shows in the topic's history), merge a duplicate
// from the near-duplicate clusters tab, transfer a topic to a department —
// and the figures page counts what they did; the department replies; staff
// of another township see none of it and the API refuses them; the leader
// approves the demo's submitted plan with the party committee's approval.
// Topics are raised through the API by demo CPPCC members first, so that
// the test owns what it screens. axe and screenshots on every page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startApp, newPage, checkAccessibility, screenshot, assertNoHorizontalScroll, loginAs, DESKTOP, PHONE,
  pickTreeUnit,
} from './browser.mjs';
import { Client, DEMO_PASSWORD } from '../api/helpers.mjs';

const QINGSHAN_STAFF = '13800000104'; // staff of 青山镇
const BAISHUI_STAFF = '13800000105'; // staff of 白水镇
const LEADER = '13800000010'; // 陈志明, leader of 示范县
const HOUSING_DEPT = '13800000201'; // 县住房和城乡建设局

let app;
const ids = {};
before(async () => {
  app = await startApp();
  const member = async (phone) => {
    const c = new Client(app.base);
    assert.equal((await c.login(phone, DEMO_PASSWORD)).status, 201);
    return c;
  };
  const [a, b, c, d, e] = await Promise.all(
    ['13900000001', '13900000002', '13900000003', '13900000004', '13900000005'].map(member));
  const unit = async (name) => (await a.request('GET', `/api/v1/units?q=${encodeURIComponent(name)}&limit=5`))
    .data.items.find((u) => u.name === name).id;
  const raise = async (who, title, body, unitName) => {
    const r = await who.request('POST', '/api/v1/topics', {
      json: { title, body, place: unitName, affected: 50, unit_id: await unit(unitName) },
    });
    assert.equal(r.status, 201, JSON.stringify(r.data));
    return r.data.id;
  };
  ids.dispute = await raise(a, '邻居装修噪音影响休息', '隔壁邻居装修每天早上七点就开始施工，希望村里出面调解邻里纠纷。', '青山村');
  const school = '竹林村小学门口放学时段接孩子的车辆乱停乱放，道路拥堵，孩子过马路很危险，希望设置临时停车区和交通协管员。';
  ids.keep = await raise(b, '竹林村小学门口放学交通拥堵', school, '竹林村');
  ids.dup = await raise(c, '竹林村小学放学时门口交通拥堵', school, '竹林村');
  ids.water = await raise(a, '大溪村自来水水压不足', '大溪村地势较高的几个组自来水水压不足，高峰时段三楼以上没有水。', '大溪村');
  // The kept topic is the better supported one (a, d, e against a, b);
  // a supports both, and must not count twice after the merge.
  for (const [who, id] of [[a, ids.keep], [d, ids.keep], [e, ids.keep], [a, ids.dup], [b, ids.dup]]) {
    assert.equal((await who.request('POST', `/api/v1/topics/${id}/support`)).status, 200);
  }
});
after(async () => { await app?.stop(); });

// An Element Plus input or textarea: data-test lands on the element itself,
// or on a wrapper around it.
const input = (name) => `input[data-test=${name}], [data-test=${name}] input`;
const textarea = (name) => `textarea[data-test=${name}], [data-test=${name}] textarea`;

// Let dialogs and drawers finish their transitions (and toasts fade).
const settled = (page) => page.waitForFunction(
  () => !document.getAnimations().some((a) => a.playState === 'running' && a.effect?.getComputedTiming().iterations !== Infinity));

async function chooseOption(page, container, testId, text) {
  await container.locator(`[data-test=${testId}]`).click();
  await page.locator('.el-select-dropdown__item:visible', { hasText: text }).first().click();
}

async function figure(page, name) {
  return Number(await page.locator(`[data-test=figure-${name}] .value`).innerText());
}

async function openFigures(page) {
  await page.goto('/workspace/figures');
  await page.getByRole('heading', { level: 1, name: '议题统计' }).waitFor();
  await page.locator('[data-test=figures-cards]').waitFor();
  await page.locator('.el-loading-mask').waitFor({ state: 'hidden' });
}

test('township staff screen their queue: reject with a reason, merge a duplicate cluster, transfer; figures follow', async () => {
  const page = await newPage(app, DESKTOP);
  await loginAs(page, QINGSHAN_STAFF, DEMO_PASSWORD);
  await page.waitForURL('**/workspace');

  // The figures before screening: this year's, for 青山镇 (the staff's own units).
  await page.locator('[data-test=nav-figures]').click();
  await page.waitForURL('**/workspace/figures');
  await openFigures(page);
  const before = {
    raised: await figure(page, 'raised'), rejected: await figure(page, 'rejected'),
    merged: await figure(page, 'merged'), transferred: await figure(page, 'transferred'),
  };
  assert.ok(before.raised >= 4, `the four topics raised are counted (${before.raised})`);
  await page.locator('[data-test=figures-chart] canvas').waitFor();
  await checkAccessibility(page, 'figures');
  await screenshot(page, 'workspace-figures-desktop');

  // The queue lists the new topics, most supported first.
  await page.locator('[data-test=nav-screening]').click();
  await page.waitForURL('**/workspace/topics');
  await page.getByRole('heading', { level: 1, name: '议题审核' }).waitFor();
  const table = page.locator('[data-test=screening-table]');
  for (const id of [ids.dispute, ids.keep, ids.dup, ids.water]) await table.locator(`[data-test=screening-open-${id}]`).waitFor();
  await checkAccessibility(page, 'screening queue');
  await screenshot(page, 'workspace-screening-desktop');

  // Reject: the reason from the list and the words are both required.
  await table.locator(`[data-test=screening-open-${ids.dispute}]`).click();
  const drawer = page.locator('[data-test=topic-drawer]');
  await drawer.getByText('隔壁邻居装修').waitFor();
  await drawer.locator('[data-test=action-review]').click();
  await drawer.locator('[data-test=topic-state-reviewing]').first().waitFor();
  await drawer.locator('[data-test=action-reject]').click();
  const reject = page.locator('[data-test=screen-dialog-reject]');
  await reject.locator('[data-test=screen-confirm]').click();
  await reject.getByText('请选择不予采纳的原因').waitFor();
  await reject.getByText('请写明理由，提出人会看到').waitFor();
  await settled(page);
  await checkAccessibility(page, 'reject dialog with its field errors');
  await screenshot(page, 'workspace-reject-dialog-desktop');
  await chooseOption(page, reject, 'reject-reason', '属于私人纠纷');
  const why = '邻里装修噪音属于私人纠纷，请向村调解委员会申请调解。';
  await reject.locator(textarea('screen-reason')).fill(why);
  await reject.locator('[data-test=screen-confirm]').click();
  await reject.waitFor({ state: 'hidden' });
  await drawer.locator('[data-test=topic-state-rejected]').first().waitFor();
  await drawer.locator('[data-test=drawer-history]').getByText(why).waitFor();
  await drawer.locator('[data-test=drawer-reject-reason]', { hasText: '属于私人纠纷' }).waitFor();
  await settled(page);
  await checkAccessibility(page, 'topic drawer after rejection');
  await screenshot(page, 'workspace-topic-drawer-desktop');
  await page.keyboard.press('Escape');
  await drawer.waitFor({ state: 'hidden' });
  await table.locator(`[data-test=screening-open-${ids.dispute}]`).waitFor({ state: 'detached' });

  // The clusters tab shows the two school topics side by side; one click
  // (and a confirmation) merges the less supported one into the other.
  await page.getByRole('tab', { name: '疑似重复' }).click();
  const cluster = page.locator('[data-test=cluster]', { hasText: '竹林村小学' });
  await cluster.waitFor();
  assert.equal(await cluster.locator('[data-test=cluster-topic]').count(), 2);
  await settled(page);
  await checkAccessibility(page, 'clusters tab');
  await screenshot(page, 'workspace-clusters-desktop');
  await cluster.locator('[data-test=cluster-merge]').click();
  const box = page.locator('.el-message-box');
  await box.getByText('竹林村小学放学时门口交通拥堵').waitFor();
  await box.getByRole('button', { name: '合并' }).click();
  await cluster.waitFor({ state: 'detached' });
  const api = new Client(app.base);
  await api.login(QINGSHAN_STAFF, DEMO_PASSWORD);
  let r = await api.request('GET', `/api/v1/topics/${ids.dup}`);
  assert.equal(r.data.state, 'merged');
  assert.equal(r.data.merged_into, ids.keep);
  r = await api.request('GET', `/api/v1/topics/${ids.keep}`);
  assert.equal(r.data.supports, 4, 'supporters of both, the one who supported both counted once');
  await page.getByRole('tab', { name: '待审核' }).click();
  await table.locator(`[data-test=screening-open-${ids.dup}]`).waitFor({ state: 'detached' });

  // Hot themes: a chart and its table.
  await page.getByRole('tab', { name: '热点议题' }).click();
  await page.locator('[data-test=themes-table]').waitFor();
  await page.locator('[data-test=themes-chart] canvas').waitFor();
  await checkAccessibility(page, 'themes tab');
  await screenshot(page, 'workspace-themes-desktop');

  // Transfer the water topic to the housing department.
  await page.getByRole('tab', { name: '待审核' }).click();
  await table.locator(`[data-test=screening-open-${ids.water}]`).click();
  await drawer.getByText('水压不足', { exact: false }).first().waitFor();
  await drawer.locator('[data-test=action-transfer]').click();
  const transfer = page.locator('[data-test=screen-dialog-transfer]');
  await chooseOption(page, transfer, 'transfer-department', '县住房和城乡建设局');
  await transfer.locator(textarea('screen-reason')).fill('供水管网属住建部门，请核查加压设施。');
  await transfer.locator('[data-test=screen-confirm]').click();
  await transfer.waitFor({ state: 'hidden' });
  await drawer.locator('[data-test=topic-state-transferred]').first().waitFor();
  await page.keyboard.press('Escape');
  await drawer.waitFor({ state: 'hidden' });

  // The figures count each decision.
  await page.locator('[data-test=nav-figures]').click();
  await openFigures(page);
  assert.equal(await figure(page, 'rejected'), before.rejected + 1);
  assert.equal(await figure(page, 'merged'), before.merged + 1);
  assert.equal(await figure(page, 'transferred'), before.transferred + 1);
  await page.locator('[data-test=figures-by-reason]').getByText('属于私人纠纷').waitFor();
  assert.deepEqual(page.jsErrors, []);
  await page.context().close();
});

test('the department finds the transferred topic in its list and by its number, and replies', async () => {
  const page = await newPage(app, DESKTOP);
  await loginAs(page, HOUSING_DEPT, DEMO_PASSWORD);
  await page.waitForURL('**/workspace');
  await page.locator('[data-test=nav-transferred]').click();
  await page.waitForURL('**/workspace/topics/transferred');
  // Listed at once; opening it by its number puts it first.
  const tableRow = page.locator('[data-test=transferred-table] .el-table__row', { hasText: '大溪村自来水水压不足' });
  await tableRow.waitFor();
  await page.locator(input('transferred-number')).fill(String(ids.water));
  await page.locator('[data-test=transferred-open]').click();
  await page.locator('[data-test=transferred-table] .el-table__row').first().getByText('大溪村自来水水压不足').waitFor();
  await checkAccessibility(page, 'transferred topics');
  await tableRow.locator(`[data-test=transferred-reply-${ids.water}]`).click();
  const dialog = page.locator('[data-test=reply-dialog]');
  await dialog.locator('[data-test=reply-submit]').click();
  await dialog.getByText('请填写答复内容').waitFor();
  await dialog.locator(textarea('reply-text')).fill('已安排供水公司下周安装加压泵。');
  await dialog.locator('[data-test=reply-submit]').click();
  await dialog.waitFor({ state: 'hidden' });
  const api = new Client(app.base);
  await api.login(HOUSING_DEPT, DEMO_PASSWORD);
  const r = await api.request('GET', `/api/v1/topics/${ids.water}`);
  assert.equal(r.data.reply, '已安排供水公司下周安装加压泵。');
  await screenshot(page, 'workspace-transferred-desktop');
  assert.deepEqual(page.jsErrors, []);
  await page.context().close();
});

test('staff of another township see none of 青山镇\'s queue, and the API refuses them', async () => {
  const page = await newPage(app, DESKTOP);
  await loginAs(page, BAISHUI_STAFF, DEMO_PASSWORD);
  await page.waitForURL('**/workspace');
  await page.goto('/workspace/topics');
  const table = page.locator('[data-test=screening-table]');
  await table.locator('.el-table__row').first().waitFor();
  await page.locator('.el-loading-mask').first().waitFor({ state: 'hidden' });
  assert.equal(await table.getByText('大溪村').count(), 0);
  assert.equal(await table.getByText('竹林村小学').count(), 0);
  assert.equal(await table.locator(`[data-test=screening-open-${ids.keep}]`).count(), 0);

  const api = new Client(app.base);
  await api.login(BAISHUI_STAFF, DEMO_PASSWORD);
  const qingshan = (await api.request('GET', `/api/v1/units?q=${encodeURIComponent('青山镇')}&limit=5`))
    .data.items.find((u) => u.name === '青山镇');
  let r = await api.request('GET', `/api/v1/topics?scope=review&unit=${qingshan.id}`);
  assert.equal(r.status, 403);
  r = await api.request('POST', `/api/v1/topics/${ids.keep}/accept`, { json: {} });
  assert.ok([403, 404].includes(r.status), `accept from another township: ${r.status}`);
  r = await api.request('GET', `/api/v1/topics/${ids.keep}`);
  assert.equal(r.data.state, 'submitted', 'nothing changed');
  assert.deepEqual(page.jsErrors, []);
  await page.context().close();
});

test('the leader approves the submitted plan with the party committee\'s approval', async () => {
  const page = await newPage(app, DESKTOP);
  await loginAs(page, LEADER, DEMO_PASSWORD);
  await page.waitForURL('**/workspace');
  await page.locator('[data-test=nav-plans]').click();
  await page.waitForURL('**/workspace/plans');
  const row = page.locator('[data-test=plans-table] .el-table__row', { hasText: '城关街道2026年第二季度协商议题计划' });
  await row.locator('[data-test=plan-state-submitted]').waitFor();
  await checkAccessibility(page, 'plans list');
  await screenshot(page, 'workspace-plans-desktop');
  await row.locator('a').click();
  await page.waitForURL(/\/workspace\/plans\/\d+$/);
  await page.locator('[data-test=plan-title]', { hasText: '第二季度' }).waitFor();
  const items = page.locator('[data-test=plan-items] .el-table__row');
  await items.first().waitFor();
  const n = await items.count();
  assert.ok(n > 0);
  await checkAccessibility(page, 'plan awaiting the leader');

  // Without the party committee's approval the leader cannot approve.
  await page.locator('[data-test=plan-approve]').click();
  const dialog = page.locator('[data-test=plan-approve-dialog]');
  await dialog.locator('[data-test=approve-confirm]').click();
  await dialog.getByText('须经党委同意后才能批准').waitFor();
  await dialog.getByText('请选择党委同意的日期').waitFor();
  await dialog.getByText('请填写文号或会议纪要').waitFor();
  await settled(page);
  await checkAccessibility(page, 'approval dialog with its field errors');
  await screenshot(page, 'workspace-plan-approve-desktop');
  await dialog.locator('[data-test=approve-party]').click();
  await dialog.locator('[data-test=approve-date] input').fill('2026-03-02');
  await dialog.locator('[data-test=approve-date] input').press('Enter');
  await dialog.locator(input('approve-reference')).fill('城委办〔2026〕8号');
  await dialog.locator('[data-test=approve-confirm]').click();
  await dialog.waitFor({ state: 'hidden' });
  await page.locator('[data-test=plan-state-approved]').waitFor();
  await page.locator('[data-test=plan-party]', { hasText: '城委办〔2026〕8号' }).waitFor();
  await page.locator('[data-test=plan-party]', { hasText: '2026/03/02' }).waitFor();
  assert.equal(await page.locator('[data-test=plan-items] [data-test=topic-state-approved]').count(), n, 'every topic approved');
  assert.equal(await page.locator('[data-test=plan-approve]').count(), 0);
  await screenshot(page, 'workspace-plan-approved-desktop');
  assert.deepEqual(page.jsErrors, []);
  await page.context().close();
});

test('the street staff see the demo vote results as a chart and close the vote', async () => {
  const page = await newPage(app, DESKTOP);
  await loginAs(page, '13800000101', DEMO_PASSWORD); // staff of 城关街道
  await page.waitForURL('**/workspace');
  await page.goto('/workspace/plans');
  const row = page.locator('[data-test=plans-table] .el-table__row', { hasText: '城关街道2026年民生实事议题票选' });
  await row.locator('a').click();
  await page.waitForURL(/\/workspace\/plans\/\d+$/);
  await page.locator('[data-test=plan-vote]', { hasText: '排序投票' }).waitFor();
  await page.locator('[data-test=plan-ballots]', { hasText: '共 6 张选票' }).waitFor();
  await page.locator('[data-test=plan-results-chart] canvas').waitFor();
  // The chart's accessible name carries the scores (Borda: 15, 10, 6).
  assert.match(await page.locator('[data-test=plan-results-chart]').getAttribute('aria-label'), /学府社区建口袋公园 15/);
  await checkAccessibility(page, 'plan with an open vote');
  await screenshot(page, 'workspace-plan-vote-desktop');
  await page.locator('[data-test=plan-vote-close]').click();
  const box = page.locator('.el-message-box');
  await box.getByRole('button', { name: '结束投票' }).click();
  await page.locator('[data-test=plan-vote]', { hasText: '已于' }).waitFor();
  await page.locator('[data-test=plan-vote-close]').waitFor({ state: 'detached' });
  assert.deepEqual(page.jsErrors, []);
  await page.context().close();
});

test('staff record a topic for someone met in person; it joins the queue, the person stays private', async () => {
  const page = await newPage(app, DESKTOP);
  await loginAs(page, QINGSHAN_STAFF, DEMO_PASSWORD);
  await page.waitForURL('**/workspace');
  await page.goto('/workspace/topics');
  await page.locator('[data-test=screening-table] .el-table__row').first().waitFor();
  await page.locator('[data-test=raise-for]').click();
  const dialog = page.locator('[data-test=raise-for-dialog]');
  // Nothing filled in: each required field says so.
  await dialog.locator('[data-test=raise-for-submit]').click();
  await dialog.getByText('请填写议题标题').waitFor();
  await dialog.getByText('请选择议题所属单位').waitFor();
  await dialog.getByText('请填写提出人姓名').waitFor();
  await settled(page);
  await checkAccessibility(page, 'raise-for dialog with its field errors');
  await dialog.locator(input('raise-for-title')).fill('龙潭村通组公路急需硬化');
  await dialog.locator(textarea('raise-for-body')).fill('村民在村民代表会议上提出：龙潭村三组到五组的通组公路仍是泥路，雨天无法通行。');
  await pickTreeUnit(page, dialog, 'raise-for-unit', '龙潭村');
  await dialog.locator(input('raise-for-name')).fill('王大伯');
  await dialog.locator(input('raise-for-contact')).fill('13912345678');
  await dialog.locator('[data-test=raise-for-submit]').click();
  await dialog.waitFor({ state: 'hidden' });
  // The new topic opens in the drawer, recorded by staff, the person masked.
  const drawer = page.locator('[data-test=topic-drawer]');
  await drawer.getByText('村民在村民代表会议上提出', { exact: false }).waitFor();
  await drawer.getByText('工作人员代录', { exact: false }).waitFor();
  await screenshot(page, 'workspace-raise-for-desktop');
  const anon = new Client(app.base);
  const found = (await anon.request('GET', `/api/v1/topics/similar?text=${encodeURIComponent('龙潭村通组公路硬化')}`)).data.items
    .find((x) => x.title === '龙潭村通组公路急需硬化');
  assert.ok(found, 'open for supports, so the public may find it');
  const r = await anon.request('GET', `/api/v1/topics/${found.id}`);
  assert.ok(!r.text.includes('王大伯') && !r.text.includes('13912345678'), 'the person is never public');
  assert.deepEqual(page.jsErrors, []);
  await page.context().close();
});

test('on a phone the screening, plans and figures pages fit the screen', async () => {
  const page = await newPage(app, PHONE);
  await loginAs(page, QINGSHAN_STAFF, DEMO_PASSWORD);
  await page.waitForURL('**/workspace');
  for (const [path, name] of [['/workspace/topics', 'screening'], ['/workspace/plans', 'plans'], ['/workspace/figures', 'figures']]) {
    await page.goto(path);
    await page.locator('h1').waitFor();
    await page.locator('.el-loading-mask').first().waitFor({ state: 'hidden' }).catch(() => {});
    await assertNoHorizontalScroll(page);
    await checkAccessibility(page, `${name} (phone)`);
    await screenshot(page, `workspace-${name}-phone`);
  }
  assert.deepEqual(page.jsErrors, []);
  await page.context().close();
});
