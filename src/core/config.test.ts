import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ConfigError, loadConfig } from './config.js';

describe('BOOMERANG_TRUST_PROXY', () => {
  const cases: [string | undefined, boolean | number | string[]][] = [
    [undefined, false],
    ['false', false],
    ['0', false],
    ['true', true],
    ['2', 2],
    ['10.0.0.1', ['10.0.0.1']],
    ['10.0.0.0/8, 192.168.1.7 ,loopback', ['10.0.0.0/8', '192.168.1.7', 'loopback']],
    ['fd00::/8', ['fd00::/8']],
  ];
  for (const [setting, expected] of cases) {
    test(`${setting ?? 'unset'} trusts ${JSON.stringify(expected)}`, () => {
      assert.deepEqual(loadConfig(setting === undefined ? {} : { BOOMERANG_TRUST_PROXY: setting }).trustProxy, expected);
    });
  }

  test('anything else stops the start with the setting named', () => {
    assert.throws(() => loadConfig({ BOOMERANG_TRUST_PROXY: 'yes' }), (error: Error) => error instanceof ConfigError && /BOOMERANG_TRUST_PROXY: .*not yes/.test(error.message));
    assert.throws(() => loadConfig({ BOOMERANG_TRUST_PROXY: '10.0.0.1, proxy.internal' }), /not proxy\.internal/);
  });
});
