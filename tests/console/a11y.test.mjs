// Every page of the console in both languages, at 1366x768: axe-core finds no serious or
// critical violation, the page says its language, no template tag is left, and (with
// CONSOLE_SCREENSHOTS set) a full-page screenshot of each. The language switch in the header and
// on the sign-in page.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  STATUS_LABEL,
  TEXT,
  checkA11y,
  launchBrowser,
  newContext,
  shot,
  signIn,
  startRig,
  statusShown,
  submitAndWait,
  submitLogin,
} from './rig.mjs';

let rig;
let browser;
let X, Y, Z, Q; // received; at division_disposition; returned; goes stale twice
const checked = [];

before(async () => {
  rig = await startRig({ name: 'a11y', cases: 4 });
  [X, Y, Z, Q] = rig.cases;
  await rig.advanceTo(Y, 'division_disposition');
  await rig.advanceTo(Z, 'division_disposition');
  await rig.office([
    'case', 'advance', Z, '--to', 'returned', '--role', 'section_head', '--actor', 'setup_section_head',
    '--note', 'Mohon diperbaiki.', '--reason', 'KTP tidak terbaca / KTP not readable', '--reason', 'Swafoto buram',
  ]);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await rig?.stop();
  console.log(`# axe checked ${checked.length} pages: ${checked.join(', ')}`);
});

// The checks of one page: its language, no template left, axe, a screenshot.
async function check(page, lang, name) {
  assert.equal(await page.evaluate(() => document.documentElement.lang), lang, `${name}: <html lang>`);
  const html = await page.content();
  assert.equal(/\{\{|\}\}/.test(html), false, `${name}: a template tag is left`);
  assert.ok((await page.title()).length > 0, `${name}: a title`);
  await checkA11y(page, `${lang}/${name}`);
  await shot(page, `${lang}-${name}`);
  checked.push(`${lang}/${name}`);
}

async function goto(page, url, expectStatus = 200) {
  const resp = await page.goto(url);
  assert.equal(resp.status(), expectStatus, url);
  return resp;
}

for (const lang of ['id', 'en']) {
  const L = STATUS_LABEL[lang];
  describe(`every page in ${lang === 'id' ? 'Indonesian' : 'English'}`, () => {
    test('sign-in pages', async () => {
      const context = await newContext(browser, rig, { lang });
      const page = await context.newPage();
      try {
        await goto(page, '/console/login');
        await check(page, lang, 'login');
        const resp = await submitLogin(page, 't_head', 'bukan-sandi-yang-benar');
        assert.equal(resp.status(), 401);
        await check(page, lang, 'login-wrong');
        await goto(page, '/console/login?m=expired');
        assert.equal(await page.locator('.banner.info').innerText(), TEXT[lang].login_expired);
        await check(page, lang, 'login-expired');
        // A page that is not there (no session needed to be told so).
        await goto(page, '/console/no-such-page', 404);
        await check(page, lang, 'error-404');
      } finally {
        await context.close();
      }
    });

    test('inbox and all cases', async () => {
      const { context, page } = await signIn(browser, rig, 'head', { lang });
      try {
        assert.equal(await page.locator('h1').innerText(), TEXT[lang].inbox);
        assert.ok((await page.locator('table.cases').innerText()).includes(X));
        await check(page, lang, 'inbox');
        await goto(page, '/console/cases');
        assert.equal(await page.locator('table.cases tbody tr').count(), 4);
        await check(page, lang, 'cases');
        await goto(page, `/console/cases?status=division_disposition&q=Siti`);
        assert.equal(await page.locator('table.cases tbody tr').count(), 1);
        await check(page, lang, 'cases-filtered');
        await goto(page, `/console/cases?q=tidak-ada-yang-cocok`);
        await check(page, lang, 'cases-none');
        await goto(page, `/console/cases?from=2026-13-45`, 400);
        await check(page, lang, 'cases-bad-date');
      } finally {
        await context.close();
      }
      const admin = await signIn(browser, rig, 'admin', { lang });
      try {
        await check(admin.page, lang, 'inbox-admin');
      } finally {
        await admin.context.close();
      }
    });

    test('case pages: the head\'s moves, the section head\'s return form, a returned case', async () => {
      const head = await signIn(browser, rig, 'head', { lang });
      try {
        await goto(head.page, `/console/cases/${X}`);
        assert.equal(await statusShown(head.page), L.received);
        assert.equal(await head.page.locator('form.move').count(), 2);
        // Every preview image has loaded (the KTP, the selfie and the PDF pages drawn as PNG).
        const images = await head.page.locator('.docs img').evaluateAll((imgs) =>
          imgs.map((i) => ({ src: i.getAttribute('src'), ok: i.complete && i.naturalWidth > 0, alt: i.alt })),
        );
        assert.ok(images.length >= 4, `previews: ${JSON.stringify(images)}`);
        for (const i of images) {
          assert.ok(i.ok, `the preview ${i.src} loaded`);
          assert.ok(i.alt.length > 0, `the preview ${i.src} has an alt text`);
        }
        await check(head.page, lang, 'case');
      } finally {
        await head.context.close();
      }
      const section = await signIn(browser, rig, 'section_head', { lang });
      try {
        await goto(section.page, `/console/cases/${Y}`);
        assert.equal(await section.page.locator('input[type=checkbox][name=reasons]').count(), 8);
        await check(section.page, lang, 'case-return-form');
        await goto(section.page, `/console/cases/${Z}`);
        assert.equal(await statusShown(section.page), L.returned);
        assert.deepEqual(await section.page.locator('ul.reasons li').allInnerTexts(), [
          'KTP tidak terbaca / KTP not readable',
          'Swafoto buram',
        ]);
        await check(section.page, lang, 'case-returned');
      } finally {
        await section.context.close();
      }
    });

    test('admin pages: staff, kiosks, audit', async () => {
      const { context, page } = await signIn(browser, rig, 'admin', { lang });
      try {
        await goto(page, '/console/admin/staff');
        assert.equal(await page.locator('table.staff tbody tr').count(), 5);
        await check(page, lang, 'staff');
        await goto(page, '/console/admin/kiosks');
        assert.ok((await page.locator('table').innerText()).includes('PKY1'));
        await check(page, lang, 'kiosks');
        await goto(page, '/console/admin/audit');
        assert.ok((await page.locator('table.audit tbody tr').count()) > 5);
        await check(page, lang, 'audit');
        await goto(page, `/console/admin/audit?case=${X}`);
        await check(page, lang, 'audit-case');
        // A password refused at the staff form: the error banner.
        const add = page.locator('form[action="/console/admin/staff"]');
        await goto(page, '/console/admin/staff');
        await add.locator('[name=name]').fill(`t_pendek_${lang}`);
        await add.locator('[name=password]').evaluate((i) => i.removeAttribute('minlength'));
        await add.locator('[name=password]').fill('pendek');
        const resp = await submitAndWait(page, add.locator('button[type=submit]'));
        assert.equal(resp.status(), 422);
        await check(page, lang, 'staff-refused');
      } finally {
        await context.close();
      }
    });

    test('refusals: 403 (token, move), 409 (stale), 422 (no reason), 404 (no case)', async () => {
      const head = await signIn(browser, rig, 'head', { lang });
      try {
        // 403: the form's token changed.
        await goto(head.page, `/console/cases/${X}`);
        const form = head.page.locator('form.move', { has: head.page.locator('#note-head_disposition') });
        await form.locator('input[name=csrf]').evaluate((i) => (i.value = 'palsu'));
        let resp = await submitAndWait(head.page, form.locator('button'));
        assert.equal(resp.status(), 403);
        assert.ok((await head.page.locator('.banner.error').innerText()).startsWith(TEXT[lang].forbidden_csrf));
        await check(head.page, lang, 'refused-403-csrf');
        // 403: a move the role may not make (the button's value changed by hand).
        await goto(head.page, `/console/cases/${X}`);
        await form.locator('button').evaluate((b) => (b.value = 'issued'));
        resp = await submitAndWait(head.page, form.locator('button'));
        assert.equal(resp.status(), 403);
        assert.ok((await head.page.locator('.banner.error').innerText()).includes(TEXT[lang].forbidden_move));
        await check(head.page, lang, 'refused-403-move');
        // 404: no such case.
        await goto(head.page, '/console/cases/PKY1-000000-0000-0', 404);
        await check(head.page, lang, 'refused-404-case');
      } finally {
        await head.context.close();
      }
      // 409: the page showed one status; the case moved meanwhile (at the command line).
      const [who, from, next] =
        lang === 'id'
          ? ['head', 'received', ['head_disposition', 'head']]
          : ['division_head', 'head_disposition', ['division_disposition', 'division_head']];
      const stale = await signIn(browser, rig, who, { lang });
      try {
        await goto(stale.page, `/console/cases/${Q}`);
        assert.equal(await stale.page.locator('form.move input[name=from]').first().getAttribute('value'), from);
        await rig.advance(Q, next[0], next[1]);
        const button = stale.page.locator(`button[value=${next[0]}]`);
        const resp = await submitAndWait(stale.page, button);
        assert.equal(resp.status(), 409);
        assert.ok((await stale.page.locator('.banner.warn').innerText()).startsWith(TEXT[lang].stale));
        assert.equal(await statusShown(stale.page), L[next[0]]);
        await check(stale.page, lang, 'refused-409-stale');
      } finally {
        await stale.context.close();
      }
      // 422: returning without a reason.
      const section = await signIn(browser, rig, 'section_head', { lang });
      try {
        await goto(section.page, `/console/cases/${Y}`);
        const resp = await submitAndWait(section.page, section.page.locator('button[value=returned]'));
        assert.equal(resp.status(), 422);
        assert.ok((await section.page.locator('.banner.error').innerText()).includes(TEXT[lang].need_reasons));
        await check(section.page, lang, 'refused-422-reasons');
      } finally {
        await section.context.close();
      }
    });
  });
}

describe('the checker itself', () => {
  test('checkA11y fails on a serious violation (an image without alt, a nameless button)', async () => {
    const context = await newContext(browser, rig);
    const page = await context.newPage();
    try {
      await page.goto('/console/login');
      await page.evaluate(() => {
        const img = document.createElement('img');
        img.src = '/console/static/console.css';
        document.querySelector('main').append(img, document.createElement('button'));
      });
      await assert.rejects(checkA11y(page, 'broken on purpose', { print: false }), /image-alt|button-name/);
    } finally {
      await context.close();
    }
  });
});

describe('the language switch', () => {
  test('the header link switches the page it is on, and back; the sign-in page has its own', async () => {
    const context = await newContext(browser, rig);
    const page = await context.newPage();
    try {
      await page.goto('/console/login');
      assert.equal(await page.evaluate(() => document.documentElement.lang), 'id');
      await Promise.all([page.waitForNavigation(), page.locator('.lang-switch a').click()]);
      assert.equal(new URL(page.url()).pathname, '/console/login');
      assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
      assert.equal(await page.locator('h1').innerText(), 'Sign in to the console');
      await submitLogin(page, 't_head', rig.accounts.t_head.password);
      assert.equal(await page.locator('h1').innerText(), 'Inbox', 'the choice holds after signing in');

      await page.goto(`/console/cases/${X}`);
      const link = page.locator('header a.lang');
      assert.equal(await link.innerText(), 'Bahasa Indonesia');
      await Promise.all([page.waitForNavigation(), link.click()]);
      assert.equal(new URL(page.url()).pathname, `/console/cases/${X}`, 'back on the same page');
      assert.equal(await page.evaluate(() => document.documentElement.lang), 'id');
      assert.equal(await statusShown(page), STATUS_LABEL.id.received);
      assert.equal(await page.locator('header a.lang').innerText(), 'English');
      const cookie = (await context.cookies()).find((c) => c.name === 'anjungan_lang');
      assert.equal(cookie.value, 'id');
      // The switch sends nowhere outside the console.
      const r = await page.request.get('/console/lang?to=en&back=//evil.example/', { maxRedirects: 0 });
      assert.equal(r.status(), 303);
      assert.equal(r.headers().location, '/console/');
    } finally {
      await context.close();
    }
  });
});
