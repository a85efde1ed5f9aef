import path from 'node:path';
import { ConfigError, loadConfig } from './app-config.js';

describe('loadConfig', () => {
  it('puts the data folder where npm was run (INIT_CWD), not in the workspace', () => {
    expect(loadConfig({ INIT_CWD: '/srv/praxis' }).dataDir).toBe('/srv/praxis/data');
    expect(loadConfig({ INIT_CWD: '/srv/praxis', DATA_DIR: 'state' }).dataDir).toBe('/srv/praxis/state');
    expect(loadConfig({ INIT_CWD: '/srv/praxis', DATA_DIR: '/var/lib/praxis' }).dataDir).toBe('/var/lib/praxis');
    // An empty value means the default, not the current folder itself.
    expect(loadConfig({ DATA_DIR: '' }).dataDir).toBe(path.resolve('data'));
  });

  it('reads the socket limits and refuses a value that is not a whole number', () => {
    expect(loadConfig({ SOCKET_MESSAGE_BURST: '5', SOCKET_MESSAGES_PER_SECOND: '2', SOCKET_MAX_PAYLOAD_KB: '16' }).socketLimits).toEqual({
      burst: 5,
      perSecond: 2,
      maxPayloadBytes: 16 * 1024,
    });
    expect(() => loadConfig({ SOCKET_MESSAGE_BURST: 'many' })).toThrow(ConfigError);
  });

  it('keeps files on the local disk unless an S3 bucket is named', () => {
    expect(loadConfig({}).s3).toBeNull();
    expect(loadConfig({ S3_BUCKET: 'praxis', S3_ENDPOINT: 'http://127.0.0.1:9000' }).s3).toMatchObject({ bucket: 'praxis', endpoint: 'http://127.0.0.1:9000', region: 'us-east-1' });
  });

  it('reads the file text queue settings, and refuses a stale interval not longer than the timeout', () => {
    expect(loadConfig({}).fileText).toEqual({ pollMs: 5000, timeoutMs: 60000, staleMs: 300000 });
    expect(loadConfig({ FILE_TEXT_POLL_MS: '0', FILE_TEXT_TIMEOUT_MS: '1000', FILE_TEXT_STALE_MS: '2000' }).fileText).toEqual({ pollMs: 0, timeoutMs: 1000, staleMs: 2000 });
    expect(() => loadConfig({ FILE_TEXT_STALE_MS: '60000' })).toThrow(ConfigError);
    expect(() => loadConfig({ FILE_TEXT_POLL_MS: 'soon' })).toThrow(ConfigError);
  });

  it('trusts no proxy unless TRUST_PROXY names one, and refuses to trust everyone', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: 'false' }).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(loadConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8,::1' }).trustProxy).toBe('loopback, 10.0.0.0/8, ::1');
    for (const bad of ['true', 'everyone', '10.0.0.0/33', '10.0.0.1/8/1', ',']) expect(() => loadConfig({ TRUST_PROXY: bad })).toThrow(ConfigError);
  });
});
