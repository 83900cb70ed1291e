// The console's work on real cases, in a real browser at 1366x768: a case walked through the
// whole SOP by the four roles, one returned for correction (and the kiosk told why), one
// rejected by the head, and one step done with the keyboard alone.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  STATUS_LABEL,
  TEXT,
  launchBrowser,
  newContext,
  shot,
  signIn,
  startRig,
  statusShown,
  submitAndWait,
} from './rig.mjs';

let rig;
let browser;
let A, B, C, K; // the walked, returned, rejected and keyboard cases

before(async () => {
  rig = await startRig({ name: 'walk', cases: 4 });
  [A, B, C, K] = rig.cases;
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await rig?.stop();
});

// From the inbox (the header's link), the case's row link: the case page.
async function openFromInbox(page, receipt) {
  await Promise.all([page.waitForNavigation(), page.locator('header nav a[href="/console/"]').click()]);
  assert.equal(new URL(page.url()).pathname, '/console/');
  const link = page.locator('table.cases a', { hasText: receipt });
  assert.equal(await link.count(), 1, `${receipt} is listed once in the inbox`);
  await Promise.all([page.waitForNavigation(), link.click()]);
  assert.equal(new URL(page.url()).pathname, `/console/cases/${receipt}`);
}

function moveForm(page, to) {
  return page.locator('form.move').filter({ has: page.locator(`button[name=to][value="${to}"]`) });
}

// Fills the note of the move to `to` and presses its button; asserts the move went through.
async function moveWithNote(page, receipt, to, note, lang = 'id') {
  const form = moveForm(page, to);
  assert.equal(await form.count(), 1, `a form for the move to ${to}`);
  assert.equal(await form.locator('input[name=from]').getAttribute('value'), await currentCode(page));
  await form.locator('textarea[name=note]').fill(note);
  const resp = await submitAndWait(page, form.locator(`button[name=to][value="${to}"]`));
  assert.equal(resp.status(), 303, `the move to ${to} answers 303`);
  const url = new URL(page.url());
  assert.equal(url.pathname, `/console/cases/${receipt}`);
  assert.equal(url.searchParams.get('moved'), to);
  assert.equal(await statusShown(page), STATUS_LABEL[lang][to]);
  const ok = await page.locator('.banner.ok').innerText();
  assert.ok(ok.includes(TEXT[lang].moved) && ok.includes(STATUS_LABEL[lang][to]), ok);
}

// The status code the page's move forms were drawn for (their hidden "from").
async function currentCode(page) {
  return page.locator('form.move input[name=from]').first().getAttribute('value');
}

// The history list of the case page: [{status, text}].
async function historyShown(page) {
  return page.locator('ol.history > li').evaluateAll((lis) =>
    lis.map((li) => ({ status: li.querySelector('.status').textContent.trim(), text: li.innerText })),
  );
}

describe('the SOP, role by role', () => {
  test('one case from received to issued by the four roles, each from their own inbox', async () => {
    const steps = [
      ['head', ['head_disposition']],
      ['division_head', ['division_disposition']],
      ['section_head', ['section_verified']],
      ['verifier', ['sent_to_bsre', 'bsre_registration', 'issued']],
    ];
    const notes = {};
    for (const [role, moves] of steps) {
      const { context, page } = await signIn(browser, rig, role);
      try {
        for (const to of moves) {
          await openFromInbox(page, A);
          // Only this role's moves are offered; the reject/return ones are there for the roles
          // that may make them.
          const offered = await page.locator('form.move button[name=to]').evaluateAll((bs) => bs.map((b) => b.value));
          assert.ok(offered.includes(to), `${role} is offered ${to} (offered: ${offered})`);
          notes[to] = `Catatan ${role} untuk ${to}: lanjut.`;
          await moveWithNote(page, A, to, notes[to]);
          await shot(page, `walk-${to}`);
        }
        // The case has left this role's inbox (the verifier's only once it is issued).
        await page.goto('/console/');
        assert.equal(await page.locator('table.cases a', { hasText: A }).count(), 0, `${A} left ${role}'s inbox`);
      } finally {
        await context.close();
      }
    }
    const office = await rig.officeCase(A);
    assert.equal(office.status, 'issued');
    const moves = office.history.slice(1);
    assert.deepEqual(
      moves.map((h) => [h.status, h.actor, h.role, h.note]),
      [
        ['head_disposition', 't_head', 'head', notes.head_disposition],
        ['division_disposition', 't_division_head', 'division_head', notes.division_disposition],
        ['section_verified', 't_section_head', 'section_head', notes.section_verified],
        ['sent_to_bsre', 't_verifier', 'verifier', notes.sent_to_bsre],
        ['bsre_registration', 't_verifier', 'verifier', notes.bsre_registration],
        ['issued', 't_verifier', 'verifier', notes.issued],
      ],
    );
    // The case page shows the whole history, and the issued case offers nobody a move.
    const { context, page } = await signIn(browser, rig, 'admin');
    try {
      await page.goto(`/console/cases/${A}`);
      const h = await historyShown(page);
      assert.equal(h.length, 7);
      assert.equal(h[6].status, STATUS_LABEL.id.issued);
      assert.ok(h[6].text.includes(notes.issued));
      assert.equal(await page.locator('form.move').count(), 0);
    } finally {
      await context.close();
    }
    // The kiosk learns it at its next sync.
    await rig.sync();
    assert.equal((await rig.kioskCase(A)).status, 'issued');
  });
});

describe('returned and rejected', () => {
  test('the section head returns a case with two listed reasons and a free one; the kiosk shows them', async () => {
    await rig.advanceTo(B, 'division_disposition');
    const { context, page } = await signIn(browser, rig, 'section_head');
    try {
      await openFromInbox(page, B);
      const form = moveForm(page, 'returned');
      // No reason at all: refused, nothing changed.
      await form.locator('textarea[name=note]').fill('Mohon dilengkapi.');
      let resp = await submitAndWait(page, form.locator('button[value=returned]'));
      assert.equal(resp.status(), 422);
      assert.ok((await page.locator('.banner.error').innerText()).includes(TEXT.id.need_reasons));
      assert.equal(await statusShown(page), STATUS_LABEL.id.division_disposition);
      assert.equal((await rig.officeCase(B)).status, 'division_disposition');

      // Two listed reasons (by their labels) and one of our own.
      const again = moveForm(page, 'returned');
      await again.getByLabel('KTP tidak terbaca').check();
      await again.getByLabel('SK bukan yang terbaru').check();
      const own = 'Swafoto terpotong di bagian dahi';
      await again.getByLabel('Alasan lain').fill(own);
      const note = 'Mohon perbaiki lalu ajukan kembali di anjungan.';
      await again.locator('textarea[name=note]').fill(note);
      await shot(page, 'walk-return-filled');
      resp = await submitAndWait(page, again.locator('button[value=returned]'));
      assert.equal(resp.status(), 303);
      assert.equal(await statusShown(page), STATUS_LABEL.id.returned);
      const reasons = await page.locator('ol.history > li').last().locator('ul.reasons li').allInnerTexts();
      assert.deepEqual(reasons, [
        'KTP tidak terbaca / KTP not readable',
        'SK bukan yang terbaru / SK is not the latest',
        own,
      ]);
      await shot(page, 'walk-returned');

      const office = await rig.officeCase(B);
      assert.equal(office.status, 'returned');
      assert.equal(office.history.at(-1).note, note);
      assert.equal(office.history.at(-1).actor, 't_section_head');

      // The kiosk: status returned, the note and each reason as a "- reason" line.
      await rig.sync();
      const k = await rig.kioskCase(B);
      assert.equal(k.status, 'returned');
      const last = k.history.at(-1);
      assert.equal(last.status, 'returned');
      const lines = last.note.split('\n');
      assert.equal(lines[0], note);
      assert.deepEqual(lines.slice(1), [
        '- KTP tidak terbaca / KTP not readable',
        '- SK bukan yang terbaru / SK is not the latest',
        `- ${own}`,
      ]);
    } finally {
      await context.close();
    }
  });

  test('the head rejects a case: without a note refused with a message, then with a note', async () => {
    const { context, page } = await signIn(browser, rig, 'head');
    try {
      await openFromInbox(page, C);
      const form = moveForm(page, 'rejected');
      const button = form.locator('button[value=rejected]');
      const note = form.locator('textarea[name=note]');
      // The note is required: the browser keeps the form and says why.
      assert.equal(await note.getAttribute('required'), '');
      const before = page.url();
      let posts = 0;
      const onRequest = (r) => (posts += r.method() === 'POST' ? 1 : 0);
      page.on('request', onRequest);
      await button.click();
      await page.waitForTimeout(300);
      page.off('request', onRequest);
      assert.equal(posts, 0, 'no submission without a note');
      assert.equal(page.url(), before);
      const why = await note.evaluate((t) => t.validationMessage);
      assert.ok(why.length > 0, 'the browser says the note is missing');
      // Blanks only get past the browser; the office refuses them with its own message.
      await note.fill('   ');
      let resp = await submitAndWait(page, button);
      assert.equal(resp.status(), 422);
      assert.ok((await page.locator('.banner.error').innerText()).includes(TEXT.id.need_note));
      assert.equal(await statusShown(page), STATUS_LABEL.id.received);
      assert.equal((await rig.officeCase(C)).status, 'received');
      await shot(page, 'walk-reject-refused');
      // With a note.
      const text = 'Pemohon bukan pegawai Pemerintah Kota Palangka Raya.';
      await moveForm(page, 'rejected').locator('textarea[name=note]').fill(text);
      resp = await submitAndWait(page, moveForm(page, 'rejected').locator('button[value=rejected]'));
      assert.equal(resp.status(), 303);
      assert.equal(await statusShown(page), STATUS_LABEL.id.rejected);
      assert.ok((await page.locator('ol.history > li').last().innerText()).includes(text));
      const office = await rig.officeCase(C);
      assert.equal(office.status, 'rejected');
      assert.equal(office.history.length, 2);
      assert.equal(office.history.at(-1).note, text);
      await rig.sync();
      const k = await rig.kioskCase(C);
      assert.equal(k.status, 'rejected');
      assert.ok(k.history.at(-1).note.includes(text));
    } finally {
      await context.close();
    }
  });
});

describe('the keyboard alone', () => {
  // Presses Tab (or Shift+Tab) until `match` holds for the focused element; at most `max` times.
  async function tabTo(page, match, { back = false, max = 80 } = {}) {
    for (let i = 0; i < max; ++i) {
      await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
      if (await page.evaluate(match)) return i + 1;
    }
    throw new Error(`Tab never reached the element (${match})`);
  }

  test('sign in, open the case from the inbox, write the note and move it, by keyboard', async () => {
    const context = await newContext(browser, rig);
    const page = await context.newPage();
    try {
      await page.goto('/console/login');
      // The user name field has the focus from the start (autofocus, applied once the page has
      // been drawn: waited for, briefly).
      await page.waitForFunction(() => document.activeElement?.id === 'username', null, { timeout: 3000 });
      await page.keyboard.type('t_head');
      await page.keyboard.press('Tab');
      assert.equal(await page.evaluate(() => document.activeElement.id), 'password');
      await page.keyboard.type(rig.accounts.t_head.password);
      // Shift+Tab back to the name and Tab again: the order holds both ways.
      await page.keyboard.press('Shift+Tab');
      assert.equal(await page.evaluate(() => document.activeElement.id), 'username');
      await page.keyboard.press('Tab');
      let resp = await submitAndWait(page, null, { press: 'Enter' });
      assert.equal(resp.status(), 303);
      assert.equal(new URL(page.url()).pathname, '/console/');

      // The first stop is the skip link, visible when focused, and it leads into the main part.
      await page.keyboard.press('Tab');
      const skip = await page.evaluate(() => {
        const a = document.activeElement;
        const r = a.getBoundingClientRect();
        return { cls: a.className, href: a.getAttribute('href'), visible: r.left >= 0 && r.width > 0 };
      });
      assert.deepEqual(skip, { cls: 'skip', href: '#main', visible: true });

      // To the case's row link; its focus is drawn (an outline).
      await tabTo(page, `document.activeElement.textContent.trim() === ${JSON.stringify(K)}`);
      const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
      assert.notEqual(outline, 'none', 'the focused link shows a focus ring');
      await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
      assert.equal(new URL(page.url()).pathname, `/console/cases/${K}`);

      // To the note of the disposition, typed; then on to its button, and Space presses it.
      await tabTo(page, `document.activeElement.id === 'note-head_disposition'`);
      const note = 'Didisposisikan dengan papan ketik.';
      await page.keyboard.type(note);
      await page.keyboard.press('Tab');
      assert.equal(
        await page.evaluate(() => `${document.activeElement.name}=${document.activeElement.value}`),
        'to=head_disposition',
      );
      await shot(page, 'walk-keyboard-focus');
      resp = await submitAndWait(page, null, { press: 'Space' });
      assert.equal(resp.status(), 303);
      assert.equal(await statusShown(page), STATUS_LABEL.id.head_disposition);
      const office = await rig.officeCase(K);
      assert.equal(office.status, 'head_disposition');
      assert.equal(office.history.at(-1).note, note);
      assert.equal(office.history.at(-1).actor, 't_head');
    } finally {
      await context.close();
    }
  });
});

describe('the list a case was opened from', () => {
  test(
    'opened from a filtered list, the case page links back to it, before and after a move',
    async () => {
      const { context, page } = await signIn(browser, rig, 'division_head');
      try {
        await page.goto('/console/cases?status=head_disposition');
        const link = page.locator('table.cases a', { hasText: K });
        await Promise.all([page.waitForNavigation(), link.click()]);
        const back = page.locator('nav.case-nav a').first();
        assert.equal(await back.getAttribute('href'), '/console/cases?status=head_disposition');
        const form = moveForm(page, 'division_disposition');
        assert.equal(await form.locator('input[name=list]').getAttribute('value'), 'status=head_disposition');
        await form.locator('textarea[name=note]').fill('Diteruskan dari daftar tersaring.');
        const resp = await submitAndWait(page, form.locator('button'));
        assert.equal(resp.status(), 303);
        assert.equal(await statusShown(page), STATUS_LABEL.id.division_disposition);
        assert.equal(
          await page.locator('nav.case-nav a').first().getAttribute('href'),
          '/console/cases?status=head_disposition',
          'still the filtered list after the move',
        );
      } finally {
        await context.close();
      }
    },
  );
});
