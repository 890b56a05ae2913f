// Browser journeys of fayuan in Debian's Chromium, driven by playwright-core.
// Usage: node journeys.mjs BASE_URL TOTP_COMMAND...
// TOTP_COMMAND prints the current TOTP code of a staff login; the argument `{login}` is replaced
// by the login, e.g. `fayuan demo totp {login} --data-dir DIR`.
// The server must run with --demo. Exits non-zero with a message on the first failed step.
import { chromium } from 'playwright-core';
import { execFileSync } from 'node:child_process';

const [base, ...totpCommand] = process.argv.slice(2);
const executablePath = process.env.FAYUAN_TEST_BROWSER || '/usr/bin/chromium';
const password = 'Fayuan-Demo-2026';

function check(condition, message) {
  if (!condition) throw new Error(message);
}

function totpFor(login) {
  check(totpCommand.includes('{login}'), 'the TOTP command needs a {login} argument');
  const args = totpCommand.map((a) => (a === '{login}' ? login : a));
  return execFileSync(args[0], args.slice(1)).toString().trim();
}

async function staffLogin(page, login) {
  await page.goto(`${base}/login`);
  await page.fill('#login', login);
  await page.fill('#password', password);
  await page.fill('#totp', totpFor(login));
  await page.click('form.stack button[type=submit]');
  await page.waitForURL(`${base}/staff`);
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
  const code = totpFor('admin');
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

  // 4. 张三 files a civil case through the wizard and submits it; the filing officer dockets it
  //    under the ordinary procedure; 张三 pays the fee through the sandbox bank.
  const zhang = await browser.newPage();
  await zhang.goto(`${base}/login`);
  await zhang.fill('#login', '13800000001');
  await zhang.fill('#password', password);
  await zhang.click('form.stack button[type=submit]');
  await zhang.waitForURL(`${base}/account`);
  await zhang.goto(`${base}/`);
  await zhang.click('main a:has-text("在线立案")');
  await zhang.waitForURL(`${base}/filings/new`);
  await zhang.selectOption('#category', 'civil_first_instance');
  await zhang.fill('#cause', '民间借贷纠纷');
  await zhang.selectOption('#procedure', 'civil_ordinary');
  await zhang.fill('#party_name_0', '张三');
  await zhang.fill('#party_address_0', '北京市东城区示范路1号');
  await zhang.fill('#party_name_2', '李四');
  await zhang.fill('#party_address_2', '北京市西城区示范路2号');
  await zhang.fill('#claim_text_0', '判令被告返还借款本金');
  await zhang.fill('#claim_amount_0', '一万');
  await zhang.fill('#facts', '被告于2025年向原告借款十万元，约定一年内归还，到期未还。');
  await zhang.click('button[value=save]');
  text = await zhang.textContent('main');
  check(text.includes('无法识别'), `a bad amount is refused readably: ${text}`);
  check(await zhang.inputValue('#party_name_2') === '李四', 'the wizard keeps what was typed');
  await zhang.fill('#claim_amount_0', '100000');
  await zhang.click('button[value=save]');
  await zhang.waitForURL(/\/filings\/[0-9a-f-]+\/edit\?done=saved$/);
  text = await zhang.textContent('main');
  check(text.includes('草稿已保存') && text.includes('尚缺') && text.includes('起诉状'), `missing list: ${text}`);
  await zhang.fill('#material_title_0', '民事起诉状');
  await zhang.fill('#material_title_1', '居民身份证');
  await zhang.fill('#material_title_2', '借条及转账记录');
  await zhang.click('button[value=submit]');
  await zhang.waitForURL(/\/filings\/[0-9a-f-]+\?done=submitted$/);
  text = await zhang.textContent('main');
  check(text.includes('待审查') && text.includes('100000.00'), `submitted: ${text}`);
  const filingId = new URL(zhang.url()).pathname.split('/')[2];

  const officer = await browser.newPage();
  await staffLogin(officer, 'filing');
  await officer.click('main a:has-text("立案审查")');
  await officer.waitForURL(`${base}/staff/filings`);
  await officer.click(`a[href="/staff/filings/${filingId}"]`);
  await officer.selectOption('#procedure', 'civil_ordinary');
  await officer.click(`form[action="/staff/filings/${filingId}/docket"] button`);
  await officer.waitForURL(/\?done=docketed$/);
  text = await officer.textContent('main');
  const caseNumber = (text.match(/（\d{4}）京0199民初\d+号/) || [])[0];
  check(caseNumber && text.includes('2300.00'), `docketed with case number and fee: ${text}`);

  await zhang.click('header a:has-text("我的案件")');
  await zhang.click(`a:has-text("${caseNumber}")`);
  text = await zhang.textContent('main');
  check(text.includes('待交费') && text.includes('2300.00') && text.includes('审限届满日'), `case page: ${text}`);
  await zhang.click('button:has-text("去交费")');
  await zhang.waitForURL(/\/sandbox\/pay\/[0-9a-f-]+/);
  text = await zhang.textContent('main');
  check(text.includes('模拟银行') && text.includes('沙箱') && text.includes('2300.00') && text.includes(caseNumber), `sandbox bank: ${text}`);
  await zhang.click('button:has-text("确认支付")');
  await zhang.waitForURL(/\/cases\/[0-9a-f-]+\?done=paid$/);
  text = await zhang.textContent('main');
  check(text.includes('交费成功') && text.includes('已交费') && !text.includes('去交费'), `paid: ${text}`);

  // 5. 张三 submits a photographed IOU to the case dossier (电子卷宗): it is catalogued in the
  //    main volume and opens in the viewer as a watermarked PDF; the clerk sees it too, with
  //    the confidential volume that 张三 never sees.
  const caseId = new URL(zhang.url()).pathname.split('/')[2];
  await zhang.click('main a:has-text("电子卷宗")');
  await zhang.waitForURL(`${base}/cases/${caseId}/dossier`);
  check(!(await zhang.textContent('main')).includes('副卷'), 'no confidential volume for a party');
  const jpeg = Buffer.from([0xFF, 0xD8, 0xFF, 0xC0, 0x00, 0x11, 0x08, 0x06, 0xDA, 0x04, 0xD8,
    3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1, 0xFF, 0xD9]);
  await zhang.selectOption('form[action$="/dossier/upload"] select[name=kind]', 'evidence');
  await zhang.fill('form[action$="/dossier/upload"] input[name=title]', '借条照片');
  await zhang.setInputFiles('form[action$="/dossier/upload"] input[name=file]',
    [{ name: 'jietiao.jpg', mimeType: 'image/jpeg', buffer: jpeg }]);
  await zhang.click('form[action$="/dossier/upload"] button');
  await zhang.waitForURL(/\/dossier\?done=uploaded$/);
  text = await zhang.textContent('main');
  check(text.includes('借条照片') && text.includes('jietiao.jpg') && text.includes('在线提交'), `catalogued: ${text}`);
  await zhang.click('table.catalogue a:has-text("借条照片")');
  const frame = await zhang.waitForSelector('iframe.material');
  const viewed = await zhang.request.get(`${base}${await frame.getAttribute('src')}`);
  check(viewed.ok() && viewed.headers()['content-type'] === 'application/pdf', 'the viewer gets a PDF');

  const clerk = await browser.newPage();
  await staffLogin(clerk, 'clerk');
  await clerk.goto(`${base}/cases/${caseId}/dossier`);
  text = await clerk.textContent('main');
  check(text.includes('借条照片') && text.includes('副卷') && text.includes('扫描纸质材料'), `clerk's dossier: ${text}`);

  // 6. The IOU was deposited in the evidence ledger (司法区块链): the viewer shows its 存证编号;
  //    anyone can check the file on /ledger, where the inclusion proof is verified.
  text = await zhang.textContent('main');
  const entry = (text.match(/存证编号 #(\d+)/) || [])[1];
  check(entry !== undefined && text.includes('下载存证回执'), `receipt on the material: ${text}`);
  await zhang.waitForTimeout(1500); // the sequencer signs a checkpoint within a second
  const visitor = await browser.newPage();
  await visitor.goto(`${base}/`);
  await visitor.click('main a:has-text("司法区块链存证核验")');
  await visitor.waitForURL(`${base}/ledger`);
  await visitor.setInputFiles('form[action="/ledger"] input[name=file]',
    [{ name: 'jietiao.jpg', mimeType: 'image/jpeg', buffer: jpeg }]);
  await visitor.click('form[action="/ledger"] button');
  await visitor.waitForLoadState();
  text = await visitor.textContent('main');
  check(text.includes(`存证编号 #${entry}`) && text.includes('已验证包含证明'), `ledger lookup: ${text}`);
  const receipt = await visitor.request.get(`${base}/api/v1/ledger/entries/${entry}/receipt`);
  check(receipt.ok() && (await receipt.json()).index === Number(entry), 'the receipt downloads');

  // 7. Service (送达): 张三 consents to electronic service; the clerk files a notice in the
  //    dossier and serves it; 张三 finds it under 我的送达, reads it and signs with his password.
  await zhang.goto(`${base}/cases/${caseId}`);
  await zhang.click('main a:has-text("送达地址确认书")');
  await zhang.check('input[name=consents_electronic]');
  await zhang.fill('input[name=mobile]', '13800000001');
  await zhang.click('form[action$="/delivery-address"] button');
  await zhang.waitForURL(/\/delivery-address\?done=saved$/);
  check((await zhang.textContent('main')).includes('已记录'), 'address confirmed');
  await clerk.goto(`${base}/cases/${caseId}/dossier`);
  await clerk.selectOption('form[action$="/dossier/upload"] select[name=kind]', 'court_document');
  await clerk.fill('form[action$="/dossier/upload"] input[name=title]', '开庭通知书');
  await clerk.setInputFiles('form[action$="/dossier/upload"] input[name=file]',
    [{ name: 'tongzhi.jpg', mimeType: 'image/jpeg', buffer: jpeg }]);
  await clerk.click('form[action$="/dossier/upload"] button');
  await clerk.waitForURL(/\/dossier\?done=uploaded$/);
  await clerk.goto(`${base}/cases/${caseId}/deliveries`);
  await clerk.selectOption('select[name=kind]', 'summons');
  await clerk.fill('input[name=title]', '开庭传票');
  await clerk.check('fieldset label:has-text("开庭通知书") input');
  await clerk.click('form[action$="/deliveries"] button');
  await clerk.waitForURL(/\/deliveries\?done=delivered$/);
  text = await clerk.textContent('main');
  check(text.includes('开庭传票') && text.includes('已送达'), `served: ${text}`);
  await zhang.goto(`${base}/deliveries`);
  await zhang.click('main a:has-text("开庭传票")');
  text = await zhang.textContent('main');
  check(text.includes('到达受送达人系统') && text.includes('存证编号'), `trace: ${text}`);
  await zhang.fill('input[name=password]', password);
  await zhang.click('form[action$="/sign"] button');
  await zhang.waitForURL(/\?done=saved$/);
  text = await zhang.textContent('main');
  check(text.includes('已签收') && !(await zhang.$('input[name=password]')), `signed: ${text}`);
  console.log('browser journeys: 7 passed, 0 failed');
} finally {
  await browser.close();
}
