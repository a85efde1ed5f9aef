import { DeleteObjectCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { S3Settings } from '../../config/app-config.js';

/**
 * Where file bytes live (K2). Keys are generated here, never taken from a user's file name, so no
 * upload can choose or escape its path. The abstract class is the injection token; FilesModule
 * provides the local-disk or the S3 implementation.
 */
export abstract class FileStorage {
  abstract put(content: Buffer): Promise<string>;
  abstract get(key: string): Promise<Buffer>;
  abstract remove(key: string): Promise<void>;

  protected newKey(): string {
    return `${new Date().toISOString().slice(0, 7)}/${randomUUID()}`;
  }
}

/** DATA_DIR/files on the local disk (the default). */
export class LocalFileStorage extends FileStorage {
  constructor(private readonly root: string) {
    super();
  }

  async put(content: Buffer): Promise<string> {
    const key = this.newKey();
    const target = path.join(this.root, key);
    await fs.mkdir(path.dirname(target), { recursive: true });
    await fs.writeFile(target, content, { mode: 0o600 });
    return key;
  }

  get(key: string): Promise<Buffer> {
    return fs.readFile(path.join(this.root, key));
  }

  async remove(key: string): Promise<void> {
    await fs.rm(path.join(this.root, key), { force: true });
  }
}

/** S3-compatible object storage (AWS, MinIO, Ceph, …); objects are private, read through the API only. */
export class S3FileStorage extends FileStorage {
  private readonly client: S3Client;

  constructor(private readonly settings: S3Settings) {
    super();
    this.client = new S3Client({
      region: settings.region,
      endpoint: settings.endpoint,
      // Self-hosted S3-compatible servers usually address buckets by path, not by host name.
      forcePathStyle: Boolean(settings.endpoint),
      credentials: settings.accessKeyId && settings.secretAccessKey ? { accessKeyId: settings.accessKeyId, secretAccessKey: settings.secretAccessKey } : undefined,
    });
  }

  async put(content: Buffer): Promise<string> {
    const key = this.newKey();
    await this.client.send(new PutObjectCommand({ Bucket: this.settings.bucket, Key: key, Body: content, ContentType: 'application/octet-stream' }));
    return key;
  }

  async get(key: string): Promise<Buffer> {
    const answer = await this.client.send(new GetObjectCommand({ Bucket: this.settings.bucket, Key: key }));
    if (!answer.Body) throw new Error(`object ${key} has no body`);
    return Buffer.from(await answer.Body.transformToByteArray());
  }

  async remove(key: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.settings.bucket, Key: key }));
  }
}
