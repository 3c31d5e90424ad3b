// Accounts in the browser: a resident registers on a phone (fields checked
// where they are, the server's refusal shown by its field), lands on the
// welcome page logged in, changes the password, and makes, copies and
// revokes an API token; the login page shows the lock after too many
// failures; after an administrator's reset the user is asked for a new
// password first. Every page is checked with axe, for sideways scrolling
// at 360 px, and photographed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startApp, newPage, checkAccessibility, screenshot, assertNoHorizontalScroll, loginAs, PHONE, DESKTOP,
} from './browser.mjs';
import { Client, DEMO_ADMIN, DEMO_PASSWORD } from '../api/helpers.mjs';

let app;
before(async () => { app = await startApp(); });
after(async () => { await app?.stop(); });

// Move the pointer off the button just pressed (a hovered button is paler)
// and let its colour transition finish before axe measures contrast.
async function settle(page) {
  await page.mouse.move(0, 0);
  await page.waitForTimeout(400);
}

async function pick(page, select, option) {
  await page.locator(`[data-test=${select}]`).click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

test('a resident registers on a phone, changes the password and makes and revokes an API token', async () => {
  const page = await newPage(app, PHONE, { permissions: ['clipboard-read', 'clipboard-write'] });
  await page.goto('/login');
  await page.locator('[data-test=login-to-register]').click();
  await page.waitForURL('**/register');
  await page.getByRole('heading', { level: 1, name: '注册居民账号' }).waitFor();
  await page.getByText('密码至少 8 个字符，不能是常见密码').waitFor();
  await assertNoHorizontalScroll(page);
  await checkAccessibility(page, 'registration (phone)');
  await screenshot(page, 'register-phone');

  // Nothing filled in: each field says what it needs, and nothing is sent.
  await page.locator('[data-test=register-submit]').click();
  await page.getByText('请输入姓名').waitFor();
  await page.getByText('请选择村或社区').waitFor();

  await page.locator('[data-test=register-phone]').fill('13800000002');
  await page.locator('[data-test=register-name]').fill('张小梅');
  await page.locator('[data-test=register-password]').fill('Resident#2026');
  await page.locator('[data-test=register-confirm]').fill('Resident#2026');
  await pick(page, 'register-township', '城关街道');
  await page.locator('[data-test=register-village]').click();
  await page.getByRole('option').filter({ hasText: '社区' }).first().click();
  await assertNoHorizontalScroll(page);
  await screenshot(page, 'register-filled-phone');
  // The number is taken: the server's message appears by the phone field.
  await page.locator('[data-test=register-submit]').click();
  await page.getByText('该手机号码已注册').waitFor();
  await settle(page);
  await checkAccessibility(page, 'registration with an error (phone)');

  await page.locator('[data-test=register-phone]').fill('13500000001');
  await page.locator('[data-test=register-submit]').click();
  await page.waitForURL('**/welcome');
  await page.getByRole('heading', { level: 1, name: '欢迎您，张小梅' }).waitFor();
  await page.getByText('提出身边事').waitFor();
  await assertNoHorizontalScroll(page);
  await checkAccessibility(page, 'welcome (phone)');
  await screenshot(page, 'welcome-phone');

  // My account: change the password.
  await page.locator('[data-test=welcome-account]').click();
  await page.waitForURL('**/workspace/account');
  await page.locator('[data-test=password-current]').fill('wrong-password');
  await page.locator('[data-test=password-next]').fill('Changed#2026x');
  await page.locator('[data-test=password-confirm]').fill('Changed#2026x');
  await page.locator('[data-test=password-submit]').click();
  await page.getByText('当前密码不正确').waitFor();
  await page.locator('[data-test=password-current]').fill('Resident#2026');
  await page.locator('[data-test=password-submit]').click();
  await page.getByText('密码已修改，其他设备上的登录已退出。').waitFor();
  const relog = await new Client(app.base).login('13500000001', 'Changed#2026x');
  assert.equal(relog.status, 201, 'the new password works');

  // API tokens: none yet, then one made, its secret shown once and copied.
  await page.locator('[data-test=tokens-empty]').waitFor();
  await page.locator('[data-test=token-name]').fill('社区数据对接');
  await page.locator('[data-test=token-create]').click();
  const secret = await page.locator('[data-test=token-secret]').innerText();
  assert.match(secret, /^xs_[A-Za-z0-9_-]{43}$/);
  await page.locator('[data-test=token-copy]').click();
  await page.getByText('已复制').waitFor();
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), secret);
  const list = page.locator('[data-test=token-list]');
  await list.getByText('社区数据对接').waitFor();
  await list.getByText(secret.slice(0, 11)).waitFor();
  assert.ok(!(await list.innerText()).includes(secret.slice(11)), 'the list never shows the secret');
  const used = await fetch(`${app.base}/api/v1/session`, { headers: { authorization: `Bearer ${secret}` } });
  assert.equal(used.status, 200, 'the token works');
  await assertNoHorizontalScroll(page);
  await settle(page);
  await checkAccessibility(page, 'my account with a token (phone)');
  await screenshot(page, 'account-token-phone');
  await page.locator('[data-test=token-secret-done]').click();

  // Revoke after confirming; the token stops working.
  await list.getByRole('button', { name: '撤销' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByText('撤销后，使用令牌“社区数据对接”的系统将无法再访问。').waitFor();
  await screenshot(page, 'account-token-revoke-phone');
  await dialog.getByRole('button', { name: '撤销' }).click();
  await page.locator('[data-test=tokens-empty]').waitFor();
  const dead = await fetch(`${app.base}/api/v1/session`, { headers: { authorization: `Bearer ${secret}` } });
  assert.equal(dead.status, 401);
  assert.deepEqual(page.jsErrors, []);
  await page.context().close();
});

test('the login page says when to come back after too many failures', async () => {
  const page = await newPage(app, DESKTOP);
  for (let i = 0; i < 4; i++) {
    await loginAs(page, '13800000003', 'not-the-password');
    await page.getByText(`还可以再试 ${4 - i} 次`).waitFor();
  }
  await loginAs(page, '13800000003', 'not-the-password');
  await page.getByText('登录失败次数过多，请在 15 分钟后再试').waitFor();
  await settle(page);
  await checkAccessibility(page, 'login locked (desktop)');
  await screenshot(page, 'login-locked-desktop');
  await page.context().close();
});

test('after an administrator resets the password, the account page asks for a new one first', async () => {
  const admin = new Client(app.base);
  assert.equal((await admin.login(DEMO_ADMIN, DEMO_PASSWORD)).status, 201);
  const staff = new Client(app.base);
  const id = (await staff.login('13800000104', DEMO_PASSWORD)).data.user.id;
  const r = await admin.request('POST', `/api/v1/users/${id}/password`, { json: { password: 'Reset#Pass2026' } });
  assert.equal(r.status, 200);

  const page = await newPage(app, PHONE);
  await loginAs(page, '13800000104', 'Reset#Pass2026');
  await page.waitForURL('**/workspace/account');
  await page.locator('[data-test=must-change]').waitFor();
  await assertNoHorizontalScroll(page);
  await checkAccessibility(page, 'forced password change (phone)');
  await screenshot(page, 'account-must-change-phone');
  // Elsewhere in the workspace leads back here until it is done.
  await page.goto('/workspace');
  await page.waitForURL('**/workspace/account');
  await page.locator('[data-test=password-current]').fill('Reset#Pass2026');
  await page.locator('[data-test=password-next]').fill('Mine#Again2026');
  await page.locator('[data-test=password-confirm]').fill('Mine#Again2026');
  await page.locator('[data-test=password-submit]').click();
  await page.locator('[data-test=must-change]').waitFor({ state: 'detached' });
  await page.goto('/workspace');
  await page.waitForURL(/\/workspace$/);
  assert.deepEqual(page.jsErrors, []);
  await page.context().close();
});
