// A topic from a resident's phone to the CPPCC office's decision and back:
// on a 360 px phone a resident opens a venue's page as its QR code does,
// raises a topic there, is shown a similar topic already raised, still
// submits their own; on a desktop the street's staff find it in the
// screening queue and accept it with a reason; the resident's "my topics"
// then says 已采纳 with that reason. axe and screenshots on each page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startApp, newPage, checkAccessibility, screenshot, assertNoHorizontalScroll, loginAs, PHONE, DESKTOP,
} from './browser.mjs';
import { Client, DEMO_PASSWORD } from '../api/helpers.mjs';

const STAFF = '13800000101'; // 周海燕, staff of 城关街道
const RESIDENT = '13700000001'; // a demo resident of 城关街道
const TITLE = '府前社区老年活动室开放时间太短';
const REASON = '老年人活动需求集中，列入本季度协商';

let app, venue, similar;
before(async () => {
  app = await startApp();
  const staff = new Client(app.base);
  assert.equal((await staff.login(STAFF, DEMO_PASSWORD)).status, 201);
  venue = (await staff.request('GET', '/api/v1/venues?limit=200')).data.items
    .find((v) => v.name === '城关街道协商议事室');
  assert.ok(venue, 'the demo has 城关街道协商议事室');
  // A topic already raised in the street, open for supports: the one the
  // resident should be offered. Raised here so that the test owns it.
  const neighbour = new Client(app.base);
  assert.equal((await neighbour.login('13700000002', DEMO_PASSWORD)).status, 201);
  const r = await neighbour.request('POST', '/api/v1/topics', {
    json: { title: '府前社区老年活动室开放时间短', body: '活动室只在上午开放两小时，老人下午没有地方活动。', place: '府前社区', affected: 300, unit_id: venue.unit_id },
  });
  assert.equal(r.status, 201, r.text);
  similar = r.data;
});
after(async () => { await app?.stop(); });

// An Element Plus input or textarea: data-test on the element or a wrapper.
const input = (name) => `input[data-test=${name}], [data-test=${name}] input`;

test('a resident raises a topic from a venue QR link; staff accept it; the resident sees 已采纳 with the reason', async () => {
  // The resident, on a phone, arrives as the venue's QR code sends them.
  const phone = await newPage(app, PHONE);
  await loginAs(phone, RESIDENT, DEMO_PASSWORD);
  await phone.waitForURL((u) => !u.pathname.startsWith('/login'));
  await phone.goto(`/venues/${venue.id}`);
  await phone.getByRole('heading', { level: 1, name: '城关街道协商议事室' }).waitFor();
  await checkAccessibility(phone, 'venue page from the QR code (phone)');
  await phone.locator('[data-test=raise-topic]').click();
  await phone.waitForURL(new RegExp(`/topics/new\\?venue=${venue.id}$`));
  await phone.locator('[data-test=new-venue]').getByText('城关街道协商议事室').waitFor();

  // While the title is typed, the similar topic is suggested.
  await phone.locator(input('new-title')).pressSequentially('府前社区老年活动室', { delay: 30 });
  const suggestion = phone.locator(`[data-test=similar-${similar.id}]`);
  await suggestion.getByText(similar.title).waitFor();
  await phone.locator(`[data-test=support-instead-${similar.id}]`).waitFor();
  await assertNoHorizontalScroll(phone);
  await checkAccessibility(phone, 'raise with a similar topic suggested (phone)');
  await screenshot(phone, 'flow-raise-similar-phone');

  // A different point after all: the resident submits their own.
  await phone.locator(input('new-title')).fill(TITLE);
  await phone.locator('textarea[data-test=new-body], [data-test=new-body] textarea')
    .fill('周末活动室不开门，希望周末和晚上也能开放，并安排志愿者值守。');
  await phone.locator(input('new-place')).fill('府前社区服务中心二楼');
  await phone.locator(input('new-affected')).fill('300');
  await phone.locator('[data-test=new-submit]').click();
  await phone.waitForURL(/\/topics\/\d+\?raised=1$/);
  const id = Number(new URL(phone.url()).pathname.split('/').pop());
  await phone.locator('[data-test=topic-state-submitted]').first().waitFor();
  await screenshot(phone, 'flow-raised-phone');

  // The street's staff, on a desktop, find it in the queue and accept it.
  const desk = await newPage(app, DESKTOP);
  await loginAs(desk, STAFF, DEMO_PASSWORD);
  await desk.waitForURL('**/workspace');
  await desk.locator('[data-test=nav-screening]').click();
  await desk.waitForURL('**/workspace/topics');
  await desk.locator(input('screening-filter-q')).fill('老年活动室');
  await desk.locator('[data-test=screening-search]').click();
  const open = desk.locator(`[data-test=screening-open-${id}]`);
  await open.waitFor();
  await checkAccessibility(desk, 'screening queue with the new topic');
  await open.click();
  const drawer = desk.locator('[data-test=topic-drawer]');
  await drawer.getByText('周末活动室不开门', { exact: false }).waitFor();
  await drawer.getByText('扫码提交', { exact: false }).waitFor();
  await drawer.locator('[data-test=action-accept]').click();
  const dialog = desk.locator('[data-test=screen-dialog-accept]');
  await dialog.locator('textarea[data-test=screen-reason], [data-test=screen-reason] textarea').fill(REASON);
  await dialog.locator('[data-test=screen-confirm]').click();
  await dialog.waitFor({ state: 'hidden' });
  await drawer.locator('[data-test=topic-state-accepted]').first().waitFor();
  await drawer.locator('[data-test=drawer-history]').getByText(REASON).waitFor();
  await screenshot(desk, 'flow-accepted-desktop');
  assert.deepEqual(desk.jsErrors, []);
  await desk.context().close();

  // Back on the phone: my topics says 已采纳, with the reason.
  await phone.goto('/my/topics');
  const mine = phone.locator(`[data-test=mine-${id}]`);
  await mine.getByText(TITLE).waitFor();
  await mine.getByText('已采纳').waitFor();
  await mine.getByText(REASON).waitFor();
  await assertNoHorizontalScroll(phone);
  await checkAccessibility(phone, 'my topics after the decision (phone)');
  await screenshot(phone, 'flow-my-topics-accepted-phone');
  assert.deepEqual(phone.jsErrors, []);
  await phone.context().close();
});
