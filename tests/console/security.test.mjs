// The console's guards, in a real browser at 1366x768: wrong passwords, the lock-out, the idle
// timeout, signing out, CSRF, moves a role may not make, stale pages, disabled accounts, and the
// admin's staff forms.
import assert from 'node:assert/strict';
import http from 'node:http';
import { after, before, describe, test } from 'node:test';
import {
  PASSWORD,
  STATUS_LABEL,
  TEXT,
  csrfOf,
  launchBrowser,
  newContext,
  shot,
  signIn,
  sleep,
  startRig,
  statusShown,
  submitAndWait,
  submitLogin,
} from './rig.mjs';

let rig;
let browser;
let D, E; // D stays received (CSRF, forbidden moves, sign-out); E goes stale

before(async () => {
  rig = await startRig({ name: 'security', cases: 2 });
  [D, E] = rig.cases;
  await rig.addAccount('t_head2', 'head', 'Uji head kedua');
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await rig?.stop();
});

const path = (page) => new URL(page.url()).pathname;

async function sessionCookie(context) {
  return (await context.cookies()).find((c) => c.name === 'anjungan_session');
}

// The case at the office is still received with its one history entry.
async function assertUntouched(receipt) {
  const c = await rig.officeCase(receipt);
  assert.equal(c.status, 'received', `${receipt} is still received`);
  assert.equal(c.history.length, 1, `${receipt} has no move in its history`);
}

describe('signing in', () => {
  test('a wrong password: 401 with the message, the name kept, no session', async () => {
    for (const lang of ['id', 'en']) {
      const context = await newContext(browser, rig, { lang });
      const page = await context.newPage();
      try {
        await page.goto('/console/login');
        let resp = await submitLogin(page, 't_head', 'salah-sandi-sekali');
        assert.equal(resp.status(), 401);
        assert.equal(path(page), '/console/login');
        assert.equal(await page.locator('.banner.error[role=alert]').innerText(), TEXT[lang].login_wrong);
        assert.equal(await page.inputValue('#username'), 't_head');
        assert.equal(await page.inputValue('#password'), '');
        assert.equal(await sessionCookie(context), undefined);
        await shot(page, `sec-${lang}-login-wrong`);
        // An unknown name reads the same (nothing tells which names exist).
        resp = await submitLogin(page, 'tidak_ada', 'salah-sandi-sekali');
        assert.equal(resp.status(), 401);
        assert.equal(await page.locator('.banner.error').innerText(), TEXT[lang].login_wrong);
      } finally {
        await context.close();
      }
    }
  });

  test('the right password: 303 to the inbox, an HttpOnly SameSite=Strict cookie', async () => {
    const { context, page } = await signIn(browser, rig, 'head');
    try {
      const c = await sessionCookie(context);
      assert.ok(c && c.value.length >= 40, 'a long random cookie');
      assert.equal(c.httpOnly, true);
      assert.equal(c.sameSite, 'Strict');
      assert.equal(c.path, '/console');
      assert.equal(await page.evaluate(() => document.cookie.includes('anjungan_session')), false);
      // Signed in, the sign-in page sends to the inbox.
      await page.goto('/console/login');
      assert.equal(path(page), '/console/');
    } finally {
      await context.close();
    }
  });

  test('lock-out: after login_lock_after failures even the right password is refused', async () => {
    const lockRig = await startRig({
      name: 'lock',
      kiosk: false,
      office: { login_lock_after: 5, login_free_failures: 3, login_first_delay_seconds: 0 },
    });
    const context = await newContext(browser, lockRig);
    const page = await context.newPage();
    try {
      await page.goto('/console/login');
      for (let i = 1; i <= 5; ++i) {
        const resp = await submitLogin(page, 't_admin', `salah-sandi-${i}-kali`);
        assert.equal(resp.status(), 401, `failure ${i} answers 401`);
      }
      let resp = await submitLogin(page, 't_admin', PASSWORD);
      assert.equal(resp.status(), 429);
      assert.ok(Number(resp.headers()['retry-after']) > 0, 'Retry-After says how long');
      const msg = await page.locator('.banner.error[role=alert]').innerText();
      assert.ok(msg.startsWith(TEXT.id.locked), msg);
      assert.equal(await sessionCookie(context), undefined);
      await shot(page, 'sec-id-login-locked');
      // The lock holds for the client's address too: another account from here is refused.
      resp = await submitLogin(page, 't_verifier', PASSWORD);
      assert.equal(resp.status(), 429);
      const audit = JSON.parse((await lockRig.office(['audit', '--json', '--limit', '50'])).stdout);
      const actions = audit.map((e) => e.action);
      assert.ok(actions.includes('console.locked'), `the lock is audited (${actions})`);
      assert.ok(actions.includes('console.sign_in_refused'));
    } finally {
      await context.close();
      await lockRig.stop();
    }
  });
});

describe('sessions', () => {
  test('idle expiry: with console_idle_seconds = 2, after 3 s the next click lands at sign-in', async () => {
    const idleRig = await startRig({ name: 'idle', kiosk: false, office: { console_idle_seconds: 2 } });
    try {
      const { context, page } = await signIn(browser, idleRig, 'head');
      try {
        // Activity keeps it alive: clicks a quarter of a second apart, longer than 2 s in all.
        // (The office keeps the last request's time in whole seconds, so a session may end up
        // to 1 s before its idle time: the gaps stay well below 1 s.)
        for (let i = 0; i < 9; ++i) {
          await sleep(250);
          const link = page.locator(`header nav a[href="${i % 2 ? '/console/' : '/console/cases'}"]`);
          await Promise.all([page.waitForNavigation(), link.click()]);
          assert.notEqual(path(page), '/console/login', `still signed in after click ${i + 1}`);
        }
        await sleep(3000);
        await Promise.all([page.waitForNavigation(), page.locator('header nav a[href="/console/cases"]').click()]);
        const url = new URL(page.url());
        assert.equal(url.pathname, '/console/login');
        assert.equal(url.searchParams.get('m'), 'expired');
        assert.equal(await page.locator('.banner.info[role=status]').innerText(), TEXT.id.login_expired);
        await shot(page, 'sec-id-login-expired');
        // Signing in again works.
        const resp = await submitLogin(page, 't_head', PASSWORD);
        assert.equal(resp.status(), 303);
        assert.equal(path(page), '/console/');
      } finally {
        await context.close();
      }
    } finally {
      await idleRig.stop();
    }
  });

  test('sign out: back to the sign-in page; back and the inbox URL lead to sign-in; the old cookie is dead', async () => {
    const { context, page } = await signIn(browser, rig, 'head');
    try {
      await page.goto(`/console/cases/${D}`);
      const old = (await sessionCookie(context)).value;
      const button = page.locator('header form[action="/console/logout"] button');
      assert.equal(await button.innerText(), TEXT.id.logout);
      const resp = await submitAndWait(page, button);
      assert.equal(resp.status(), 303);
      let url = new URL(page.url());
      assert.equal(url.pathname, '/console/login');
      assert.equal(url.searchParams.get('m'), 'out');
      assert.equal(await page.locator('.banner.info').innerText(), TEXT.id.login_out);
      assert.equal(await sessionCookie(context), undefined, 'the cookie is cleared');
      // Back to the case page: it is not shown again (no-store), the sign-in page is.
      await page.goBack();
      await page.waitForLoadState('load');
      assert.equal(path(page), '/console/login');
      assert.equal((await page.content()).includes(D), false, 'no trace of the case');
      await page.goto('/console/');
      url = new URL(page.url());
      assert.equal(url.pathname, '/console/login');
      assert.equal(url.searchParams.get('m'), 'needed');
      // The old cookie, sent again by hand, opens nothing: the session ended at the office (and
      // it is not called "timed out").
      const r = await fetch(`${rig.url}/console/`, {
        headers: { Cookie: `anjungan_session=${old}` },
        redirect: 'manual',
      });
      assert.equal(r.status, 303);
      assert.equal(r.headers.get('location'), '/console/login?m=needed');
    } finally {
      await context.close();
    }
  });

  test('a disabled account: the next page goes to sign-in, and signing in again says it is disabled', async () => {
    const { context, page } = await signIn(browser, rig, 't_head2');
    try {
      await rig.office(['staff', 'disable', 't_head2']);
      await Promise.all([page.waitForNavigation(), page.locator('header nav a[href="/console/cases"]').click()]);
      assert.equal(path(page), '/console/login');
      let resp = await submitLogin(page, 't_head2', PASSWORD);
      assert.equal(resp.status(), 401);
      assert.equal(await page.locator('.banner.error[role=alert]').innerText(), TEXT.id.disabled);
      await shot(page, 'sec-id-login-disabled');
      await rig.office(['staff', 'enable', 't_head2']);
      resp = await submitLogin(page, 't_head2', PASSWORD);
      assert.equal(resp.status(), 303);
      assert.equal(path(page), '/console/');
    } finally {
      await context.close();
    }
  });
});

describe('moves that must not happen', () => {
  test('CSRF: a changed, missing or other session\'s token gets 403 and changes nothing', async () => {
    const { context, page } = await signIn(browser, rig, 'head');
    const other = await signIn(browser, rig, 'head');
    try {
      await page.goto(`/console/cases/${D}`);
      const form = page.locator('form.move').filter({ has: page.locator('button[value=head_disposition]') });
      const good = await form.locator('input[name=csrf]').getAttribute('value');
      // One character changed (to another one: the token is random base64url).
      const bad = await form
        .locator('input[name=csrf]')
        .evaluate((i) => (i.value = (i.value[0] === 'A' ? 'B' : 'A') + i.value.slice(1)));
      assert.notEqual(bad, good);
      assert.equal(bad.length, good.length);
      await form.locator('textarea[name=note]').fill('dengan token palsu');
      const resp = await submitAndWait(page, form.locator('button[value=head_disposition]'));
      assert.equal(resp.status(), 403);
      assert.ok((await page.locator('.banner.error').innerText()).startsWith(TEXT.id.forbidden_csrf));
      await shot(page, 'sec-id-403-csrf');
      await assertUntouched(D);

      const post = (p, form) =>
        p.request.post(`/console/cases/${D}`, { form, maxRedirects: 0, failOnStatusCode: false });
      const fields = { from: 'received', to: 'head_disposition', note: 'tanpa token' };
      let r = await post(page, fields);
      assert.equal(r.status(), 403, 'no csrf field');
      r = await post(page, { ...fields, csrf: '' });
      assert.equal(r.status(), 403, 'an empty csrf field');
      const theirs = await csrfOf(other.page);
      assert.notEqual(theirs, good);
      r = await post(page, { ...fields, csrf: theirs });
      assert.equal(r.status(), 403, "another session's token");
      assert.ok((await r.text()).includes(TEXT.id.forbidden_csrf));
      // Logging out needs the token as well.
      r = await page.request.post('/console/logout', { form: { csrf: 'nope' }, maxRedirects: 0, failOnStatusCode: false });
      assert.equal(r.status(), 403);
      await assertUntouched(D);
      await page.reload();
      assert.equal(path(page), `/console/cases/${D}`, 'still signed in');
    } finally {
      await context.close();
      await other.context.close();
    }
  });

  test('a cross-site form carries no session (SameSite=Strict), even with the right token', async () => {
    const { context, page } = await signIn(browser, rig, 'head');
    // An attacker's page on another site (localhost is not 127.0.0.1) with a form to the office.
    let server;
    try {
      await page.goto(`/console/cases/${D}`);
      const token = await csrfOf(page);
      server = http.createServer((req, res) => {
        res.setHeader('Content-Type', 'text/html');
        res.end(
          `<!doctype html><title>x</title><form method="post" action="${rig.url}/console/cases/${D}">` +
            `<input name="csrf" value="${token}"><input name="from" value="received">` +
            `<input name="note" value="dari situs lain"><button name="to" value="head_disposition">go</button></form>`,
        );
      });
      await new Promise((r) => server.listen(0, '127.0.0.1', r));
      await page.goto(`http://localhost:${server.address().port}/`);
      await Promise.all([page.waitForNavigation(), page.click('button')]);
      const url = new URL(page.url());
      assert.equal(url.pathname, '/console/login', 'the office saw no session');
      await assertUntouched(D);
    } finally {
      server?.close();
      await context.close();
    }
  });

  test('a move the role may not make: no button, and its POST gets 403', async () => {
    const { context, page } = await signIn(browser, rig, 'division_head');
    try {
      await page.goto(`/console/cases/${D}`);
      // Of a received case the division head may only reject it (head and division head may).
      const offered = await page.locator('form.move button[name=to]').evaluateAll((bs) => bs.map((b) => b.value));
      assert.deepEqual(offered, ['rejected'], 'no disposition button for the division head');
      const csrf = await csrfOf(page);
      const r = await page.request.post(`/console/cases/${D}`, {
        form: { csrf, from: 'received', to: 'head_disposition', note: 'bukan wewenang saya' },
        maxRedirects: 0,
        failOnStatusCode: false,
      });
      assert.equal(r.status(), 403);
      assert.ok((await r.text()).includes(TEXT.id.forbidden_move));
      await assertUntouched(D);
    } finally {
      await context.close();
    }
    // The head may not skip a step either (received to issued), shown in the browser.
    const head = await signIn(browser, rig, 'head');
    try {
      await head.page.goto(`/console/cases/${D}`);
      // The disposition form, its button's value changed by hand to a skipped step.
      const button = head.page.locator('form.move', { has: head.page.locator('#note-head_disposition') }).locator('button');
      await button.evaluate((b) => (b.value = 'issued'));
      const resp = await submitAndWait(head.page, button);
      assert.equal(resp.status(), 403);
      assert.ok((await head.page.locator('.banner.error').innerText()).includes(TEXT.id.forbidden_move));
      assert.equal(await statusShown(head.page), STATUS_LABEL.id.received);
      await shot(head.page, 'sec-id-403-move');
      await assertUntouched(D);
    } finally {
      await head.context.close();
    }
  });

  test('a stale page: the second head to submit gets 409 with the banner and the fresh state', async () => {
    const first = await signIn(browser, rig, 'head');
    const second = await signIn(browser, rig, 'head');
    try {
      await first.page.goto(`/console/cases/${E}`);
      await second.page.goto(`/console/cases/${E}`);
      const formOf = (p) => p.locator('form.move').filter({ has: p.locator('button[value=head_disposition]') });
      await formOf(first.page).locator('textarea[name=note]').fill('Yang pertama.');
      let resp = await submitAndWait(first.page, formOf(first.page).locator('button'));
      assert.equal(resp.status(), 303);

      await formOf(second.page).locator('textarea[name=note]').fill('Yang kedua.');
      resp = await submitAndWait(second.page, formOf(second.page).locator('button'));
      assert.equal(resp.status(), 409);
      const banner = await second.page.locator('.banner.warn[role=alert]').innerText();
      assert.ok(banner.startsWith(TEXT.id.stale), banner);
      assert.ok(banner.includes(`"${STATUS_LABEL.id.head_disposition}"`), banner);
      assert.equal(await statusShown(second.page), STATUS_LABEL.id.head_disposition);
      assert.equal(await second.page.locator('button[value=head_disposition]').count(), 0, 'no stale button left');
      const history = await second.page.locator('ol.history > li').allInnerTexts();
      assert.equal(history.length, 2, 'one move only');
      assert.ok(history[1].includes('Yang pertama.'));
      assert.equal(history.join('\n').includes('Yang kedua.'), false);
      await shot(second.page, 'sec-id-409-stale');
      const c = await rig.officeCase(E);
      assert.equal(c.status, 'head_disposition');
      assert.equal(c.history.length, 2);
      assert.equal(c.history[1].note, 'Yang pertama.');
    } finally {
      await first.context.close();
      await second.context.close();
    }
  });
});

describe('admin: staff accounts', () => {
  test('a non-admin gets 403 at the admin pages', async () => {
    const { context, page } = await signIn(browser, rig, 'verifier');
    try {
      assert.equal(await page.locator('header nav a[href^="/console/admin"]').count(), 0, 'no admin links');
      for (const p of ['/console/admin/staff', '/console/admin/kiosks', '/console/admin/audit']) {
        const resp = await page.goto(p);
        assert.equal(resp.status(), 403, p);
      }
    } finally {
      await context.close();
    }
  });

  test('the admin adds an account, it signs in; disables it, resets its password, enables it', async () => {
    const { context, page } = await signIn(browser, rig, 'admin');
    const newPassword = 'Sandi-Baru-Petugas-77';
    try {
      await page.goto('/console/admin/staff');
      const add = page.locator('form[action="/console/admin/staff"]');
      await add.locator('[name=name]').fill('t_new');
      await add.locator('[name=display_name]').fill('Petugas Baru');
      await add.locator('[name=role]').selectOption('verifier');
      await add.locator('[name=password]').fill(PASSWORD);
      let resp = await submitAndWait(page, add.locator('button[type=submit]'));
      assert.equal(resp.status(), 201);
      assert.ok((await page.locator('.banner.ok').innerText()).includes('t_new'));
      rig.accounts.t_new = { name: 't_new', role: 'verifier', password: PASSWORD };

      const n = await signIn(browser, rig, 't_new');
      await n.context.close();

      const row = () => page.locator('table.staff tr', { has: page.locator('td.mono', { hasText: /^t_new$/ }) });
      resp = await submitAndWait(page, row().locator('form[action$="/disable"] button'));
      assert.equal(resp.status(), 200);
      const listed = JSON.parse((await rig.office(['staff', 'list', '--json'])).stdout);
      assert.deepEqual(
        listed.filter((p) => p.name === 't_new').map((p) => [p.role, p.display_name, p.active]),
        [['verifier', 'Petugas Baru', false]],
      );
      const c2 = await newContext(browser, rig);
      const p2 = await c2.newPage();
      await p2.goto('/console/login');
      assert.equal((await submitLogin(p2, 't_new', PASSWORD)).status(), 401);
      assert.equal(await p2.locator('.banner.error').innerText(), TEXT.id.disabled);

      await row().locator('form[action$="/password"] input[name=password]').fill(newPassword);
      resp = await submitAndWait(page, row().locator('form[action$="/password"] button'));
      assert.equal(resp.status(), 200);
      resp = await submitAndWait(page, row().locator('form[action$="/enable"] button'));
      assert.equal(resp.status(), 200);
      assert.equal((await submitLogin(p2, 't_new', PASSWORD)).status(), 401, 'the old password is gone');
      assert.equal((await submitLogin(p2, 't_new', newPassword)).status(), 303);
      await c2.close();
    } finally {
      await context.close();
    }
  });
});
