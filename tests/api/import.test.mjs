// Member import from CSV: dry run, all-or-nothing, encodings, existing
// accounts, malformed files, scope.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { startServer, Client, DEMO_ADMIN, DEMO_PASSWORD, loginClient } from './helpers.mjs';

let server;
before(async () => { server = await startServer({ demo: true }); });
after(async () => { await server.stop(); });

const login = (phone) => loginClient(server, phone);

async function unitId(c, name) {
  const r = await c.request('GET', `/api/v1/units?q=${encodeURIComponent(name)}`);
  return r.data.items.find((x) => x.name === name).id;
}

function importCsv(c, unit, body, { dryRun = false, lang = 'zh-CN' } = {}) {
  return c.request('POST', `/api/v1/members/import?unit=${unit}&dry_run=${dryRun ? 1 : 0}`, {
    body, headers: { 'content-type': 'text/csv', 'accept-language': lang },
  });
}

async function peopleCount(c) {
  const r = await c.request('GET', '/api/v1/users?limit=1');
  assert.equal(r.status, 200);
  return r.data.total;
}

const gb18030 = (text) => execFileSync('iconv', ['-f', 'UTF-8', '-t', 'GB18030'], { input: text });

test('dry run reports every row and writes nothing; then the import creates accounts, roles and profiles', async () => {
  const staff = await login('13800000011');
  const county = await unitId(staff, '示范县');
  const before = await peopleCount(staff);
  const csv = '姓名,手机号,界别,专委会,委员活动组,备注\n' +
    '赵新民,13911110001,经济界,经济委员会,青山镇委员活动组,企业家\n' +
    '钱小红,139-1111-0002,教育界,,,\n' +
    '"孙,大伟",+86 13911110003,乡贤界,提案委员会,城关街道委员活动组,\n';
  let r = await importCsv(staff, county, csv, { dryRun: true });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.data.report.dry_run, true);
  assert.deepEqual(r.data.report.unknown_columns, ['备注']);
  assert.equal(r.data.report.total, 3);
  assert.equal(r.data.report.new, 3);
  assert.deepEqual(r.data.report.rows.map((x) => [x.row, x.status]), [[2, 'new'], [3, 'new'], [4, 'new']]);
  assert.equal(r.data.report.rows[2].name, '孙,大伟');
  assert.equal(await peopleCount(staff), before, 'a dry run writes nothing');

  r = await importCsv(staff, county, csv);
  assert.equal(r.status, 201, r.text);
  assert.equal(r.data.report.new, 3);
  assert.equal(await peopleCount(staff), before + 3);
  r = await staff.request('GET', '/api/v1/users?q=13911110001');
  const person = r.data.items[0];
  assert.equal(person.name, '赵新民');
  assert.equal(person.sector, '经济界');
  assert.equal(person.group, '青山镇委员活动组');
  assert.ok(person.roles.some((x) => x.role === 'member' && x.unit_name === '示范县'));
  r = await staff.request('GET', `/api/v1/users/${person.id}/profile`);
  assert.equal(r.data.profile.special_committee, '经济委员会');
  // New accounts have no usable password yet.
  const newcomer = new Client(server.base);
  r = await newcomer.login('13911110001', DEMO_PASSWORD);
  assert.equal(r.status, 401);
  const admin = await login(DEMO_ADMIN);
  r = await admin.request('GET', '/api/v1/audit?limit=50');
  const audit = r.data.items.find((a) => a.action === 'member.import');
  assert.ok(audit, 'the import is audited');
  assert.equal(audit.after.created, 3);
  assert.equal(audit.after.rows, 3);
  assert.ok(!JSON.stringify(audit).includes('13911110001'), 'no phone numbers in the log');
});

test('bad rows: 422 with every row reported, and nothing imported', async () => {
  const staff = await login('13800000011');
  const county = await unitId(staff, '示范县');
  const before = await peopleCount(staff);
  const csv = 'name,phone,sector,group\n' +
    '周一,13922220001,经济界,\n' +
    ',13922220002,经济界,\n' +
    '周三,12345,经济界,\n' +
    '周四,13922220001,经济界,\n' +
    '周五,13922220005,天文界,\n' +
    '周六,13922220006,农业界,火星活动组\n' +
    '周七,13922220007,,\n';
  let r = await importCsv(staff, county, csv);
  assert.equal(r.status, 422, r.text);
  assert.equal(r.data.error.code, 'import_rows');
  const rows = r.data.report.rows;
  assert.equal(rows.length, 7);
  assert.equal(rows[0].status, 'new');
  const codes = rows.slice(1).map((x) => x.error.code);
  assert.deepEqual(codes, ['import_name_missing', 'phone_invalid', 'import_phone_duplicate',
    'import_sector_unknown', 'import_group_unknown', 'import_sector_missing']);
  assert.match(rows[3].error.message, /第 2 行/);
  assert.match(rows[4].error.message, /天文界/);
  assert.equal(await peopleCount(staff), before, 'nothing imported');
  r = await importCsv(staff, county, csv, { lang: 'en' });
  assert.match(r.data.report.rows[3].error.message, /repeats row 2/);
});

test('malformed files are refused with 400 and nothing is imported', async () => {
  const staff = await login('13800000011');
  const county = await unitId(staff, '示范县');
  const before = await peopleCount(staff);
  const cases = [
    ['姓名,手机号,界别\n"王五,13933330001,经济界\n', 'import_csv'],
    ['姓名,界别\n王五,经济界\n', 'import_header'],
    ['姓名,手机号,界别\n', 'import_empty'],
    ['', 'import_header'],
    [Buffer.from([0xff, 0xfe, 0x00, 0x41]), 'import_encoding'],
    ['姓名,手机号,界别\n' + Array.from({ length: 5001 }, (_, i) => `人${i},139${String(40000000 + i)},经济界`).join('\n'), 'import_too_many_rows'],
    ['姓名,手机号,界别\n' + 'x'.repeat(3 << 20), 'import_too_large'],
  ];
  for (const [body, code] of cases) {
    const r = await importCsv(staff, county, body);
    assert.equal(r.status, 400, `${code}: ${r.text.slice(0, 200)}`);
    assert.equal(r.data.error.code, code);
    assert.ok(r.data.error.message.length > 0);
  }
  assert.equal(await peopleCount(staff), before);
});

test('a GB18030 file imports the same as UTF-8, with or without a byte-order mark', async () => {
  const staff = await login('13800000011');
  const county = await unitId(staff, '示范县');
  const text = '委员活动组,姓名,界别,手机号\n白水镇委员活动组,吴国栋,农业界,13944440001\n';
  let r = await importCsv(staff, county, gb18030(text), { dryRun: true });
  assert.equal(r.status, 200, r.text);
  const fromGb = r.data.report.rows;
  r = await importCsv(staff, county, '\uFEFF' + text, { dryRun: true });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.data.report.rows, fromGb);
  r = await importCsv(staff, county, text, { dryRun: true });
  assert.deepEqual(r.data.report.rows, fromGb);
  assert.equal(fromGb[0].name, '吴国栋');
  assert.equal(fromGb[0].group, '白水镇委员活动组');
  r = await importCsv(staff, county, gb18030(text));
  assert.equal(r.status, 201, r.text);
  r = await staff.request('GET', '/api/v1/users?q=13944440001');
  assert.equal(r.data.items[0].name, '吴国栋');
  assert.equal(r.data.items[0].sector, '农业界');
});

test('an existing phone number updates that account instead of creating another', async () => {
  const staff = await login('13800000011');
  const county = await unitId(staff, '示范县');
  const before = await peopleCount(staff);
  // 13800000202 is a department user: imported, she becomes a member too.
  const csv = '姓名,手机号,界别,委员活动组\n沈玉兰,13800000202,医药卫生界,桃源镇委员活动组\n' +
    '王伟,13900000001,中共界,\n';
  let r = await importCsv(staff, county, csv);
  assert.equal(r.status, 201, r.text);
  assert.deepEqual(r.data.report.rows.map((x) => x.status), ['existing', 'existing']);
  assert.equal(r.data.report.new, 0);
  assert.equal(r.data.report.existing, 2);
  assert.equal(await peopleCount(staff), before);
  r = await staff.request('GET', '/api/v1/users?q=13800000202');
  assert.equal(r.data.total, 1);
  const p = r.data.items[0];
  assert.equal(p.sector, '医药卫生界');
  assert.ok(p.roles.some((x) => x.role === 'member') && p.roles.some((x) => x.role === 'department'));
  // Her password still works: the import does not touch it.
  const again = new Client(server.base);
  assert.equal((await again.login('13800000202', DEMO_PASSWORD)).status, 201);
  r = await staff.request('GET', '/api/v1/users?q=13900000001');
  assert.equal(r.data.items[0].sector, '中共界');
});

test('importing outside one\'s scope is forbidden, and a unit without a committee is refused', async () => {
  const townStaff = await login('13800000101');
  const county = await unitId(townStaff, '示范县');
  const csv = '姓名,手机号,界别\n郑十,13955550001,经济界\n';
  let r = await importCsv(townStaff, county, csv);
  assert.equal(r.status, 403);
  const own = await unitId(townStaff, '城关街道');
  r = await importCsv(townStaff, own, csv);
  assert.equal(r.status, 409);
  assert.equal(r.data.error.code, 'no_committee');
  const leader = await login('13800000010');
  r = await importCsv(leader, county, csv);
  assert.equal(r.status, 403, 'leaders do not import');
  const staff = await login('13800000011');
  r = await staff.request('GET', '/api/v1/users?q=13955550001');
  assert.equal(r.data.total, 0);
  r = await importCsv(staff, 0, csv);
  assert.equal(r.status, 400);
});
