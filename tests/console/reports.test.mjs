// The reach report (/console/reports) in a real browser at 1366x768, on real cases from the
// kiosk: the tables, the charts drawn by chart.js (served by the office itself, under the CSP's
// script-src 'self', no error on the console), axe in both languages, the CSV download (the
// BOM first), the page without JavaScript (the tables alone), a bad range, the keyboard.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { checkA11y, launchBrowser, newContext, shot, signIn, startRig, submitLogin } from './rig.mjs';

let rig;
let browser;

before(async () => {
  rig = await startRig({ name: 'reports', cases: 3 });
  const [A, B] = rig.cases;
  await rig.advanceTo(A, 'issued');
  await rig.advanceTo(B, 'division_disposition');
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await rig?.stop();
});

// Errors the page reports (a CSP refusal, a script error).
function watchErrors(page) {
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  return errors;
}

const TITLE = { id: 'Laporan jangkauan layanan', en: 'Reach of the service' };

for (const lang of ['id', 'en']) {
  describe(`the reach report in ${lang === 'id' ? 'Indonesian' : 'English'}`, () => {
    test('tables, charts drawn by chart.js, axe, a screenshot', async () => {
      const { context, page } = await signIn(browser, rig, 'section_head', { lang });
      const errors = watchErrors(page);
      try {
        await Promise.all([page.waitForNavigation(), page.locator('header nav a[href="/console/reports"]').click()]);
        const resp = await page.reload();
        assert.equal(resp.status(), 200);
        assert.match(resp.headers()['content-security-policy'], /script-src 'self'/);
        assert.equal(await page.locator('h1').innerText(), TITLE[lang]);
        assert.equal(await page.locator('header nav a[aria-current="page"]').getAttribute('href'), '/console/reports');
        // The default range is the current month: the three cases made just now.
        assert.equal(await page.locator('.report-total .n').innerText(), '3');
        for (const part of ['unit', 'month', 'status', 'employment', 'step']) {
          assert.ok((await page.locator(`#by-${part} table tbody tr`).count()) >= 1, `${part}: a table with rows`);
        }
        assert.equal(await page.locator('#by-status table tbody tr').count(), 9);
        assert.equal(await page.locator('#by-step table tbody tr').count(), 4);
        // Step 1: three passes, two finished (A and B), one open.
        const step1 = page.locator('#by-step table tbody tr').first().locator('td');
        assert.equal(await step1.nth(1).innerText(), '2');
        assert.equal(await step1.nth(2).innerText(), '1');
        // chart.js drew every chart, with pixels on each canvas.
        await page.waitForFunction(() => document.querySelectorAll('canvas[data-drawn="1"]').length === 5);
        for (const id of ['chart-unit', 'chart-month', 'chart-status', 'chart-employment', 'chart-step']) {
          const painted = await page.evaluate((cid) => {
            const c = document.getElementById(cid);
            const { data } = c.getContext('2d').getImageData(0, 0, c.width, c.height);
            let n = 0;
            for (let i = 3; i < data.length; i += 4) if (data[i] > 0) n++;
            return { n, visible: !c.closest('figure').hidden, w: c.width };
          }, id);
          assert.ok(painted.visible && painted.w > 0 && painted.n > 500, `${id} is drawn: ${JSON.stringify(painted)}`);
        }
        assert.equal(await page.evaluate(() => typeof window.Chart), 'function');
        await checkA11y(page, `${lang}/reports`);
        await shot(page, `${lang}-reports`);
        assert.deepEqual(errors, [], 'no error on the page (CSP, scripts)');
      } finally {
        await context.close();
      }
    });
  });
}

test('the CSV link downloads a file that starts with the BOM', async () => {
  const { context, page } = await signIn(browser, rig, 'head');
  try {
    await page.goto('/console/reports');
    const link = page.locator('#by-unit a.csv');
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    assert.match(download.suggestedFilename(), /^jangkauan-unit-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.csv$/);
    const bytes = fs.readFileSync(await download.path());
    assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    const text = bytes.subarray(3).toString('utf8');
    assert.ok(text.startsWith('work_unit,cases\r\n'), text);
    assert.match(text, /,3\r\n$/);
    // The step table's CSV too, straight from the server.
    const r = await context.request.get((await page.locator('#by-step a.csv').getAttribute('href')));
    assert.equal(r.status(), 200);
    assert.match(r.headers()['content-type'], /^text\/csv/);
    assert.ok((await r.body()).subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf])));
  } finally {
    await context.close();
  }
});

test('without JavaScript the tables are the page; the charts stay hidden', async () => {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, baseURL: rig.url, javaScriptEnabled: false });
  const page = await context.newPage();
  try {
    await page.goto('/console/login');
    await submitLogin(page, 't_verifier', rig.accounts.t_verifier.password);
    await page.goto('/console/reports');
    assert.equal(await page.locator('.report-total .n').innerText(), '3');
    assert.equal(await page.locator('figure.chart:visible').count(), 0);
    assert.equal(await page.locator('#by-month table tbody tr').count(), 1);
    await shot(page, 'id-reports-nojs');
  } finally {
    await context.close();
  }
});

test('a range that ends before it starts is refused with 400 and the form kept', async () => {
  const { context, page } = await signIn(browser, rig, 'admin');
  try {
    const resp = await page.goto('/console/reports?from=2026-03-01&to=2026-02-01');
    assert.equal(resp.status(), 400);
    assert.match(await page.locator('.banner.error').innerText(), /lebih awal/);
    assert.equal(await page.locator('#r-from').inputValue(), '2026-03-01');
    assert.equal(await page.locator('table.report').count(), 0);
    const bad = await page.goto('/console/reports.csv?from=2026-02-30&to=2026-03-01&by=unit');
    assert.equal(bad.status(), 400);
    await checkA11y(page, 'id/reports-400');
  } finally {
    await context.close();
  }
});

test('the range form and the CSV links work from the keyboard alone', async () => {
  const { context, page } = await signIn(browser, rig, 'division_head');
  try {
    await page.goto('/console/reports');
    // A date field takes several Tabs (day, month, year); then the next field, then the button.
    const tabUntil = async (ok) => {
      for (let i = 0; i < 6; ++i) {
        await page.keyboard.press('Tab');
        if (await page.evaluate(ok)) return true;
      }
      return false;
    };
    await page.locator('#r-from').focus();
    assert.ok(await tabUntil(() => document.activeElement.id === 'r-to'), 'Tab reaches the end date');
    assert.ok(await tabUntil(() => document.activeElement.type === 'submit'), 'Tab reaches the button');
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    const url = new URL(page.url());
    assert.equal(url.pathname, '/console/reports');
    assert.match(url.searchParams.get('from') || '', /^\d{4}-\d{2}-01$/);
    assert.equal(await page.locator('.report-total .n').innerText(), '3');
    // After the form, Tab reaches the first CSV link; Enter on it downloads.
    await page.locator('button[type=submit].primary').focus();
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.className), 'csv');
    const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
    assert.match(download.suggestedFilename(), /^jangkauan-unit-/);
  } finally {
    await context.close();
  }
});
