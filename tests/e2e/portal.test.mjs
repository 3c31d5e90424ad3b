// The public portal in a phone-sized browser: Chinese by default, the
// language switch and its persistence, the login form's messages.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startApp, newPage, checkAccessibility, screenshot, assertNoHorizontalScroll, PHONE, WIDE,
} from './browser.mjs';
import { DEMO_ADMIN } from '../api/helpers.mjs';

let app;
before(async () => { app = await startApp(); });
after(async () => { await app?.stop(); });

test('the portal loads in Chinese on a 360×740 phone', async () => {
  const page = await newPage(app, PHONE);
  const scripts = [];
  page.on('request', (r) => { if (r.resourceType() === 'script') scripts.push(r.url()); });
  await page.goto('/');
  await page.getByRole('heading', { level: 1, name: '身边事，大家商量着办' }).waitFor();
  await page.waitForLoadState('networkidle');
  assert.deepEqual(scripts.filter((u) => /Workspace|Overview|Account|SystemPage/.test(u)), [],
    'the portal does not load the workspace\'s code');
  assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN');
  assert.match(await page.title(), /首页 · 协商/);
  const cookies = await page.context().cookies();
  assert.equal(cookies.find((c) => c.name === 'lang')?.value, 'zh-CN', 'the lang cookie is set from the start');
  await assertNoHorizontalScroll(page);
  await checkAccessibility(page, 'home (zh-CN, phone)');
  await screenshot(page, 'portal-home-zh-phone');

  await page.getByRole('link', { name: '关于平台' }).first().click();
  await page.getByRole('heading', { level: 1, name: '关于协商平台' }).waitFor();
  await page.locator('[data-test=about-version]').waitFor();
  assert.match(await page.locator('[data-test=about-version]').innerText(), /当前运行版本 \d/);
  await assertNoHorizontalScroll(page);
  await checkAccessibility(page, 'about (zh-CN, phone)');
  await screenshot(page, 'portal-about-zh-phone');
  assert.deepEqual(page.jsErrors, []);
  await page.context().close();
});

test('the language switch turns the page English and persists across reload', async () => {
  const page = await newPage(app, PHONE);
  await page.goto('/');
  await page.locator('[data-test=lang-switch]').click();
  await page.getByRole('heading', { level: 1, name: 'Local matters, settled by talking them through' }).waitFor();
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  let cookies = await page.context().cookies();
  assert.equal(cookies.find((c) => c.name === 'lang')?.value, 'en');
  assert.equal(await page.evaluate(() => localStorage.getItem('xieshang.lang')), 'en');

  await page.reload();
  await page.getByRole('heading', { level: 1, name: 'Local matters, settled by talking them through' }).waitFor();
  assert.match(await page.title(), /Home · Xieshang/);
  await checkAccessibility(page, 'home (en, phone)');
  await screenshot(page, 'portal-home-en-phone');

  // Back to Chinese, which persists too.
  await page.locator('[data-test=lang-switch]').click();
  await page.getByRole('heading', { level: 1, name: '身边事，大家商量着办' }).waitFor();
  await page.reload();
  await page.getByRole('heading', { level: 1, name: '身边事，大家商量着办' }).waitFor();
  cookies = await page.context().cookies();
  assert.equal(cookies.find((c) => c.name === 'lang')?.value, 'zh-CN');
  await page.context().close();
});

test('a wrong password shows the server\'s message in the chosen language', async () => {
  const page = await newPage(app, PHONE);
  await page.goto('/login');
  await page.getByRole('heading', { level: 1, name: '登录协商平台' }).waitFor();

  // Checked before sending: the message sits next to the field.
  await page.locator('[data-test=login-submit]').click();
  await page.getByText('请输入手机号码').waitFor();
  await page.locator('[data-test=login-phone]').fill('123');
  await page.locator('[data-test=login-password]').focus();
  await page.getByText('手机号码应为以 1 开头的 11 位数字').waitFor();

  await page.locator('[data-test=login-phone]').fill(DEMO_ADMIN);
  await page.locator('[data-test=login-password]').fill('wrong-password');
  await page.locator('[data-test=login-password]').press('Enter');
  const alert = page.getByRole('alert').filter({ hasText: '手机号码或密码不正确' });
  await alert.waitFor();
  assert.ok(page.url().endsWith('/login'), 'stays on the login page');
  await checkAccessibility(page, 'login with error (zh-CN, phone)');
  await screenshot(page, 'portal-login-error-zh-phone');

  // In English the server answers in English.
  await page.locator('[data-test=lang-switch]').click();
  await page.locator('[data-test=login-password]').press('Enter');
  const english = page.getByRole('alert').filter({ hasText: /[A-Za-z]{4}/ });
  await english.waitFor();
  assert.doesNotMatch(await english.innerText(), /手机/);
  await page.context().close();
});

test('an unknown address shows the not-found page; wide screens hold the layout', async () => {
  const page = await newPage(app, WIDE);
  await page.goto('/no/such/page');
  await page.getByText('没有找到这个页面').waitFor();
  await checkAccessibility(page, 'not found (zh-CN, wide)');
  await page.goto('/');
  await page.getByRole('heading', { level: 1 }).waitFor();
  await assertNoHorizontalScroll(page);
  await screenshot(page, 'portal-home-zh-1920');
  await page.context().close();
});
