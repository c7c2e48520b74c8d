import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createLogger } from './logger.js';
import { chooseLogFormat, formatLogLine, prettyDestination } from './log-format.js';

describe('log format', () => {
  const cases = [
    { setting: 'auto', isTty: true, format: 'pretty' },
    { setting: 'auto', isTty: false, format: 'json' },
    { setting: 'json', isTty: true, format: 'json' },
    { setting: 'pretty', isTty: false, format: 'pretty' },
  ] as const;
  for (const { setting, isTty, format } of cases) {
    test(`${setting} ${isTty ? 'on a terminal' : 'into a pipe or file'} gives ${format}`, () => {
      assert.equal(chooseLogFormat({ setting, isTty }), format);
    });
  }

  test('a request reads as one short line, its fields not repeated', () => {
    const line = formatLogLine({
      level: 30,
      time: Date.parse('2026-12-05T19:42:07.123Z'),
      pid: 4242,
      reqId: 'req-7',
      method: 'GET',
      path: '/api/accounts',
      statusCode: 200,
      responseTime: 12,
      msg: 'GET /api/accounts 200 12 ms',
    });
    assert.equal(line, '19:42:07 INFO  GET /api/accounts 200 12 ms\n');
  });

  test('other fields follow as key=value, quoted when they have spaces, and an error shows its stack', () => {
    const line = formatLogLine({ level: 50, time: 0, msg: 'job failed', type: 'mail.invitation', reason: 'no route to host', err: { message: 'boom', stack: 'Error: boom\n    at send (mail.ts:1)' } });
    assert.equal(line, '00:00:00 ERROR job failed type=mail.invitation reason="no route to host"\n    Error: boom\n        at send (mail.ts:1)\n');
  });

  test('a pino logger writing to the pretty destination prints readable lines', () => {
    const written: string[] = [];
    const logger = createLogger('info', prettyDestination({ write: (text: string) => written.push(text) }));
    logger.info({ jobs: 3 }, 'worker started');
    logger.debug('not at info');
    assert.equal(written.length, 1);
    assert.match(written[0]!, /^\d\d:\d\d:\d\d INFO {2}worker started jobs=3\n$/);
  });
});
