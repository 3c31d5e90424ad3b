// The language switch in the workspace: it changes the heading, the
// navigation and the server's own error messages, and the choice survives
// a reload (localStorage and the lang cookie the server reads).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startApp, newPage, checkAccessibility, screenshot, loginAs, DESKTOP } from './browser.mjs';
import { DEMO_ADMIN, DEMO_PASSWORD } from '../api/helpers.mjs';

let app;
before(async () => { app = await startApp(); });
after(async () => { await app?.stop(); });

const field = (name) => `input[data-test=${name}], [data-test=${name}] input`;

async function tryMoveUnderOwnChild(page) {
  await page.locator(field('unit-filter')).fill('城关街道');
  await page.locator('[data-test=unit-tree]').getByText('城关街道', { exact: true }).click();
  await page.locator('[data-test=unit-move]').click();
  const dialog = page.locator('[data-test=unit-dialog]');
  await dialog.locator('[data-test=unit-form-parent]').click();
  await dialog.locator(field('unit-form-parent')).fill('府前社区');
  await page.locator('.el-select-dropdown__item:visible', { hasText: '府前社区' }).click();
  await dialog.locator('[data-test=unit-form-submit]').click();
  return dialog.locator('.el-form-item__error');
}

test('switching to English changes heading, navigation and API errors, and survives reload', async () => {
  const page = await newPage(app, DESKTOP);
  await loginAs(page, DEMO_ADMIN, DEMO_PASSWORD);
  await page.waitForURL('**/workspace');
  await page.goto('/workspace/units');
  await page.getByRole('heading', { level: 1, name: '单位架构' }).waitFor();
  const nav = page.locator('[data-test=ws-nav]');
  await nav.getByRole('link', { name: '审计日志' }).waitFor();

  // The server's refusal, in Chinese.
  let error = await tryMoveUnderOwnChild(page);
  await error.getByText('不能把单位移到它自己或它的下级单位之下').waitFor();
  await page.locator('[data-test=unit-dialog]').getByRole('button', { name: '取消' }).click();

  await page.locator('[data-test=lang-switch]').click();
  await page.getByRole('heading', { level: 1, name: 'Units' }).waitFor();
  await nav.getByRole('link', { name: 'Audit log' }).waitFor();
  await nav.getByRole('heading', { name: 'Administration' }).waitFor();
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  assert.match(await page.title(), /^Units · /);

  // The same refusal, now in English: the server reads the lang cookie.
  error = await tryMoveUnderOwnChild(page);
  await error.getByText('A unit cannot move under itself or one of its own descendants').waitFor();
  await page.locator('[data-test=unit-dialog]').getByRole('button', { name: 'Cancel' }).click();

  await page.reload();
  await page.getByRole('heading', { level: 1, name: 'Units' }).waitFor();
  await page.locator('[data-test=unit-tree]').getByText('Township / street').first().waitFor();
  assert.equal(await page.evaluate(() => localStorage.getItem('xieshang.lang')), 'en');
  const cookies = await page.context().cookies();
  assert.equal(cookies.find((c) => c.name === 'lang')?.value, 'en');
  await checkAccessibility(page, 'units (en, desktop)');
  await screenshot(page, 'units-en-desktop');

  await nav.getByRole('link', { name: 'Audit log' }).click();
  await page.getByRole('heading', { level: 1, name: 'Audit log' }).waitFor();
  await page.locator('[data-test=audit-verify]').getByText(/hash chain is intact/).waitFor();
  await screenshot(page, 'audit-en-desktop');

  // Back to Chinese, which persists as well.
  await page.locator('[data-test=lang-switch]').click();
  await page.getByRole('heading', { level: 1, name: '审计日志' }).waitFor();
  await page.reload();
  await page.getByRole('heading', { level: 1, name: '审计日志' }).waitFor();
  assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN');
  assert.deepEqual(page.jsErrors, []);
  await page.context().close();
});
