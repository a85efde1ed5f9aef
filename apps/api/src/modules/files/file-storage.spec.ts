import { jest } from '@jest/globals';
import { DeleteObjectCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { s3SettingsFromEnv } from '../../config/app-config.js';
import { LocalFileStorage, S3FileStorage } from './file-storage.js';

describe('file storage', () => {
  it('local disk: generated keys, round trip, removal', async () => {
    const root = await mkdtemp(path.join(os.tmpdir(), 'praxis-storage-'));
    const storage = new LocalFileStorage(root);
    const key = await storage.put(Buffer.from('hello'));
    expect(key).toMatch(/^\d{4}-\d{2}\/[0-9a-f-]{36}$/);
    expect((await storage.get(key)).toString()).toBe('hello');
    await storage.remove(key);
    expect(await readdir(path.join(root, key.split('/')[0]))).toEqual([]);
    await rm(root, { recursive: true, force: true });
  });

  it('S3 is chosen only with S3_BUCKET and sends put, get and delete for the generated key', async () => {
    expect(s3SettingsFromEnv({})).toBeNull();
    const settings = s3SettingsFromEnv({ S3_BUCKET: 'praxis', S3_ENDPOINT: 'http://127.0.0.1:9000', S3_ACCESS_KEY_ID: 'a', S3_SECRET_ACCESS_KEY: 'b' })!;
    expect(settings).toMatchObject({ bucket: 'praxis', region: 'us-east-1', endpoint: 'http://127.0.0.1:9000' });
    const sent: unknown[] = [];
    const objects = new Map<string, Buffer>();
    const send = jest.spyOn(S3Client.prototype, 'send').mockImplementation((async (command: unknown) => {
      sent.push(command);
      if (command instanceof PutObjectCommand) objects.set(command.input.Key!, command.input.Body as Buffer);
      if (command instanceof GetObjectCommand) {
        const body = objects.get(command.input.Key!)!;
        return { Body: { transformToByteArray: async () => new Uint8Array(body) } };
      }
      if (command instanceof DeleteObjectCommand) objects.delete(command.input.Key!);
      return {};
    }) as never);
    try {
      const storage = new S3FileStorage(settings);
      const key = await storage.put(Buffer.from('bytes'));
      expect(key).toMatch(/^\d{4}-\d{2}\/[0-9a-f-]{36}$/);
      expect((sent[0] as PutObjectCommand).input).toMatchObject({ Bucket: 'praxis', Key: key });
      expect((await storage.get(key)).toString()).toBe('bytes');
      await storage.remove(key);
      expect(objects.size).toBe(0);
      expect(sent.map((c) => (c as object).constructor.name)).toEqual(['PutObjectCommand', 'GetObjectCommand', 'DeleteObjectCommand']);
    } finally {
      send.mockRestore();
    }
  });
});
