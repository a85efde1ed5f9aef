import { Inject, Injectable, Logger } from '@nestjs/common';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
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
    const info = await this.transport.sendMail({ from: this.config.mailFrom, ...message });
    if (this.outbox) {
      await fs.mkdir(this.outbox, { recursive: true });
      const file = path.join(this.outbox, `${new Date().toISOString().replace(/[:.]/g, '-')}-${randomUUID()}.eml`);
      await fs.writeFile(file, (info as unknown as { message: Buffer }).message);
    }
    this.logger.log({ msg: 'mail sent', subject: message.subject, messageId: info.messageId });
  }

  /** Links in mail point at the web app, never at an API host the reader cannot open. */
  link(pathAndQuery: string): string {
    return `${this.config.publicUrl}${pathAndQuery}`;
  }
}
