// The unit tree page: an administrator adds a unit under a street, renames
// it, tries to move it under its own child and is told why not, and retires
// units after confirming; a township's staff member is offered no change
// anywhere (the permission table gives staff no unit.* right), and the API
// refuses them too.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startApp, newPage, checkAccessibility, screenshot, assertNoHorizontalScroll, loginAs, PHONE, DESKTOP, WIDE,
} from './browser.mjs';
import { DEMO_ADMIN, DEMO_PASSWORD } from '../api/helpers.mjs';

const TOWNSHIP_STAFF = '13800000101'; // 周海燕, staff of 城关街道

let app;
before(async () => { app = await startApp(); });
after(async () => { await app?.stop(); });

// An Element Plus input: data-test lands on the <input> itself, or on a
// wrapper around it (selects).
const field = (name) => `input[data-test=${name}], [data-test=${name}] input`;

// Pick a unit in the tree by its exact name.
async function pick(page, name) {
  await page.locator(field('unit-filter')).fill(name);
  await page.locator('[data-test=unit-tree]').getByText(name, { exact: true }).click();
  await page.locator('[data-test=unit-detail-name]', { hasText: name }).waitFor();
}

// Let opening dialogs finish their transitions before checking colours.
const settled = (page) => page.waitForFunction(
  () => !document.getAnimations().some((a) => a.playState === 'running'));

async function fillDialog(page, name) {
  const dialog = page.locator('[data-test=unit-dialog]');
  await dialog.locator(field('unit-form-name')).fill(name);
  await dialog.locator('[data-test=unit-form-submit]').click();
}

test('an administrator adds, renames, fails to move under its own child, and retires a unit', async () => {
  const page = await newPage(app, DESKTOP);
  await loginAs(page, DEMO_ADMIN, DEMO_PASSWORD);
  await page.waitForURL('**/workspace');
  await page.locator('[data-test=nav-units]').click();
  await page.waitForURL('**/workspace/units');
  await page.getByRole('heading', { level: 1, name: '单位架构' }).waitFor();
  await page.locator('[data-test=unit-tree]').getByText('示范县', { exact: true }).waitFor();
  await checkAccessibility(page, 'units (desktop)');
  await screenshot(page, 'units-desktop');

  // Add a community under 城关街道; an empty name is refused next to the field.
  await pick(page, '城关街道');
  await page.locator('[data-test=unit-add-child]').click();
  const dialog = page.locator('[data-test=unit-dialog]');
  await dialog.getByText('在“城关街道”下新增单位').waitFor();
  await dialog.locator('[data-test=unit-form-submit]').click();
  await dialog.getByText('请输入单位名称').waitFor();
  await settled(page);
  await checkAccessibility(page, 'units: add dialog');
  await fillDialog(page, '测试社区');
  await page.getByText('已新增“测试社区”。').waitFor();
  await page.locator('[data-test=unit-detail-name]', { hasText: '测试社区' }).waitFor();
  const detail = page.locator('[data-test=unit-detail]');
  await detail.getByText('村（社区）').waitFor();
  await detail.getByText('浙江省 › 湖州市 › 示范县 › 城关街道 › 测试社区').waitFor();

  // Rename it, from the keyboard: Enter in the field saves.
  await page.locator('[data-test=unit-rename]').click();
  await dialog.locator(field('unit-form-name')).fill('测试新社区');
  await dialog.locator(field('unit-form-name')).press('Enter');
  await page.getByText('已改名为“测试新社区”。').waitFor();
  await page.locator('[data-test=unit-detail-name]', { hasText: '测试新社区' }).waitFor();

  // Give it a child, then try to move it under that child.
  await page.locator('[data-test=unit-add-child]').click();
  await fillDialog(page, '社区卫生站');
  await page.getByText('已新增“社区卫生站”。').waitFor();
  await pick(page, '测试新社区');
  await page.locator('[data-test=unit-move]').click();
  await dialog.locator('[data-test=unit-form-parent]').click();
  await dialog.locator(field('unit-form-parent')).fill('社区卫生站');
  await page.locator('.el-select-dropdown__item:visible', { hasText: '社区卫生站' }).click();
  await dialog.locator('[data-test=unit-form-submit]').click();
  const fieldError = dialog.locator('.el-form-item__error');
  await fieldError.getByText('不能把单位移到它自己或它的下级单位之下').waitFor();
  await screenshot(page, 'units-move-refused');
  await dialog.getByRole('button', { name: '取消' }).click();
  await detail.getByText('浙江省 › 湖州市 › 示范县 › 城关街道 › 测试新社区').waitFor();

  // Retiring asks first; cancelling keeps the unit, and a unit with a unit
  // under it in service is refused with the server's reason.
  await page.locator('[data-test=unit-retire]').click();
  const confirm = page.getByRole('dialog', { name: '撤销单位' });
  await confirm.getByText(/确定撤销“测试新社区”吗？/).waitFor();
  await settled(page);
  await checkAccessibility(page, 'units: retire confirmation');
  await confirm.getByRole('button', { name: '取消' }).click();
  await confirm.waitFor({ state: 'hidden' });
  await page.locator('[data-test=unit-detail-name]', { hasText: '测试新社区' }).waitFor();
  await page.locator('[data-test=unit-retire]').click();
  await confirm.getByRole('button', { name: '撤销' }).click();
  await page.locator('.el-message--error').waitFor();

  await pick(page, '社区卫生站');
  await page.locator('[data-test=unit-retire]').click();
  await confirm.getByRole('button', { name: '撤销' }).click();
  await page.getByText('已撤销“社区卫生站”。').waitFor();
  await pick(page, '测试新社区');
  await page.locator('[data-test=unit-retire]').click();
  await confirm.getByRole('button', { name: '撤销' }).click();
  await page.getByText('已撤销“测试新社区”。').waitFor();
  await page.locator(field('unit-filter')).fill('测试新社区');
  await page.locator('[data-test=unit-tree]').getByText('没有符合条件的单位。').waitFor();

  // Shown again with the retired units, marked as such.
  await page.locator('[data-test=unit-show-retired]').click();
  await page.locator('[data-test=unit-tree]').getByText('测试新社区', { exact: true }).click();
  await detail.getByText(/已于 .+ 撤销/).waitFor();
  assert.equal(await page.locator('[data-test=unit-actions]').count(), 0);

  // The list view filters by kind and name, with paging.
  await page.getByRole('tab', { name: '列表视图' }).click();
  await page.locator(field('unit-list-q')).fill('街道');
  await page.locator('[data-test=unit-list-search]').click();
  const list = page.locator('[data-test=unit-list]');
  await list.getByText('城关街道', { exact: true }).waitFor();
  await page.getByText(/共 \d+ 条/).waitFor();
  // Within one township, villages only: its five villages.
  await page.getByRole('button', { name: '重置' }).click();
  await page.locator('.el-select[data-test=unit-list-root]').click();
  await page.locator('.el-select[data-test=unit-list-root] input').fill('青山镇');
  await page.locator('.el-select-dropdown__item:visible', { hasText: '青山镇' }).click();
  await page.locator('[data-test=unit-list-kind]').click();
  await page.locator('.el-select-dropdown__item:visible', { hasText: '村（社区）' }).click();
  await page.locator('[data-test=unit-list-search]').click();
  await page.getByText('共 5 条').waitFor();
  await list.getByText('竹林村', { exact: true }).waitFor();
  await page.waitForFunction(() => !document.querySelector('.el-message'), null, { timeout: 15000 });
  await checkAccessibility(page, 'units list (desktop)');
  await screenshot(page, 'units-list-desktop');
  assert.deepEqual(page.jsErrors, []);
  await page.context().close();
});

test('township staff see the tree but no controls, on a phone too, and the API refuses', async () => {
  const page = await newPage(app, PHONE);
  await loginAs(page, TOWNSHIP_STAFF, DEMO_PASSWORD);
  await page.waitForURL('**/workspace');
  await page.goto('/workspace/units');
  await page.locator('[data-test=unit-tree]').getByText('示范县', { exact: true }).waitFor();
  assert.equal(await page.locator('[data-test=unit-add-root]').count(), 0);
  for (const name of ['示范县', '城关街道', '青山镇']) {
    await pick(page, name);
    await page.locator('[data-test=unit-read-only]').waitFor();
    assert.equal(await page.locator('[data-test=unit-actions]').count(), 0, name);
  }
  await assertNoHorizontalScroll(page);
  await checkAccessibility(page, 'units (phone, staff)');
  await screenshot(page, 'units-phone-staff');

  const status = await page.evaluate(async () => {
    const s = await (await fetch('/api/v1/session')).json();
    const units = await (await fetch('/api/v1/units?kind=county')).json();
    const r = await fetch(`/api/v1/units/${units.items[0].id}`, {
      method: 'PATCH', headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': s.csrf_token },
      body: JSON.stringify({ name: '改名县' }),
    });
    return r.status;
  });
  assert.equal(status, 403);
  assert.deepEqual(page.jsErrors, []);
  await page.context().close();
});

test('the unit page holds at 1920 px', async () => {
  const page = await newPage(app, WIDE);
  await loginAs(page, DEMO_ADMIN, DEMO_PASSWORD);
  await page.waitForURL('**/workspace');
  await page.goto('/workspace/units');
  await page.locator('[data-test=unit-tree]').getByText('示范县', { exact: true }).waitFor();
  await assertNoHorizontalScroll(page);
  await page.context().close();
});
