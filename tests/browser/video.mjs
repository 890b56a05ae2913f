// The mediation video room in Debian's Chromium with fake camera and microphone: two parties'
// browsers join the room of a mediation in progress and connect to each other by WebRTC, the
// offers relayed by fayuan's signalling WebSocket.
// Usage: node video.mjs BASE_URL TOTP_COMMAND... (as journeys.mjs). The server runs with --demo.
import { check, connect, launch, loggedIn, nextTotpStep } from './common.mjs';

const [base, ...totpCommand] = process.argv.slice(2);
const { api, call, token, totpFor } = await connect(base, totpCommand);

// A mediation between 张三 and 李四, in progress with the court's mediator.
const zhangToken = await token('13800000001', false);
const liToken = await token('13800000002', false);
const court = (await call('GET', '/api/v1/courts'))[0].id;
const filing = await call('POST', '/api/v1/filings', zhangToken, {
  court_id: court,
  category: 'civil_first_instance',
  cause: '民间借贷纠纷',
  procedure_requested: 'civil_ordinary',
  parties: [
    { role: 'plaintiff', kind: 'person', name: '张三', id_number: '110101199003077774', address: '北京市东城区示范路1号', phone: '13800000001' },
    { role: 'defendant', kind: 'person', name: '李四', id_number: '320311197001011230', address: '江苏省徐州市示范路3号', phone: '13800000002' },
  ],
  claims: [{ text: '判令被告返还借款本金100000元', amount_fen: 10000000 }],
  facts: '被告借款十万元，到期未还。',
  materials: [
    { kind: 'complaint', title: '民事起诉状' },
    { kind: 'identity_proof', title: '原告身份证' },
    { kind: 'evidence_list', title: '借条' },
  ],
  consents_to_mediation: true,
});
const room = (await call('POST', `/api/v1/filings/${filing.id}/mediation`, zhangToken, {})).id;
const adminToken = await token('admin', true);
const invitation = (await call('GET', '/api/v1/sandbox/sms', adminToken))
  .find((m) => m.text.includes(room));
check(invitation, 'the invitation was texted');
const code = invitation.text.split('邀请码')[1].slice(0, 10);
await call('POST', `/api/v1/mediations/${room}/answer`, liToken, { code, accept: true });
const roster = await call('GET', `/api/v1/courts/${court}/mediation-roster`);
const officerToken = await token('filing', true);
await call('POST', `/api/v1/mediations/${room}/designation`, officerToken,
  { mediator: roster.mediators[0].account_id });
const mediatorToken = await token('mediator', true);
const tokenTakenAt = Date.now();
await call('POST', `/api/v1/mediations/${room}/acceptance`, mediatorToken, {});

const browser = await launch();
try {
  async function joined(login, staff) {
    const page = await loggedIn(browser, base, login, staff ? totpFor : null);
    await page.goto(`${base}/mediations/${room}/video`);
    return page;
  }
  const zhang = await joined('13800000001', false);
  await zhang.waitForFunction(() => document.querySelector('.video-status').textContent.includes('等待'));
  const li = await joined('13800000002', false);
  for (const page of [zhang, li]) {
    await page.waitForFunction(() => window.fayuanVideo && window.fayuanVideo.connected() >= 1,
      null, { timeout: 45000 });
    const tiles = await page.$$eval('.video-grid figure', (f) => f.map((x) => x.textContent));
    check(tiles.length >= 2, `the others' pictures: ${tiles}`);
  }
  const names = await zhang.$$eval('.video-grid figcaption', (f) => f.map((x) => x.textContent));
  check(names.some((n) => n.includes('被申请人 李四')), `李四 appears for 张三: ${names}`);

  // The mediator joins and records the session; the recording is filed in the dossier.
  // (A TOTP code is accepted once: wait for the next one after the API login above.)
  await nextTotpStep(tokenTakenAt);
  const mediator = await joined('mediator', true);
  await mediator.waitForFunction(() => window.fayuanVideo && window.fayuanVideo.connected() >= 2,
    null, { timeout: 45000 });
  await mediator.click('button[data-action=record]');
  await mediator.waitForFunction(() => window.fayuanVideo.recording());
  await mediator.waitForTimeout(4500);
  await mediator.click('button[data-action=record]');
  await mediator.evaluate(() => window.fayuanVideo.uploaded);
  const recordings = await call('GET', `/api/v1/mediations/${room}/recordings`, zhangToken);
  check(recordings.length === 1 && recordings[0].material_id && recordings[0].bytes > 1000,
    `the recording is filed: ${JSON.stringify(recordings)}`);
  const materials = await call('GET', `/api/v1/mediations/${room}/materials`, zhangToken);
  const filed = materials.find((m) => m.id === recordings[0].material_id);
  check(filed && filed.kind === 'audio_video' && filed.format === 'webm', `filed as WebM: ${JSON.stringify(filed)}`);

  await li.click('button[data-action=leave]');
  await zhang.waitForFunction(() => document.querySelectorAll('.video-grid figure').length === 2);
  console.log('video room: 2 passed, 0 failed');
} finally {
  await browser.close();
  await api.dispose();
}
