import { describe, expect, it } from 'vitest';
import { parseNetworkSpec } from '../../src/container/network-spec.js';

describe('parseNetworkSpec (--network/--net)', () => {
  it.each([
    ['host', 'host'],
    ['HOST', 'HOST'], // short syntax: verbatim (the daemon has no network `HOST`)
    ['none', 'none'],
    ['mynet', 'mynet'],
    ['container:abc', 'container:abc'],
    ['name=host', 'host'],
    ['NAME=HOST', 'host'],
    ['Name=Host,alias=x', 'host'],
    ['name=host ', 'host'],
    ['name= host ', 'name= host '], // no word=word pair: short syntax, verbatim
    ['name=', 'name='],
    ['name=host\u0085', 'host'], // Go's TrimSpace trims NEL
    ['name=container:abc', 'container:abc'],
    ['name=contaİner:abc', 'container:abc'], // Go's ToLower maps İ to i
    ['"name=host"', 'host'],
    ['name=a,name=host', 'host'],
    ['alias=x,name=mynet,driver-opt=k=v,gw-priority=5', 'mynet'],
  ])('%j -> %j', (value, target) => {
    expect(parseNetworkSpec(value)).toEqual({ ok: true, target });
  });

  it.each(['x:a=b', 'alias=x', 'name=a,alias', 'name=host,bogus=1', 'name=n,driver-opt=novalue', 'name=n,gw-priority=high', 'name=a,"x', 'a=b'])(
    '%j is an error',
    (value) => {
      expect(parseNetworkSpec(value).ok).toBe(false);
    },
  );

  it('only a word=word pair selects the long syntax', () => {
    expect(parseNetworkSpec('=host')).toEqual({ ok: true, target: '=host' });
    expect(parseNetworkSpec('ns:/proc/1/ns/net')).toEqual({ ok: true, target: 'ns:/proc/1/ns/net' });
  });
});
