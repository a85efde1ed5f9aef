import { Inject, Injectable, Logger } from '@nestjs/common';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { createHash, randomUUID } from 'node:crypto';
import nodemailer, { type Transporter } from 'nodemailer';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  /** The same message as HTML; with it the mail is multipart/alternative. */
  html?: string;
  /** Extra headers, e.g. List-Unsubscribe. */
  headers?: Record<string, string>;
  attachments?: { filename: string; content: Buffer | string; contentType: string }[];
  /**
   * Names one logical message (e.g. `reminder:<event>:<user>:day`) for a sender that may send it
   * again after a crash: the Message-ID is derived from it, so a repeat is the same message to the
   * receiving side, and the file outbox keeps only the first copy.
   */
  idempotencyKey?: string;
}

/**
 * Sends mail through SMTP_URL; without it every message is written as an .eml file under
 * DATA_DIR/mail so that a local run can read what would have been sent.
 */
@Injectable()
export class MailService {
  private readonly logger = new Logger(MailService.name);
  private readonly transport: Transporter;
  readonly outbox: string | null;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    if (config.smtpUrl) {
      this.transport = nodemailer.createTransport(config.smtpUrl);
      this.outbox = null;
    } else {
      this.transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
      this.outbox = path.join(config.dataDir, 'mail');
    }
  }

  async send(message: MailMessage): Promise<void> {
    const { idempotencyKey, ...fields } = message;
    const key = idempotencyKey ? createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 40) : null;
    if (this.outbox && key && (await this.inOutbox(key))) {
      this.logger.log({ msg: 'mail already in the outbox; not written again', subject: message.subject });
      return;
    }
    const info = await this.transport.sendMail({ from: this.config.mailFrom, ...fields, ...(key ? { messageId: `<${key}@praxis.mail>` } : {}) });
    if (this.outbox) {
      await fs.mkdir(this.outbox, { recursive: true });
      const name = `${new Date().toISOString().replace(/[:.]/g, '-')}-${key ?? randomUUID()}.eml`;
      // Written aside and renamed, so a process killed mid-write leaves no half message in the outbox.
      const partial = path.join(this.outbox, `.${name}.partial`);
      await fs.writeFile(partial, (info as unknown as { message: Buffer }).message);
      await fs.rename(partial, path.join(this.outbox, name));
    }
    this.logger.log({ msg: 'mail sent', subject: message.subject, messageId: info.messageId });
  }

  /** Whether the outbox holds the message of this key. Senders of one key are serialised by their database claim. */
  private async inOutbox(key: string): Promise<boolean> {
    const files = await fs.readdir(this.outbox!).catch(() => [] as string[]);
    return files.some((f) => f.endsWith(`-${key}.eml`));
  }

  /** Links in mail point at the web app, never at an API host the reader cannot open. */
  link(pathAndQuery: string): string {
    return `${this.config.publicUrl}${pathAndQuery}`;
  }
}
