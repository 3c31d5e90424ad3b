// The audit log browser: an administrator sees that the chain is intact,
// filters the log, pages through it and opens a row to see what changed; a
// leader reads it without the chain check; a person without those roles
// neither sees it in the navigation nor reaches it by address.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startApp, newPage, checkAccessibility, screenshot, assertNoHorizontalScroll, loginAs, PHONE, DESKTOP,
} from './browser.mjs';
import { DEMO_ADMIN, DEMO_PASSWORD } from '../api/helpers.mjs';

const LEADER = '13800000010';
const NO_ROLE = '13800000002';
const field = (name) => `input[data-test=${name}], [data-test=${name}] input`;

let app;
before(async () => { app = await startApp(); });
after(async () => { await app?.stop(); });

// Changes made through the API from the page, so that the log has rows.
async function makeChanges(page) {
  return page.evaluate(async () => {
    const s = await (await fetch('/api/v1/session')).json();
    const send = async (method, path, body) => (await fetch(`/api/v1${path}`, {
      method, headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': s.csrf_token },
      body: JSON.stringify(body),
    })).json();
    const county = (await (await fetch('/api/v1/units?kind=county')).json()).items[0];
    const town = await send('POST', '/units', { parent_id: county.id, kind: 'township', name: '审计镇' });
    await send('PATCH', `/units/${town.id}`, { name: '审计新镇' });
    for (let i = 0; i < 21; i++) await send('POST', '/units', { parent_id: town.id, kind: 'village', name: `审计村${i}` });
    return town.id;
  });
}

test('an administrator filters the log, pages through it and opens a row', async () => {
  const page = await newPage(app, DESKTOP);
  await loginAs(page, DEMO_ADMIN, DEMO_PASSWORD);
  await page.waitForURL('**/workspace');
  const townId = await makeChanges(page);
  // The log also holds the demo load and the log-in: count from the newest id.
  const rows = await page.evaluate(async () =>
    (await (await fetch('/api/v1/audit?limit=1')).json()).items[0].id);
  assert.ok(rows > 20 && rows <= 40, `${rows} rows fit on two pages`);
  await page.locator('[data-test=nav-audit]').click();
  await page.waitForURL('**/workspace/audit');
  await page.getByRole('heading', { level: 1, name: '审计日志' }).waitFor();
  await page.locator('[data-test=audit-verify]').getByText(`哈希链完整：已核验 ${rows} 条记录，未发现篡改。`).waitFor();
  const table = page.locator('[data-test=audit-table]');
  await table.getByText('审计村20').or(table.getByText('新增单位').first()).first().waitFor();

  // Newest first, 20 a page: the second page holds the rest.
  assert.equal(await table.locator('[data-action]').count(), 20);
  await page.locator('[data-test=audit-next]').click();
  await page.locator('[data-test=audit-page]').getByText('第 2 页').waitFor();
  await table.locator('[data-action="unit.rename"]').waitFor();
  assert.equal(await table.locator('[data-action]').count(), rows - 20);
  assert.ok(await page.locator('[data-test=audit-next]').isDisabled());
  await checkAccessibility(page, 'audit log (desktop)');
  await screenshot(page, 'audit-desktop');

  // Filter by action; then by object; open the row.
  await page.locator('[data-test=audit-filter-action]').click();
  await page.locator('.el-select-dropdown__item:visible', { hasText: '单位改名' }).click();
  await page.locator('[data-test=audit-search]').click();
  await page.locator('[data-test=audit-page]').getByText('第 1 页').waitFor();
  await table.locator('[data-action="unit.rename"]').waitFor();
  assert.equal(await table.locator('[data-action]').count(), 1);
  await page.locator(field('audit-filter-object-id')).fill(String(townId));
  await page.locator(field('audit-filter-object-id')).press('Enter');
  await table.locator('[data-action="unit.rename"]').waitFor();
  await table.locator('[data-action="unit.rename"]').click();
  const drawer = page.locator('[data-test=audit-drawer]');
  await drawer.getByText(/审计记录 #\d+/).waitFor();
  await drawer.getByText('系统管理员（#1）').waitFor();
  const changed = drawer.locator('[data-test=audit-diff] tr[data-changed=true]');
  assert.equal(await changed.count(), 1, 'only the name changed');
  assert.match(await changed.innerText(), /name\s+审计镇\s+审计新镇/);
  await page.waitForFunction(() => !document.getAnimations().some((a) => a.playState === 'running'));
  await checkAccessibility(page, 'audit row drawer');
  await screenshot(page, 'audit-row-desktop');
  await page.keyboard.press('Escape');
  await drawer.getByText(/审计记录 #\d+/).waitFor({ state: 'hidden' });

  // A bad number is refused next to its field; a date range in the past
  // finds nothing, and the empty state offers to clear the filters.
  await page.locator(field('audit-filter-object-id')).fill('abc');
  await page.getByText('请输入正整数编号').waitFor();
  await page.locator(field('audit-filter-object-id')).fill('');
  await page.locator(field('audit-filter-from')).fill('2020-01-01');
  await page.locator(field('audit-filter-from')).press('Enter');
  await page.locator(field('audit-filter-to')).fill('2020-01-31');
  await page.locator(field('audit-filter-to')).press('Enter');
  await page.locator('[data-test=audit-search]').click();
  await table.getByText('没有符合筛选条件的记录。').waitFor();
  await table.getByRole('button', { name: '清除筛选条件' }).click();
  await page.locator('[data-test=audit-page]').getByText('第 1 页').waitFor();
  await table.locator('[data-action]').first().waitFor();
  assert.equal(await table.locator('[data-action]').count(), 20);
  assert.deepEqual(page.jsErrors, []);
  await page.context().close();
});

test('a leader reads the log on a phone, without the chain check', async () => {
  const page = await newPage(app, PHONE);
  await loginAs(page, LEADER, DEMO_PASSWORD);
  await page.waitForURL('**/workspace');
  await page.goto('/workspace/audit');
  await page.getByRole('heading', { level: 1, name: '审计日志' }).waitFor();
  await page.locator('[data-test=audit-table] [data-action]').first().waitFor();
  assert.equal(await page.locator('[data-test=audit-verify]').count(), 0);
  // Names are masked for a leader, as everywhere else.
  await page.locator('[data-test=audit-table]').getByText('系****（#1）').first().waitFor();
  assert.equal(await page.getByRole('alert').count(), 0, 'no error shown for the chain check');
  await assertNoHorizontalScroll(page);
  await checkAccessibility(page, 'audit log (phone, leader)');
  await screenshot(page, 'audit-phone-leader');
  await page.context().close();
});

test('a person without an audit role cannot reach the page', async () => {
  const page = await newPage(app, DESKTOP);
  await loginAs(page, NO_ROLE, DEMO_PASSWORD);
  await page.waitForURL('**/workspace');
  await page.locator('[data-test=nav-account]').waitFor();
  assert.equal(await page.locator('[data-test=nav-audit]').count(), 0);
  await page.goto('/workspace/audit');
  await page.waitForURL('**/workspace/forbidden');
  await page.getByText('您没有访问这个页面的权限').waitFor();
  const status = await page.evaluate(async () => (await fetch('/api/v1/audit')).status);
  assert.equal(status, 403);
  await page.context().close();
});
