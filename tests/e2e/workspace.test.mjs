// The workspace: log in from the portal, navigation by role, my account,
// log out.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startApp, newPage, checkAccessibility, screenshot, assertNoHorizontalScroll, loginAs, PHONE, DESKTOP,
} from './browser.mjs';
import { DEMO_ADMIN, DEMO_PASSWORD } from '../api/helpers.mjs';

const DEMO_ACCOUNT = '13800000002';

let app;
before(async () => { app = await startApp(); });
after(async () => { await app?.stop(); });

test('on a phone the admin logs in, reaches the workspace and logs out', async () => {
  const page = await newPage(app, PHONE);
  await page.goto('/');
  await page.locator('[data-test=to-login]').click();
  await page.waitForURL('**/login');
  await page.locator('[data-test=login-phone]').fill(DEMO_ADMIN);
  await page.locator('[data-test=login-password]').fill(DEMO_PASSWORD);
  await page.locator('[data-test=login-password]').press('Enter');
  await page.waitForURL('**/workspace');
  await page.getByRole('heading', { level: 1, name: '您好，系统管理员' }).waitFor();
  await assertNoHorizontalScroll(page);
  await checkAccessibility(page, 'workspace overview (phone)');
  await screenshot(page, 'workspace-overview-phone');

  // The folded navigation opens from the header.
  await page.getByRole('button', { name: '打开或关闭导航菜单' }).click();
  await page.locator('[data-test=nav-admin-system]').waitFor({ state: 'visible' });
  await screenshot(page, 'workspace-menu-phone');
  await page.locator('[data-test=nav-account]').click();
  await page.waitForURL('**/workspace/account');
  const details = page.locator('[data-test=account-details]');
  await details.getByText(DEMO_ADMIN).waitFor();
  await details.getByText('管理员', { exact: true }).waitFor();

  // The session's end is shown in Beijing time although the browser is in New York.
  const expiresAt = await page.evaluate(async () => (await (await fetch('/api/v1/session')).json()).expires_at);
  const expected = new Intl.DateTimeFormat('zh-CN', {
    timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit',
    hour: '2-digit', minute: '2-digit', hour12: false,
  }).format(new Date(expiresAt));
  assert.equal(await page.locator('[data-test=account-expires]').innerText(), expected);
  await checkAccessibility(page, 'my account (phone)');
  await screenshot(page, 'workspace-account-phone');

  await page.locator('[data-test=account-logout]').click();
  await page.waitForURL('**/login');
  const status = await page.evaluate(async () => (await fetch('/api/v1/session')).status);
  assert.equal(status, 401, 'the session is gone on the server');
  await page.goto('/workspace/account');
  await page.waitForURL(/\/login\?redirect=/);
  assert.deepEqual(page.jsErrors, []);
  await page.context().close();
});

test('the workspace navigation shows the admin entries to the admin only', async () => {
  const page = await newPage(app, DESKTOP);
  await loginAs(page, DEMO_ADMIN, DEMO_PASSWORD);
  await page.waitForURL('**/workspace');
  const nav = page.locator('[data-test=ws-nav]');
  await nav.getByRole('heading', { name: '系统管理' }).waitFor();
  await nav.locator('[data-test=nav-admin-system]').click();
  await page.waitForURL('**/workspace/admin/system');
  await page.locator('[data-test=system-version]').getByText('sqlite').waitFor();
  await page.locator('[data-test=system-operations]').getByText('/api/v1/session').first().waitFor();
  await checkAccessibility(page, 'system information (desktop)');
  await screenshot(page, 'workspace-system-desktop');
  await page.context().close();

  const other = await newPage(app, DESKTOP);
  await loginAs(other, DEMO_ACCOUNT, DEMO_PASSWORD);
  await other.waitForURL('**/workspace');
  await other.locator('[data-test=nav-account]').waitFor();
  assert.equal(await other.locator('[data-test=nav-admin-system]').count(), 0);
  assert.equal(await other.locator('[data-test=ws-nav]').getByText('系统管理').count(), 0);
  await other.goto('/workspace/admin/system');
  await other.getByText('您没有访问这个页面的权限').waitFor();
  await checkAccessibility(other, 'forbidden (desktop)');
  await screenshot(other, 'workspace-forbidden-desktop');
  await other.context().close();
});

test('with the keyboard alone the user logs in and returns to the page asked for', async () => {
  const page = await newPage(app, DESKTOP);
  await page.goto('/workspace/account');
  await page.waitForURL(/\/login\?redirect=/);
  await page.locator('[data-test=login-phone]').waitFor();
  const focused = () => page.evaluate(() => document.activeElement?.getAttribute('data-test'));
  for (let i = 0; i < 12 && (await focused()) !== 'login-phone'; i++) await page.keyboard.press('Tab');
  assert.equal(await focused(), 'login-phone', 'Tab reaches the phone field');
  await page.keyboard.type(DEMO_ADMIN);
  await page.keyboard.press('Tab');
  assert.equal(await focused(), 'login-password');
  await page.keyboard.type(DEMO_PASSWORD);
  await page.keyboard.press('Enter');
  await page.waitForURL('**/workspace/account');
  await page.locator('[data-test=account-details]').waitFor();
  await page.context().close();
});
