import { Injectable } from '@nestjs/common';
import { INTERFACE_LANGUAGES, type DigestFrequency, type InterfaceLanguage, type UnsubscribeTopic } from '@praxis/contracts';
import i18next, { type TFunction } from 'i18next';
import MarkdownIt from 'markdown-it';
import { MailService, type MailMessage } from '../../mail/mail.service.js';
import { MAIL_LOCALES } from './mail-locales.js';
import { UnsubscribeTokens } from './unsubscribe-tokens.js';

/** Who an email goes to. */
export interface MailRecipient {
  id: string;
  email: string;
  displayName: string;
  locale: InterfaceLanguage;
}

/** One notification as an email: the feature's subject and text, and where it leads. */
export interface NoticeContent {
  subject: string;
  text: string;
  link?: string | null;
  attachments?: MailMessage['attachments'];
  /** MailMessage.idempotencyKey: for senders that retry after a crash (reminders). */
  idempotencyKey?: string;
}

/** A digest section: a thread (or "other notifications") with its new posts. */
export interface DigestGroup {
  title: string | null;
  link: string | null;
  items: { author: string | null; text: string; link: string | null }[];
  /** Posts beyond those listed. */
  more: number;
}

const escape = new MarkdownIt().utils.escapeHtml;
const SETTINGS_PAGE = '/settings/notifications';

/**
 * Every notification email (O2, O3): multipart text and HTML from one layout in the recipient's
 * language, with the link to the settings page and a one-click unsubscribe for the email's topic
 * (a signed link in the footer and the RFC 8058 List-Unsubscribe / List-Unsubscribe-Post headers).
 */
@Injectable()
export class NotificationMail {
  private readonly i18n = i18next.createInstance();

  constructor(
    private readonly mail: MailService,
    private readonly tokens: UnsubscribeTokens,
  ) {
    void this.i18n.init({
      resources: Object.fromEntries(INTERFACE_LANGUAGES.map((lng) => [lng, { translation: MAIL_LOCALES[lng] }])),
      fallbackLng: 'en',
      interpolation: { escapeValue: false },
      initAsync: false,
    });
  }

  private t(recipient: MailRecipient): TFunction {
    return this.i18n.getFixedT(recipient.locale);
  }

  notice(recipient: MailRecipient, topic: UnsubscribeTopic, content: NoticeContent): Promise<void> {
    const t = this.t(recipient);
    const link = content.link ? this.mail.link(content.link) : null;
    const text = [content.text.trim(), link ? t('line', { label: t('open'), url: link }) : null].filter(Boolean).join('\n\n');
    const html = [
      ...paragraphs(content.text),
      link ? `<p><a href="${escape(link)}" style="${BUTTON}">${escape(t('open'))}</a></p>` : '',
    ].join('\n');
    return this.send(recipient, topic, content.subject, text, html, content.attachments, content.idempotencyKey);
  }

  digest(recipient: MailRecipient, frequency: Exclude<DigestFrequency, 'off'>, groups: DigestGroup[], count: number, idempotencyKey?: string): Promise<void> {
    const t = this.t(recipient);
    const subject = t(`digest.subject_${frequency}`, { count });
    const sectionTitle = (g: DigestGroup) => g.title ?? t('digest.other');
    const text = [
      t(`digest.intro_${frequency}`),
      ...groups.map((g) =>
        [
          `## ${sectionTitle(g)}${g.link ? `\n${this.mail.link(g.link)}` : ''}`,
          ...g.items.map((i) => `- ${i.author ? `${t('digest.byline', { author: i.author })} ` : ''}${i.text}`),
          g.more ? t('digest.more', { count: g.more }) : null,
        ]
          .filter(Boolean)
          .join('\n'),
      ),
    ].join('\n\n');
    const html = [
      `<p>${escape(t(`digest.intro_${frequency}`))}</p>`,
      ...groups.map((g) => {
        const heading = g.link ? `<a href="${escape(this.mail.link(g.link))}" style="color:#1c4e80">${escape(sectionTitle(g))}</a>` : escape(sectionTitle(g));
        const items = g.items
          .map((i) => {
            const body = i.link ? `<a href="${escape(this.mail.link(i.link))}" style="color:#212529;text-decoration:none">${escape(i.text)}</a>` : escape(i.text);
            return `<li style="margin:0 0 8px">${i.author ? `<strong>${escape(t('digest.byline', { author: i.author }))}</strong> ` : ''}${body}</li>`;
          })
          .join('');
        const more = g.more ? `<p style="margin:0;color:#495057">${escape(t('digest.more', { count: g.more }))}</p>` : '';
        return `<h2 style="font-size:17px;margin:24px 0 8px">${heading}</h2><ul style="padding-left:20px;margin:0">${items}</ul>${more}`;
      }),
    ].join('\n');
    return this.send(recipient, 'digest', subject, text, html, undefined, idempotencyKey);
  }

  private async send(recipient: MailRecipient, topic: UnsubscribeTopic, subject: string, text: string, html: string, attachments?: MailMessage['attachments'], idempotencyKey?: string): Promise<void> {
    const t = this.t(recipient);
    const token = this.tokens.issue({ userId: recipient.id, topic });
    const settings = this.mail.link(SETTINGS_PAGE);
    const unsubscribe = this.mail.link(`/unsubscribe?token=${token}`);
    const why = t('why', { hub: 'Praxis' });
    const unsubscribeLabel = `${t('unsubscribe')} (${t(`topic.${topic}`)})`;
    await this.mail.send({
      to: recipient.email,
      subject,
      text: `${t('greeting', { name: recipient.displayName })}\n\n${text}\n\n-- \n${why}\n${t('line', { label: t('settings'), url: settings })}\n${t('line', { label: unsubscribeLabel, url: unsubscribe })}\n`,
      html: layout(
        recipient.locale,
        subject,
        `<p>${escape(t('greeting', { name: recipient.displayName }))}</p>\n${html}`,
        `${escape(why)}<br><a href="${escape(settings)}" style="color:#495057">${escape(t('settings'))}</a> · <a href="${escape(unsubscribe)}" style="color:#495057">${escape(unsubscribeLabel)}</a>`,
      ),
      headers: {
        'List-Unsubscribe': `<${this.mail.link(`/api/v1/unsubscribe?token=${token}`)}>`,
        'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
      },
      attachments,
      idempotencyKey,
    });
  }
}

const BUTTON = 'display:inline-block;background:#1c4e80;color:#ffffff;padding:10px 18px;border-radius:6px;text-decoration:none;font-weight:600';

function paragraphs(text: string): string[] {
  return text
    .trim()
    .split(/\n{2,}/)
    .map((p) => `<p>${escape(p).replace(/\n/g, '<br>')}</p>`);
}

function layout(lang: string, title: string, body: string, footer: string): string {
  return `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escape(title)}</title></head>
<body style="margin:0;background:#f1f3f5;font-family:-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;color:#212529">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0"><tr><td align="center" style="padding:24px 12px">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="max-width:600px;background:#ffffff;border-radius:8px">
<tr><td style="padding:20px 28px;border-bottom:1px solid #e9ecef;font-weight:700;font-size:18px;color:#1c4e80">Praxis</td></tr>
<tr><td style="padding:20px 28px;font-size:15px;line-height:1.5">
${body}
</td></tr>
<tr><td style="padding:16px 28px;border-top:1px solid #e9ecef;font-size:12px;line-height:1.5;color:#495057">${footer}</td></tr>
</table></td></tr></table></body></html>`;
}
