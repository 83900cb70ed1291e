// The schedule book (/console/schedule) in a real browser at 1366x768, on real cases from the
// kiosk moved on to step 4: the verifier adds a session with the form, assigns a case from the
// list of cases waiting, sees it on the week view and on the case page; a full session refuses
// (409); the head may look but not add; axe in both languages; screenshots of the list, the
// session and the week (docs/screens/console-schedule.png is the week's).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { checkA11y, launchBrowser, shot, signIn, startRig, submitAndWait } from './rig.mjs';

let rig;
let browser;

before(async () => {
  rig = await startRig({ name: 'schedule', cases: 3 });
  const [A, B] = rig.cases;
  await rig.advanceTo(A, 'sent_to_bsre');
  await rig.advanceTo(B, 'bsre_registration');
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await rig?.stop();
});

// The next Monday in the office's time (WIB, UTC+7), as YYYY-MM-DD.
function nextMonday() {
  const wib = new Date(Date.now() + 7 * 3600 * 1000);
  const day = wib.getUTCDay(); // 0 Sunday .. 6 Saturday
  const ahead = ((8 - day) % 7) || 7;
  return new Date(wib.getTime() + ahead * 86400 * 1000).toISOString().slice(0, 10);
}
const MONDAY = nextMonday();
const WEDNESDAY = new Date(Date.parse(MONDAY) + 2 * 86400 * 1000).toISOString().slice(0, 10);

async function axeClean(page, label) {
  const violations = await checkA11y(page, label);
  assert.deepEqual(
    violations.map((v) => `${v.impact} ${v.id}`),
    [],
    `axe finds nothing at ${label}`,
  );
}

async function addSession(page, { date, start, end, place, capacity }) {
  await page.fill('#s-date', date);
  await page.fill('#s-start', start);
  await page.fill('#s-end', end);
  await page.fill('#s-place', place);
  await page.fill('#s-capacity', String(capacity));
  return submitAndWait(page, page.locator('#add-h + p + form button[type=submit]'));
}

describe('the schedule book', () => {
  test('the verifier adds a session, assigns a case, sees the week; a full session refuses', async () => {
    const [A, B] = rig.cases;
    const { context, page } = await signIn(browser, rig, 'verifier');
    try {
      await Promise.all([page.waitForNavigation(), page.locator('header nav a[href="/console/schedule"]').click()]);
      assert.equal(await page.locator('h1').innerText(), 'Buku jadwal kegiatan');
      assert.equal(await page.locator('header nav a[aria-current="page"]').getAttribute('href'), '/console/schedule');
      await axeClean(page, 'id/schedule (empty)');

      // A bad time: 422, the field named and marked, what was typed kept.
      let resp = await addSession(page, { date: MONDAY, start: '11:00', end: '09:00', place: 'Ruang Rapat Lt. 2', capacity: 2 });
      assert.equal(resp.status(), 422);
      assert.match(await page.locator('.banner.error').innerText(), /Selesai/);
      assert.equal(await page.locator('#s-end').getAttribute('aria-invalid'), 'true');
      assert.equal(await page.locator('#s-place').inputValue(), 'Ruang Rapat Lt. 2');
      await axeClean(page, 'id/schedule (refused)');

      resp = await addSession(page, { date: MONDAY, start: '09:00', end: '11:00', place: 'Ruang Rapat Diskominfo, Lt. 2', capacity: 1 });
      assert.equal(resp.status(), 303);
      assert.match(new URL(page.url()).pathname, /^\/console\/schedule\/\d+$/);
      const sessionUrl = new URL(page.url()).pathname;
      assert.match(await page.locator('.banner.ok').innerText(), /Sesi ditambahkan/);
      // Both step-4 cases wait to be scheduled; the third (still received) does not.
      const waiting = page.locator('table.waiting tbody tr');
      assert.equal(await waiting.count(), 2);
      assert.equal(await page.locator(`table.waiting a[href="/console/cases/${rig.cases[2]}"]`).count(), 0);
      await axeClean(page, 'id/schedule session (empty)');

      resp = await submitAndWait(page, page.locator(`table.waiting tr:has(a[href="/console/cases/${A}"]) button`));
      assert.equal(resp.status(), 303);
      assert.match(await page.locator('.banner.ok').innerText(), /dijadwalkan/);
      assert.equal(await page.locator(`table.people a[href="/console/cases/${A}"]`).count(), 1);
      assert.match(await page.locator('dl.session').innerText(), /penuh/);

      // Full: B is refused with 409 and the page says why.
      await page.fill('#a-receipt', B);
      resp = await submitAndWait(page, page.locator('#assign-h ~ form button[type=submit]'));
      assert.equal(resp.status(), 409);
      assert.match(await page.locator('.banner.error').innerText(), /penuh/);
      await shot(page, 'id-schedule-session');
      await axeClean(page, 'id/schedule session (full)');

      // A second session on Wednesday with room for B.
      await page.goto('/console/schedule');
      resp = await addSession(page, { date: WEDNESDAY, start: '13:30', end: '15:00', place: 'Aula Kantor Wali Kota', capacity: 10 });
      assert.equal(resp.status(), 303);
      await page.fill('#a-receipt', B);
      resp = await submitAndWait(page, page.locator('#assign-h ~ form button[type=submit]'));
      assert.equal(resp.status(), 303);

      // The list: both sessions with their places left.
      await page.goto('/console/schedule');
      const rows = page.locator('table.sessions tbody tr');
      assert.equal(await rows.count(), 2);
      assert.match(await rows.nth(0).innerText(), /09:00–11:00 WIB[\s\S]*penuh/);
      assert.match(await rows.nth(1).innerText(), /13:30–15:00 WIB[\s\S]*sisa 9 tempat/);
      await shot(page, 'id-schedule-list');

      // The week: Monday to Friday, both sessions in their days, the links to the weeks around.
      await Promise.all([page.waitForNavigation(), page.locator('.schedule-views a', { hasText: 'Per minggu' }).click()]);
      await page.goto(`/console/schedule?view=week&week=${WEDNESDAY}`);
      const heads = page.locator('table.week thead th');
      assert.equal(await heads.count(), 5);
      assert.match(await heads.nth(0).innerText(), /^Senin/);
      assert.match(await heads.nth(4).innerText(), /^Jumat/);
      const cells = page.locator('table.week tbody td');
      assert.equal(await cells.nth(0).locator(`a.slot[href="${sessionUrl}"]`).count(), 1);
      assert.equal(await cells.nth(0).locator('a.slot.full').count(), 1);
      assert.match(await cells.nth(2).locator('a.slot').innerText(), /13:30–15:00[\s\S]*Aula Kantor Wali Kota/);
      assert.equal(await cells.nth(1).locator('a.slot').count(), 0);
      await axeClean(page, 'id/schedule week');
      await shot(page, 'id-schedule-week');
      await Promise.all([page.waitForNavigation(), page.locator('a[rel=next]').click()]);
      assert.equal(await page.locator('table.week a.slot').count(), 0);
      await Promise.all([page.waitForNavigation(), page.locator('a[rel=prev]').click()]);
      assert.equal(await page.locator('table.week a.slot').count(), 2);

      // The case page names its session.
      await page.goto(`/console/cases/${A}`);
      assert.equal(await page.locator(`.schedule-of-case a[href="${sessionUrl}"]`).count(), 1);
      assert.match(await page.locator('.schedule-of-case').innerText(), /09:00–11:00 WIB/);

      // The CSV: the BOM, one line per applicant.
      const csv = await page.request.get(`/console/schedule.csv?from=${MONDAY}&to=${WEDNESDAY}`);
      assert.equal(csv.status(), 200);
      const body = await csv.body();
      assert.deepEqual([...body.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
      const text = body.toString('utf8');
      assert.ok(text.includes(A) && text.includes(B));
    } finally {
      await context.close();
    }
  });

  for (const lang of ['id', 'en']) {
    test(`the head may look but not add (${lang}); axe on the week`, async () => {
      const { context, page } = await signIn(browser, rig, 'head', { lang });
      try {
        await page.goto(`/console/schedule?view=week&week=${MONDAY}`);
        assert.equal(await page.locator('#add-h').count(), 0);
        assert.ok((await page.locator('table.week a.slot').count()) >= 1);
        assert.equal((await page.locator('table.week thead th').first().innerText()).split('\n')[0], lang === 'id' ? 'Senin' : 'Monday');
        await axeClean(page, `${lang}/schedule week (head)`);
        await page.goto('/console/schedule');
        await axeClean(page, `${lang}/schedule list (head)`);
        await page.locator('table.sessions a').first().click();
        await page.waitForLoadState('load');
        assert.equal(await page.locator('#assign-h').count(), 0, 'no assign form for the head');
        await axeClean(page, `${lang}/schedule session (head)`);
        if (lang === 'en') await shot(page, 'en-schedule-session-head');
      } finally {
        await context.close();
      }
    });
  }
});
