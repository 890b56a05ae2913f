// Browser journeys of fayuan in Debian's Chromium, driven by playwright-core.
// Usage: node journeys.mjs BASE_URL ADMIN_TOTP_COMMAND...
// The server must run with --demo. Exits non-zero with a message on the first failed step.
import { chromium } from 'playwright-core';
import { execFileSync } from 'node:child_process';

const [base, ...totpCommand] = process.argv.slice(2);
const executablePath = process.env.FAYUAN_TEST_BROWSER || '/usr/bin/chromium';
const password = 'Fayuan-Demo-2026';

function check(condition, message) {
  if (!condition) throw new Error(message);
}

const browser = await chromium.launch({
  executablePath,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  // 1. A litigant registers with real-name verification, logs in and sees the account.
  const litigant = await browser.newPage();
  await litigant.goto(`${base}/`);
  check(await litigant.getAttribute('html', 'lang') === 'zh-CN', 'portal is zh-CN');
  check((await litigant.textContent('main')).includes('在线立案'), 'portal lists 在线立案');
  await litigant.click('text=注册');
  await litigant.selectOption('#kind', 'person');
  await litigant.fill('#name', '刘合秋');
  await litigant.fill('#id_number', '110101199003077774');
  await litigant.fill('#phone', '13800138000');
  await litigant.fill('#password', 'Litigant-2026!');
  await litigant.click('form.stack button[type=submit]');
  let text = await litigant.textContent('main');
  // The demo seeds 110101199003077774 for 张三, so this identity is refused as a duplicate.
  check(text.includes('已注册'), `duplicate identity refused: ${text}`);
  check(await litigant.inputValue('#phone') === '13800138000', 'the form keeps what was typed');
  await litigant.fill('#id_number', '510107200002290029');
  await litigant.fill('#password', 'Litigant-2026!');
  await litigant.click('form.stack button[type=submit]');
  text = await litigant.textContent('main');
  check(text.includes('注册成功'), `registered: ${text}`);
  await litigant.goto(`${base}/login`);
  await litigant.fill('#login', '13800138000');
  await litigant.fill('#password', 'Litigant-2026!');
  await litigant.keyboard.press('Enter');
  await litigant.waitForURL(`${base}/account`);
  text = await litigant.textContent('main');
  check(text.includes('刘合秋') && text.includes('已认证'), `account page: ${text}`);
  await litigant.click('header button:has-text("退出")');
  await litigant.waitForURL(`${base}/`);
  check((await litigant.textContent('header')).includes('登录'), 'logged out');

  // 2. The administrator logs in with password and TOTP, and searches the audit log.
  const admin = await browser.newPage();
  await admin.goto(`${base}/login`);
  await admin.fill('#login', 'admin');
  await admin.fill('#password', password);
  await admin.click('form.stack button[type=submit]');
  check((await admin.textContent('main')).includes('动态验证码'), 'staff login asks for TOTP');
  const code = execFileSync(totpCommand[0], totpCommand.slice(1)).toString().trim();
  await admin.fill('#password', password);
  await admin.fill('#totp', code);
  await admin.click('form.stack button[type=submit]');
  await admin.waitForURL(`${base}/staff`);
  await admin.click('text=审计日志');
  await admin.fill('input[name=action]', 'accounts.register');
  await admin.click('form.inline button');
  text = await admin.textContent('table');
  check(text.includes('accounts.register') && text.includes('success') && text.includes('denied'), `audit search: ${text}`);

  // 3. The language switch works and comes back to the same page.
  await admin.click('header a[lang=en]');
  check(await admin.getAttribute('html', 'lang') === 'en', 'switched to English');
  check(new URL(admin.url()).pathname === '/staff/admin/audit', 'came back to the same page');
  console.log('browser journeys: 3 passed, 0 failed');
} finally {
  await browser.close();
}
