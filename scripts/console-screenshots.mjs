// Screenshots of the office console's pages in both languages, in Debian's chromium driven by
// playwright-core (scripts/run.sh calls it when there is no display).
//   node scripts/console-screenshots.mjs BASE_URL OUT_DIR
// Accounts and passwords come from the environment: CONSOLE_ACCOUNTS="head:PW verifier:PW ...".
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';

const [base, out] = process.argv.slice(2);
if (!base || !out) {
  console.error('usage: node scripts/console-screenshots.mjs BASE_URL OUT_DIR');
  process.exit(2);
}
const accounts = Object.fromEntries((process.env.CONSOLE_ACCOUNTS || '').split(' ').filter(Boolean)
  .map((pair) => [pair.slice(0, pair.indexOf(':')), pair.slice(pair.indexOf(':') + 1)]));
mkdirSync(out, { recursive: true });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
});
let count = 0;
async function shoot(page, name) {
  await page.screenshot({ path: `${out}/${name}.png`, fullPage: true });
  count++;
}
try {
  for (const lang of ['id', 'en']) {
    for (const [role, pages] of [
      ['head', ['inbox', 'cases', 'case']],
      ['admin', ['staff', 'kiosks', 'audit', 'mail', 'reports', 'schedule', 'week']],
    ]) {
      if (!accounts[role]) continue;
      const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
      await context.addCookies([{ name: 'anjungan_lang', value: lang, url: `${base}/console/` }]);
      const page = await context.newPage();
      await page.goto(`${base}/console/login`);
      if (role === 'head') await shoot(page, `login-${lang}`);
      await page.fill('input[name=username]', role);
      await page.fill('input[name=password]', accounts[role]);
      await Promise.all([page.waitForURL(`${base}/console/`), page.click('button[type=submit]')]);
      for (const what of pages) {
        if (what === 'inbox') await page.goto(`${base}/console/`);
        if (what === 'cases') await page.goto(`${base}/console/cases`);
        if (what === 'staff') await page.goto(`${base}/console/admin/staff`);
        if (what === 'kiosks') await page.goto(`${base}/console/admin/kiosks`);
        if (what === 'audit') await page.goto(`${base}/console/admin/audit`);
        if (what === 'mail') await page.goto(`${base}/console/admin/mail`);
        if (what === 'reports') await page.goto(`${base}/console/reports`);
        if (what === 'schedule') await page.goto(`${base}/console/schedule`);
        if (what === 'week') await page.goto(`${base}/console/schedule?view=week`);
        if (what === 'case') {
          await page.goto(`${base}/console/cases`);
          const link = page.locator('table.cases a.mono').first();
          if ((await link.count()) === 0) continue;
          await link.click();
          await page.waitForLoadState('load');
        }
        await shoot(page, `${what}-${lang}`);
      }
      await context.close();
    }
  }
} finally {
  await browser.close();
}
console.log(`${count} console screenshots in ${out}`);
