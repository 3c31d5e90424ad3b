// Shared pieces of the browser tests: a real xieshang server with a fresh
// SQLite demo database serving the built front end (web/dist), Debian's
// Chromium driven by playwright-core, an axe-core accessibility check, and
// screenshots written to tests/out/screenshots/.
import { createRequire } from 'node:module';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { startServer } from '../api/helpers.mjs';

const root = new URL('../..', import.meta.url).pathname;
const require = createRequire(join(root, 'web', 'package.json'));
const { chromium } = require('playwright-core');
const { AxeBuilder } = require('@axe-core/playwright');

export const DIST = join(root, 'web', 'dist');
export const SCREENSHOTS = join(root, 'tests', 'out', 'screenshots');
export const CHROMIUM = process.env.XIESHANG_CHROMIUM || '/usr/bin/chromium';
export const PHONE = { width: 360, height: 740 };
export const DESKTOP = { width: 1440, height: 900 };
export const WIDE = { width: 1920, height: 1080 };

// Start the server and the browser; returns { base, browser, stop() }.
export async function startApp() {
  if (!existsSync(join(DIST, 'index.html'))) {
    throw new Error(`${DIST}/index.html is missing: build the front end first (make web/dist)`);
  }
  mkdirSync(SCREENSHOTS, { recursive: true });
  const server = await startServer({ demo: true, args: ['--web-root', DIST] });
  let browser;
  try {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  } catch (e) {
    await server.stop();
    throw e;
  }
  return {
    base: server.base,
    browser,
    async stop() {
      await browser.close();
      await server.stop();
    },
  };
}

// A new page in a fresh context (no cookies, no storage) of the given size.
// The browser's own language is English and its clock in New York, so the
// tests show that the app chooses Chinese and Beijing time itself. Reduced
// motion keeps screenshots free of half-finished transitions.
export async function newPage(app, viewport = PHONE, options = {}) {
  const context = await app.browser.newContext({
    baseURL: app.base, viewport, locale: 'en-US', timezoneId: 'America/New_York',
    reducedMotion: 'reduce', ...options,
  });
  context.setDefaultTimeout(10000);
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.jsErrors = errors;
  return page;
}

// Fail on any serious or critical accessibility violation of the page.
// Transitions finish first: a toast or dialog half faded in has colours
// that nobody reads, and axe would judge them (looping spinners are not
// waited for). A toast can also start fading out while axe is reading the
// page, so a finding must still be there on a second look a moment later
// to count: a real violation is, a passing fade is not.
async function seriousViolations(page) {
  await page.waitForFunction(() => !document.getAnimations().some(
    (a) => a.playState === 'running' && a.effect?.getComputedTiming().iterations !== Infinity,
  ), null, { timeout: 5000 }).catch(() => {});
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
}

export async function checkAccessibility(page, name) {
  let bad = await seriousViolations(page);
  for (let look = 1; look < 3 && bad.length > 0; look++) {
    await page.waitForTimeout(500);
    bad = await seriousViolations(page);
  }
  assert.deepEqual(bad, [], `accessibility of ${name}`);
}

export async function screenshot(page, name) {
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

// The page fits its viewport: nothing scrolls sideways.
export async function assertNoHorizontalScroll(page) {
  const { scroll, client } = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth,
  }));
  assert.ok(scroll <= client, `page is ${scroll}px wide in a ${client}px viewport`);
}

export async function loginAs(page, phone, password) {
  await page.goto('/login');
  await page.locator('[data-test=login-phone]').fill(phone);
  const pw = page.locator('[data-test=login-password]');
  await pw.fill(password);
  await pw.press('Enter');
}

// Choose a unit in an Element Plus tree-select inside container (a dialog
// or form): open it, type to filter, click the unit, until the field shows
// the choice; then make sure the dropdown has closed. On a loaded machine
// (the sanitizer run) the tree can still be loading or re-filtering when
// the first click lands, and the dropdown can linger over the buttons.
export async function pickTreeUnit(page, container, testId, name) {
  const field = container.locator(`[data-test=${testId}]`);
  const chosen = field.getByText(name, { exact: true });
  const node = page.locator('.el-tree-node__content:visible', { hasText: new RegExp(`^${name}$`) }).first();
  const within = (locator, state, timeout) =>
    locator.waitFor({ state, timeout }).then(() => true, () => false);
  for (let tries = 0; tries < 3 && !(await chosen.isVisible()); tries++) {
    if (!(await node.isVisible())) {
      await field.click();
      await field.locator('input').first().fill(name);
    }
    await node.click();
    await within(chosen, 'visible', 3000);
  }
  await chosen.waitFor();
  if (!(await within(node, 'hidden', 3000))) {
    // A click inside the container's corner, outside the dropdown, closes it.
    await container.click({ position: { x: 4, y: 4 } });
    await node.waitFor({ state: 'hidden' });
  }
}
