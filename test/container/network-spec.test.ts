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
  ])('%j -> %j', (value, target) => {
    expect(parseNetworkSpec(value)).toEqual({ ok: true, target });
  });

  it('driver options are read as opts/network.go parseDriverOpt reads them: the field lower-cased, cut at the first =, trimmed', () => {
    expect(parseNetworkSpec('alias=x,name=mynet,driver-opt=k=v,gw-priority=5')).toEqual({ ok: true, target: 'mynet', driverOpts: [{ key: 'k', value: 'v' }] });
    expect(parseNetworkSpec('name=bridge,"driver-opt=COM.docker.network.endpoint.sysctls = net.ipv4.conf.IFNAME.forwarding=1,net.ipv4.conf.IFNAME.route_localnet=1"')).toEqual({
      ok: true, target: 'bridge', driverOpts: [{ key: 'com.docker.network.endpoint.sysctls', value: 'net.ipv4.conf.ifname.forwarding=1,net.ipv4.conf.ifname.route_localnet=1' }],
    });
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
