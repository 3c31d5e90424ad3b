// Venues in the browser: an administrator creates a township on the unit
// page and a venue there, ticks 六有 items, uploads evidence and opens the printable
// QR poster; the roll-out report; the portal's venue pages on a phone; a
// township's staff member sees no edit controls on another township's venue
// and the API refuses their change. axe and a screenshot on every page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startApp, newPage, checkAccessibility, screenshot, assertNoHorizontalScroll, loginAs, PHONE, DESKTOP,
  pickTreeUnit,
} from './browser.mjs';
import { Client, DEMO_ADMIN, DEMO_PASSWORD } from '../api/helpers.mjs';

// A 1x1 PNG: the server checks the content, so the bytes must be real.
const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d4948445200000001000000010806000000' +
  '1f15c4890000000d49444154789c6360000002000100e221bc330000000049454e44ae426082', 'hex');

let app, api, township;
before(async () => {
  app = await startApp();
  api = new Client(app.base);
  assert.equal((await api.login(DEMO_ADMIN, DEMO_PASSWORD)).status, 201);
});
after(async () => { await app?.stop(); });

test('an administrator creates a unit and a venue, ticks 六有 items, uploads evidence and prints the QR poster', async () => {
  const page = await newPage(app, DESKTOP);
  await loginAs(page, DEMO_ADMIN, DEMO_PASSWORD);
  await page.waitForURL('**/workspace');

  // The township first, on the unit page: a township is what a county takes.
  await page.locator('[data-test=nav-units]').click();
  await page.waitForURL('**/workspace/units');
  await page.locator('input[data-test=unit-filter], [data-test=unit-filter] input').fill('示范县');
  await page.locator('[data-test=unit-tree]').getByText('示范县', { exact: true }).click();
  await page.locator('[data-test=unit-detail-name]', { hasText: '示范县' }).waitFor();
  await page.locator('[data-test=unit-add-child]').click();
  const dialog = page.locator('[data-test=unit-dialog]');
  await dialog.locator('[data-test=unit-form-kind]').getByText('乡镇（街道）').waitFor();
  await dialog.locator('input[data-test=unit-form-name], [data-test=unit-form-name] input').fill('新丰镇');
  await dialog.locator('[data-test=unit-form-submit]').click();
  await page.getByText('已新增“新丰镇”。').waitFor();
  const found = (await api.request('GET', `/api/v1/units?kind=township&q=${encodeURIComponent('新丰镇')}`)).data.items;
  assert.equal(found.length, 1, 'the new township is stored');
  township = found[0];

  await page.locator('[data-test=nav-venues]').click();
  await page.waitForURL('**/workspace/venues');
  await page.locator('[data-test=venue-list]').getByText('城关街道协商议事室').waitFor();
  await checkAccessibility(page, 'venues list (desktop)');
  await screenshot(page, 'workspace-venues-desktop');

  await page.locator('[data-test=venue-create]').click();
  const form = page.locator('[data-test=venue-form]');
  await form.waitFor();
  // Saving an empty form shows the problems next to the fields.
  await form.locator('[data-test=venue-save]').click();
  await form.getByText('请填写议事室名称').waitFor();
  await form.getByText('请选择议事室所在的乡镇（街道）、村（社区）或企事业单位').waitFor();
  // The theme's hover colour of a primary button is lighter than its rest
  // colour; check the form as it rests, not under the pointer.
  await page.mouse.move(0, 0);
  await page.evaluate(() => document.activeElement?.blur());
  await checkAccessibility(page, 'venue form (desktop)');
  await screenshot(page, 'workspace-venue-form-desktop');

  await pickTreeUnit(page, form, 'venue-unit', '新丰镇');
  await form.locator('[data-test=venue-name]').fill('新丰镇协商议事室');
  await form.locator('[data-test=venue-address]').fill('示范县新丰镇人民路1号');
  await form.locator('[data-test=contact-name-0]').fill('赵新丰');
  await form.locator('[data-test=contact-phone-0]').fill('13612345678');
  await form.locator('[data-test=venue-pilot]').click();
  await form.locator('[data-test=venue-save]').click();
  await page.waitForURL(/\/workspace\/venues\/\d+$/);
  const id = Number(page.url().match(/(\d+)$/)[1]);
  await page.locator('[data-test=venue-title]').getByText('新丰镇协商议事室').waitFor();
  await page.locator('[data-test=venue-pilot-tag]').waitFor();

  // Tick two items; the server keeps them.
  await page.locator('[data-test=check-premises]').click();
  await page.locator('[data-test=venue-notice]').getByText('已保存').waitFor();
  await page.locator('[data-test=check-signage]').click();
  await page.locator('[data-test=item-signage] .el-checkbox.is-checked').waitFor();
  await page.locator('[data-test=item-premises] .el-checkbox.is-checked').waitFor();
  await page.locator('[data-test=item-premises]').getByText(/由 系统管理员 更新/).waitFor();
  // Upload a photo as evidence for the signage.
  await page.locator('[data-test=upload-signage]').setInputFiles({ name: '门牌.png', mimeType: 'image/png', buffer: PNG });
  await page.locator('[data-test=item-signage] img[alt="门牌.png"]').waitFor();
  let v = (await api.request('GET', `/api/v1/venues/${id}`)).data;
  assert.equal(v.is_pilot, true);
  assert.equal(v.unit_id, township.id);
  assert.equal(v.contacts[0].phone, '13612345678');
  assert.deepEqual(v.checklist.filter((c) => c.met).map((c) => c.item), ['premises', 'signage']);
  const evidence = v.checklist.find((c) => c.item === 'signage').evidence;
  assert.equal(evidence.length, 1);
  const bytes = Buffer.from(await (await fetch(app.base + evidence[0].url)).arrayBuffer());
  assert.deepEqual(bytes, PNG);
  await checkAccessibility(page, 'venue detail (desktop)');
  await screenshot(page, 'workspace-venue-detail-desktop');

  // A wrong file gets the server's message and stores nothing.
  await page.locator('[data-test=upload-rules]').setInputFiles({ name: '制度.pdf', mimeType: 'application/pdf', buffer: PNG });
  await page.locator('[data-test=error-rules]').getByText(/只能上传/).waitFor();
  v = (await api.request('GET', `/api/v1/venues/${id}`)).data;
  assert.equal(v.checklist.find((c) => c.item === 'rules').evidence.length, 0);

  await page.locator('[data-test=venue-poster-link]').click();
  await page.waitForURL(`**/venues/${id}/poster`);
  const poster = page.locator('[data-test=poster]');
  await poster.getByText('扫码提出议题').waitFor();
  await poster.getByText('Scan to raise a topic').waitFor();
  await poster.getByText('新丰镇协商议事室').waitFor();
  const qr = page.locator('[data-test=poster-qr]');
  await qr.waitFor();
  await page.waitForFunction(() => document.querySelector('[data-test=poster-qr]').naturalWidth > 0);
  assert.match(await qr.getAttribute('src'), new RegExp(`/api/v1/venues/${id}/qr.svg$`));
  const svg = await (await fetch(app.base + `/api/v1/venues/${id}/qr.svg`)).text();
  assert.match(svg, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  await checkAccessibility(page, 'QR poster (desktop)');
  await screenshot(page, 'workspace-venue-poster-desktop');
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.locator('[data-test=poster-print]').isVisible(), false, 'printing shows the poster only');
  await page.emulateMedia({ media: 'screen' });

  await page.goto('/workspace/venues/rollout');
  const table = page.locator('[data-test=rollout-table]');
  await table.getByText('示范县').waitFor();
  await table.getByText('达标', { exact: true }).waitFor();
  await checkAccessibility(page, 'roll-out report (desktop)');
  await screenshot(page, 'workspace-venue-rollout-desktop');
  assert.deepEqual(page.jsErrors, []);
  await page.context().close();
});

test('the portal shows venues on a phone, with 六有 badges and a button to raise a topic here', async () => {
  const page = await newPage(app, PHONE);
  await page.goto('/venues');
  await page.locator('[data-test=portal-venues]').getByText('城关街道协商议事室').waitFor();
  await assertNoHorizontalScroll(page);
  await checkAccessibility(page, 'portal venues (phone)');
  await screenshot(page, 'portal-venues-phone');
  await page.locator('[data-test=portal-venues]').getByText('城关街道协商议事室').click();
  const venue = page.locator('[data-test=portal-venue]');
  await venue.getByRole('heading', { level: 1, name: '城关街道协商议事室' }).waitFor();
  assert.equal(await page.locator('[data-test=portal-haves] li').count(), 6);
  await venue.getByText(/135\*{4}\d{4}/).waitFor();
  // The raise button carries the venue to the topic form (tests/e2e/topics-portal.test.mjs follows it).
  assert.match(await page.locator('[data-test=raise-topic]').getAttribute('href'), /^\/topics\/new\?venue=\d+$/);
  await assertNoHorizontalScroll(page);
  await checkAccessibility(page, 'portal venue (phone)');
  await screenshot(page, 'portal-venue-phone');
  assert.deepEqual(page.jsErrors, []);
  await page.context().close();
});

test('a township staff member sees no edit controls on another township\'s venue; the API refuses', async () => {
  const other = (await api.request('GET', `/api/v1/venues?q=&limit=200`)).data.items.find((x) => x.unit_name === '城东街道');
  const own = (await api.request('GET', `/api/v1/venues?limit=200`)).data.items.find((x) => x.unit_name === '城关街道');
  const page = await newPage(app, PHONE);
  await loginAs(page, '13800000101', DEMO_PASSWORD);
  await page.waitForURL('**/workspace');
  await page.goto('/workspace/venues');
  await page.locator('[data-test=venue-list]').getByText(other.name).waitFor();
  await assertNoHorizontalScroll(page);
  await checkAccessibility(page, 'venues list (phone)');
  await screenshot(page, 'workspace-venues-phone');
  await page.goto(`/workspace/venues/${other.id}`);
  await page.locator('[data-test=venue-title]').getByText(other.name).waitFor();
  await page.locator('[data-test=venue-readonly]').waitFor();
  assert.equal(await page.locator('[data-test=venue-edit]').count(), 0);
  assert.equal(await page.locator('[data-test=venue-retire]').count(), 0);
  assert.equal(await page.locator('[data-test=upload-premises]').count(), 0);
  assert.equal(await page.locator('[data-test=check-premises] input').isDisabled(), true);
  await assertNoHorizontalScroll(page);
  await checkAccessibility(page, 'venue read-only (phone)');
  await screenshot(page, 'workspace-venue-readonly-phone');
  const status = await page.evaluate(async (venueId) => {
    const s = await (await fetch('/api/v1/session')).json();
    const r = await fetch(`/api/v1/venues/${venueId}`, {
      method: 'PATCH', headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': s.csrf_token },
      body: JSON.stringify({ name: '越权改名' }),
    });
    return r.status;
  }, other.id);
  assert.equal(status, 403);
  assert.equal((await api.request('GET', `/api/v1/venues/${other.id}`)).data.name, other.name);

  // Their own street's venue is theirs to edit.
  await page.goto(`/workspace/venues/${own.id}`);
  await page.locator('[data-test=venue-edit]').waitFor();
  assert.deepEqual(page.jsErrors, []);
  await page.context().close();
});
