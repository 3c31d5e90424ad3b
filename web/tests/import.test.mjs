// The member import's client side: the CSV template and the CSV written
// from spreadsheet rows, and the upload call, which sends the file as it
// is with the CSRF token and keeps a 422's report on the error.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rowsToCsv, templateCsv, TEMPLATE_HEADER } from '../src/utils/spreadsheet.js';
import { peopleApi, setCsrfToken, ApiError } from '../src/api/client.js';

test('the template has the Chinese header and a byte-order mark for Excel', () => {
  const text = templateCsv();
  assert.ok(text.startsWith('\uFEFF"姓名","手机号","界别","专委会","委员活动组"\r\n'));
  assert.deepEqual(TEMPLATE_HEADER, ['姓名', '手机号', '界别', '专委会', '委员活动组']);
});

test('rows become CSV with every field quoted and quotes doubled', () => {
  assert.equal(rowsToCsv([['a', 'b,c', 'say "hi"'], ['', null, 13900000001]]),
    '"a","b,c","say ""hi"""\r\n"","","13900000001"\r\n');
});

test('the upload sends the file as text/csv and a 422 keeps the report', async () => {
  const calls = [];
  const report = { total: 1, errors: 1, rows: [{ row: 2, status: 'error' }] };
  globalThis.fetch = async (url, init) => {
    calls.push({ url, init });
    return { ok: false, status: 422, text: async () => JSON.stringify({ report, error: { code: 'import_rows', message: '有 1 行数据有错误' } }) };
  };
  setCsrfToken('tok');
  await assert.rejects(peopleApi.importMembers(7, 'a,b\n', true), (e) => {
    assert.ok(e instanceof ApiError);
    assert.equal(e.status, 422);
    assert.equal(e.code, 'import_rows');
    assert.deepEqual(e.body.report, report);
    return true;
  });
  assert.equal(calls[0].url, '/api/v1/members/import?unit=7&dry_run=1');
  assert.equal(calls[0].init.method, 'POST');
  assert.equal(calls[0].init.body, 'a,b\n');
  assert.equal(calls[0].init.headers['Content-Type'], 'text/csv; charset=utf-8');
  assert.equal(calls[0].init.headers['X-CSRF-Token'], 'tok');
});
