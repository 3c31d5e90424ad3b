// People & roles, CPPCC bodies and member import in the browser: county
// staff import a CSV with one bad row, see the row's error, upload the
// corrected file, import, and find the new member in the people list; the
// administrator grants and revokes a role and resets a member's password;
// axe and screenshots throughout.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startApp, newPage, checkAccessibility, screenshot, assertNoHorizontalScroll, loginAs, PHONE, DESKTOP,
  pickTreeUnit,
} from './browser.mjs';
import { Client, DEMO_ADMIN, DEMO_PASSWORD } from '../api/helpers.mjs';
import { xlsx } from './xlsx.mjs';

const COUNTY_STAFF = '13800000011';

let app;
before(async () => { app = await startApp(); });
after(async () => { await app?.stop(); });

const csv = (rows) => Buffer.from(['姓名,手机号,界别,委员活动组', ...rows].join('\n') + '\n');

async function chooseFile(page, name, buffer) {
  await page.locator('[data-test=import-file]').setInputFiles({ name, mimeType: 'text/csv', buffer });
}

test('county staff import members: a bad row is shown, the corrected file imports, the member is listed', async () => {
  const page = await newPage(app, DESKTOP);
  await loginAs(page, COUNTY_STAFF, DEMO_PASSWORD);
  await page.waitForURL('**/workspace');
  await page.locator('[data-test=nav-member-import]').click();
  await page.waitForURL('**/workspace/members/import');
  await page.getByRole('heading', { level: 1, name: '从表格导入政协委员' }).waitFor();
  await page.locator('[data-test=import-committee]').getByText('示范县政协委员会（示范县）').waitFor();

  await chooseFile(page, '委员名单.csv', csv([
    '冯立群,13966660001,经济界,青山镇委员活动组',
    '秦晓梅,13966660002,天文界,白水镇委员活动组',
  ]));
  const rowError = page.locator('[data-test=import-row-error]');
  await rowError.waitFor();
  assert.equal(await rowError.count(), 1);
  assert.equal(await rowError.innerText(), '找不到该界别：天文界');
  assert.match(await page.locator('[data-test=import-summary]').innerText(), /错误 1/);
  assert.ok(await page.locator('[data-test=import-submit]').isDisabled(), 'import stays disabled');
  await page.locator('.row-error').getByText('秦晓梅').waitFor();
  await checkAccessibility(page, 'member import with an error');
  await screenshot(page, 'member-import-error-desktop');

  await chooseFile(page, '委员名单（改）.csv', csv([
    '冯立群,13966660001,经济界,青山镇委员活动组',
    '秦晓梅,13966660002,乡贤界,白水镇委员活动组',
  ]));
  await page.locator('[data-test=import-summary]').getByText('共 2 行：新建 2，更新 0，错误 0').waitFor();
  assert.equal(await rowError.count(), 0);
  await page.locator('[data-test=import-submit]').click();
  await page.locator('[data-test=import-to-people]').waitFor();
  // The success toast, once faded in, is readable too.
  if (await page.locator('.el-message').isVisible()) await checkAccessibility(page, 'import done, with its toast');
  await screenshot(page, 'member-import-done-desktop');

  await page.locator('[data-test=import-to-people]').click();
  await page.waitForURL('**/workspace/people');
  await page.getByRole('textbox', { name: '姓名或手机号' }).fill('13966660002');
  await page.locator('[data-test=people-search]').click();
  const table = page.locator('[data-test=people-table]');
  await table.getByText('秦晓梅').waitFor();
  await table.getByText('乡贤界').waitFor();
  await table.getByText('政协委员 · 示范县').waitFor();
  await checkAccessibility(page, 'people list');
  await screenshot(page, 'people-list-desktop');
  assert.deepEqual(page.jsErrors, []);
  await page.context().close();
});

test('the administrator grants and revokes a role after confirming', async () => {
  const page = await newPage(app, DESKTOP);
  await loginAs(page, DEMO_ADMIN, DEMO_PASSWORD);
  await page.waitForURL('**/workspace');
  await page.goto('/workspace/people');
  await page.getByRole('textbox', { name: '姓名或手机号' }).fill('13900000005');
  await page.locator('[data-test=people-search]').click();
  const table = page.locator('[data-test=people-table]');
  const row = table.locator('.el-table__row').first();
  await row.getByText('13900000005').waitFor();
  await row.locator('[data-test=people-roles]').click();
  const dialog = page.locator('[data-test=roles-dialog]');
  await dialog.locator('[data-test=roles-table]').getByText('示范县').waitFor();
  assert.equal(await dialog.locator('[data-test=role-revoke]').count(), 1);

  await dialog.locator('[data-test=grant-role]').click();
  await page.locator('.el-select-dropdown__item:visible', { hasText: '工作人员' }).click();
  await pickTreeUnit(page, dialog, 'grant-unit', '青山镇');
  await dialog.locator('[data-test=grant-submit]').click();
  await dialog.locator('[data-test=roles-table]').getByText('青山镇').waitFor();
  assert.equal(await dialog.locator('[data-test=role-revoke]').count(), 2);
  // The success toast (Element Plus's green on green) fades first.
  await page.locator('.el-message').waitFor({ state: 'detached' });
  await checkAccessibility(page, 'roles dialog');
  await screenshot(page, 'people-roles-desktop');

  // Revoke asks first; cancelling keeps the role.
  const qingshan = dialog.locator('[data-test=roles-table] .el-table__row', { hasText: '青山镇' });
  await qingshan.locator('[data-test=role-revoke]').click();
  const box = page.locator('.el-message-box');
  await box.getByText('确定撤销').waitFor();
  await box.getByRole('button', { name: '取消' }).click();
  assert.equal(await dialog.locator('[data-test=role-revoke]').count(), 2);
  await qingshan.locator('[data-test=role-revoke]').click();
  await box.getByRole('button', { name: '撤销' }).click();
  await dialog.locator('[data-test=roles-table]').getByText('青山镇').waitFor({ state: 'detached' });
  assert.equal(await dialog.locator('[data-test=role-revoke]').count(), 1);
  assert.deepEqual(page.jsErrors, []);
  await page.context().close();
});

test('on a phone the people list and the CPPCC bodies fit the screen', async () => {
  const page = await newPage(app, PHONE);
  await loginAs(page, COUNTY_STAFF, DEMO_PASSWORD);
  await page.waitForURL('**/workspace');
  await page.goto('/workspace/people');
  await page.locator('[data-test=people-table]').getByText('示范县').first().waitFor();
  await assertNoHorizontalScroll(page);
  await checkAccessibility(page, 'people list (phone)');
  await screenshot(page, 'people-list-phone');
  await page.goto('/workspace/bodies');
  await page.getByRole('heading', { level: 2, name: '示范县政协委员会' }).waitFor();
  await page.locator('[data-test=section-sector]').getByText('乡贤界').waitFor();
  await assertNoHorizontalScroll(page);
  await checkAccessibility(page, 'CPPCC bodies (phone)');
  await screenshot(page, 'bodies-phone');
  assert.deepEqual(page.jsErrors, []);
  await page.context().close();
});

test('county staff create an account with checks next to the fields, and manage a sector', async () => {
  const page = await newPage(app, DESKTOP);
  await loginAs(page, COUNTY_STAFF, DEMO_PASSWORD);
  await page.waitForURL('**/workspace');
  await page.goto('/workspace/people');
  await page.locator('[data-test=people-create]').click();
  const dialog = page.locator('[data-test=create-dialog]');
  await dialog.locator('[data-test=create-submit]').click();
  await dialog.getByText('请填写姓名').waitFor();
  await dialog.getByText('请填写手机号').waitFor();
  await dialog.locator('[data-test=create-phone]').fill('12345');
  await dialog.locator('[data-test=create-password]').fill('short');
  await dialog.locator('[data-test=create-name]').fill('蒋新');
  await dialog.locator('[data-test=create-submit]').click();
  await dialog.getByText('请填写 11 位手机号').waitFor();
  await dialog.getByText('密码至少 8 个字符').waitFor();
  await page.mouse.move(0, 0); // a hovered button is lighter than at rest
  await checkAccessibility(page, 'new account form with errors');
  await screenshot(page, 'people-create-errors-desktop');
  await dialog.locator('[data-test=create-phone]').fill('13988880001');
  await dialog.locator('[data-test=create-password]').fill('Qingshan#2026');
  await pickTreeUnit(page, dialog, 'create-unit', '青山镇');
  await dialog.locator('[data-test=create-submit]').click();
  await dialog.waitFor({ state: 'hidden' });
  await page.getByRole('textbox', { name: '姓名或手机号' }).fill('13988880001');
  await page.locator('[data-test=people-search]').click();
  await page.locator('[data-test=people-table]').getByText('政协委员 · 青山镇').waitFor();

  await page.goto('/workspace/bodies');
  const sectors = page.locator('[data-test=section-sector]');
  await sectors.getByText('乡贤界').waitFor();
  await sectors.locator('[data-test=add-sector]').click();
  const bodyDialog = page.locator('[data-test=body-dialog]');
  await bodyDialog.locator('[data-test=body-name]').fill('科技界');
  await bodyDialog.locator('[data-test=body-save]').click();
  const row = sectors.locator('.el-table__row', { hasText: '科技界' });
  await row.waitFor();
  await row.locator('[data-test=body-rename]').click();
  await bodyDialog.locator('[data-test=body-name]').fill('科学技术界');
  await bodyDialog.locator('[data-test=body-save]').click();
  const renamed = sectors.locator('.el-table__row', { hasText: '科学技术界' });
  await renamed.waitFor();
  await renamed.locator('[data-test=body-retire]').click();
  await page.locator('.el-message-box').getByRole('button', { name: '撤销' }).click();
  await renamed.waitFor({ state: 'detached' });
  await page.waitForFunction(() => !document.querySelector('.el-message'));
  await page.mouse.move(0, 0);
  await checkAccessibility(page, 'CPPCC bodies (desktop)');
  await screenshot(page, 'bodies-desktop');
  assert.deepEqual(page.jsErrors, []);
  await page.context().close();
});

test('an .xlsx file is read in the browser and imports like a CSV', async () => {
  const page = await newPage(app, PHONE);
  await loginAs(page, COUNTY_STAFF, DEMO_PASSWORD);
  await page.waitForURL('**/workspace');
  await page.goto('/workspace/members/import');
  await page.locator('[data-test=import-committee]').getByText('示范县政协委员会（示范县）').waitFor();
  await page.locator('[data-test=import-file]').setInputFiles({
    name: '委员名单.xlsx',
    mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    buffer: xlsx([['委员活动组', '姓名', '手机号', '界别'], ['石门乡委员活动组', '韦一鸣', 13966660003, '教育界']]),
  });
  await page.locator('[data-test=import-summary]').getByText('共 1 行：新建 1，更新 0，错误 0').waitFor();
  await page.locator('[data-test=import-rows]').getByText('13966660003').waitFor();
  await assertNoHorizontalScroll(page);
  await checkAccessibility(page, 'member import preview (phone)');
  await screenshot(page, 'member-import-xlsx-phone');
  await page.locator('[data-test=import-submit]').click();
  await page.locator('[data-test=import-to-people]').waitFor();
  // The success toast, once faded in, is readable too.
  if (await page.locator('.el-message').isVisible()) await checkAccessibility(page, 'import done, with its toast');
  const found = await page.evaluate(async () => (await (await fetch('/api/v1/users?q=13966660003')).json()).items);
  assert.equal(found.length, 1);
  assert.equal(found[0].name, '韦一鸣');
  assert.equal(found[0].group, '石门乡委员活动组');
  assert.deepEqual(page.jsErrors, []);
  await page.context().close();
});

test('the administrator resets a member\'s password: shown once, it works, and must be changed', async () => {
  const MEMBER = '13900000007';
  const page = await newPage(app, DESKTOP);
  await loginAs(page, DEMO_ADMIN, DEMO_PASSWORD);
  await page.waitForURL('**/workspace');
  await page.goto('/workspace/people');
  await page.getByRole('textbox', { name: '姓名或手机号' }).fill(MEMBER);
  await page.locator('[data-test=people-search]').click();
  const row = page.locator('[data-test=people-table] .el-table__row').first();
  await row.getByText(MEMBER).waitFor();

  // Asked first; cancelling leaves the old password working.
  await row.locator('[data-test=people-reset]').click();
  const box = page.locator('.el-message-box');
  await box.getByText(/确定为 .+ 重置密码吗/).waitFor();
  await box.getByRole('button', { name: '取消' }).click();
  await box.waitFor({ state: 'hidden' });
  assert.equal((await new Client(app.base).login(MEMBER, DEMO_PASSWORD)).status, 201);

  await row.locator('[data-test=people-reset]').click();
  await box.getByRole('button', { name: '重置密码' }).click();
  const shown = box.getByText(/新密码：/);
  await shown.waitFor();
  await checkAccessibility(page, 'password reset shown once');
  const password = (await shown.innerText()).match(/新密码：(.+?)。/)[1];
  await box.getByRole('button', { name: '我已记下' }).click();

  assert.equal((await new Client(app.base).login(MEMBER, DEMO_PASSWORD)).status, 401, 'the old password is gone');
  const member = new Client(app.base);
  assert.equal((await member.login(MEMBER, password)).status, 201, 'the shown password works');
  const session = await member.request('GET', '/api/v1/session');
  assert.equal(session.data.must_change_password, true);
  assert.deepEqual(page.jsErrors, []);
  await page.context().close();
});
