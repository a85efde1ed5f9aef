import { Injectable, Logger } from '@nestjs/common';
import PDFDocument from 'pdfkit';
import { deflateSync } from 'node:zlib';
import { FilesService } from '../files/files.service.js';
import { EventsRepository } from './events.repository.js';
import type { AgendaItem, Speaker } from './events.types.js';
import { zoneOffsetMinutes } from './ics.js';

const DAY = 86_400_000;

// Written for this demo: an invented coordination group, people and organisations.
const SPEAKERS: Speaker[] = [
  { name: 'Farah Haddad', affiliation: 'Inter-Agency Coordination Group' },
  { name: 'Amina Diallo', affiliation: 'West Africa Anti-Trafficking Taskforce' },
  { name: 'Lucía Moreno', affiliation: 'Fiscalía Especializada en Trata' },
  { name: 'Dr. Henrik Aalto', affiliation: 'Baltic Labour Inspectorate Network' },
  { name: 'Grace Otieno', affiliation: 'Survivor Advisory Council (East Africa)' },
];

/** The briefing's programme, in minutes after its start; the times shown are computed from the start. */
const PROGRAMME: { after: number; title: string; speakers: string[] }[] = [
  { after: 0, title: 'Welcome and purpose of the briefing', speakers: ['Farah Haddad'] },
  { after: 10, title: 'Trends of the year: recruitment online and debt bondage', speakers: ['Dr. Henrik Aalto'] },
  { after: 35, title: 'Joint investigations along coastal routes: what worked', speakers: ['Amina Diallo', 'Lucía Moreno'] },
  { after: 60, title: 'Listening to survivors in referral and prosecution', speakers: ['Grace Otieno'] },
  { after: 80, title: 'Questions from member states and practitioners', speakers: ['Farah Haddad'] },
  { after: 110, title: 'Next steps and close', speakers: ['Farah Haddad'] },
];
const DURATION_MS = 2 * 3600_000;
const ZONE = 'Europe/Vienna';
/** Local start time of the demo briefings (in ZONE). */
const START_HOUR = 14;

/** HH:MM of an instant in a zone. */
function localTime(instant: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(instant);
}

/** The agenda of a briefing starting at `startsAt`, its times local to the event's zone. */
export function agendaFor(startsAt: Date, timeZone = ZONE): AgendaItem[] {
  return PROGRAMME.map((item) => ({ time: localTime(new Date(startsAt.getTime() + item.after * 60_000), timeZone), title: item.title, speakers: item.speakers }));
}

/** The instant that is `hour`:00 in `timeZone` on the calendar day (in that zone) of `day`. */
export function atLocalHour(day: Date, hour: number, timeZone = ZONE): Date {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(day).map((p) => [p.type, p.value]),
  );
  const wall = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), hour);
  // The zone's offset at that wall time (asked twice, in case the first guess is across a change).
  const offsetAt = (instant: number) => zoneOffsetMinutes(timeZone, new Date(instant)) * 60_000;
  let instant = wall - offsetAt(wall);
  instant = wall - offsetAt(instant);
  return new Date(instant);
}

const DESCRIPTION = `The Inter-Agency Coordination Group briefs member states and practitioners once a year on what its agencies learned, where they coordinated, and what they plan next.

This briefing is for police, prosecutors, labour inspectors, NGOs and international staff working against trafficking in persons. Interpretation into French and Spanish is provided.`;

/** A PNG whose image data is stored, not compressed, so the invitation carries a real-size banner. */
function bannerPng(width: number, height: number): Buffer {
  const raw = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y += 1) {
    const row = y * (width * 3 + 1);
    raw[row] = 0;
    for (let x = 0; x < width; x += 1) {
      const i = row + 1 + x * 3;
      const wave = Math.sin((x + y * 0.6) / 40) * 18;
      raw[i] = Math.round(20 + (x / width) * 30 + wave);
      raw[i + 1] = Math.round(70 + (y / height) * 60 + wave);
      raw[i + 2] = Math.round(120 + (x / width) * 80);
    }
  }
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf: Buffer) => {
    let c = 0xffffffff;
    for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const out = Buffer.alloc(8 + data.length + 4);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc(body), 8 + data.length);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8;
  header[9] = 2;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 0 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** The invitation of the upcoming briefing: text, agenda and speakers, about a megabyte with its banner. */
export async function invitationPdf(startsAt: Date): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margin: 56, info: { Title: 'Invitation: Annual briefing of the Inter-Agency Coordination Group', Author: 'Praxis demo' } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  doc.image(bannerPng(1000, 340), { width: 483 });
  doc.moveDown();
  doc.fontSize(20).text('Annual briefing of the Inter-Agency Coordination Group');
  const when = new Intl.DateTimeFormat('en-GB', { timeZone: ZONE, dateStyle: 'full', timeStyle: 'short' }).format(startsAt);
  doc.moveDown(0.5).fontSize(12).text(`${when} (Vienna time), online`);
  doc.moveDown().fontSize(11).text(
    'Excellencies, colleagues,\n\nThe Inter-Agency Coordination Group has the honour to invite representatives of member states and practitioners to its annual briefing. ' +
      'The agencies will present what they learned this year about recruitment online and debt bondage, what joint investigations along coastal routes achieved, ' +
      'and how survivors were heard in referral and prosecution. A large part of the session is reserved for your questions.\n\n' +
      'Please register on Praxis. Registered participants receive the meeting link on the event page thirty minutes before the start, and a reminder the day before. ' +
      'Interpretation into French and Spanish is provided. The recording and the answered questions will be kept on the event page afterwards.',
  );
  doc.moveDown().fontSize(14).text('Agenda');
  doc.fontSize(11);
  for (const item of agendaFor(startsAt)) doc.text(`${item.time}  ${item.title} (${item.speakers.join(', ')})`);
  doc.moveDown().fontSize(14).text('Speakers');
  doc.fontSize(11);
  for (const s of SPEAKERS) doc.text(`${s.name}, ${s.affiliation}`);
  doc.end();
  return done;
}

/** The demo briefings (issue 4): a past one with its record and an upcoming one with an invitation. */
@Injectable()
export class EventsDemoSeeder {
  private readonly logger = new Logger('EventsDemoSeeder');

  constructor(
    private readonly events: EventsRepository,
    private readonly files: FilesService,
  ) {}

  /** Answers the invitation's bytes, which the library seeder keeps as a resource too. */
  async seed(hostId: string, attendeeIds: string[]): Promise<{ invitation: Buffer }> {
    // 14:00 Vienna time, two weeks ahead and two months back: the agenda is computed from the start.
    const upcomingStart = atLocalHour(new Date(Date.now() + 14 * DAY), START_HOUR);
    const pastStart = atLocalHour(new Date(Date.now() - 60 * DAY), START_HOUR);
    const speakers = await this.speakers(attendeeIds);
    const pdf = await invitationPdf(upcomingStart);
    const invitation = await this.files.store({ originalname: 'Invitation - annual briefing.pdf', buffer: pdf, size: pdf.length }, { type: 'upload', id: null, uploadedBy: hostId });
    await this.events.transaction(async (manager) => {
      const common = { kind: 'briefing' as const, timeZone: ZONE, languages: ['en', 'fr', 'es'], speakers, registrationMode: 'open' as const, description: DESCRIPTION };
      const upcoming = await this.events.insert({
        ...common, agenda: agendaFor(upcomingStart), title: 'Annual briefing of the Inter-Agency Coordination Group', startsAt: upcomingStart, endsAt: new Date(upcomingStart.getTime() + DURATION_MS),
        capacity: 300, visibility: 'public', meetingUrl: 'https://meet.example.org/iacg-annual-briefing',
      }, hostId, manager);
      await this.files.attach([invitation.id], hostId, { type: 'event', id: upcoming.id }, manager);

      const past = await this.events.insert({
        ...common, agenda: agendaFor(pastStart), title: 'Mid-year briefing of the Inter-Agency Coordination Group', startsAt: pastStart, endsAt: new Date(pastStart.getTime() + DURATION_MS),
        capacity: 300, visibility: 'members', meetingUrl: 'https://meet.example.org/iacg-mid-year',
        recordingUrl: 'https://video.example.org/iacg-mid-year-briefing',
        followUp: [{ title: 'Summary of the mid-year briefing', url: 'https://example.org/iacg/mid-year-summary' }],
      }, hostId, manager);
      await manager.query(`UPDATE events SET live_started_at = starts_at, live_ended_at = ends_at WHERE id = $1`, [past.id]);
      for (const [i, userId] of attendeeIds.entries()) {
        await this.events.setRegistration(past.id, userId, 'registered', manager);
        await manager.query(
          `INSERT INTO event_attendance (event_id, user_id, joined_at, left_at) VALUES ($1, $2, $3, $4)`,
          [past.id, userId, new Date(pastStart.getTime() + i * 120_000), new Date(pastStart.getTime() + DURATION_MS - i * 300_000)],
        );
      }
      const questions: [string, 'answered' | 'open'][] = [
        ['How do agencies share referral data across borders without exposing survivors?', 'answered'],
        ['Which online recruitment patterns should labour inspectors watch for first?', 'answered'],
        ['Will the coordination group publish the joint investigation checklist?', 'answered'],
        ['Is there a contact point for prosecutors requesting mutual legal assistance?', 'open'],
      ];
      for (const [i, [body, status]] of questions.entries()) {
        const author = attendeeIds[i % Math.max(attendeeIds.length, 1)];
        if (!author) break;
        const { question } = await this.events.insertQuestion(past.id, author, `demo-${i}`, body, manager);
        await this.events.setQuestionStatus(question.id, status, manager);
        for (const voter of attendeeIds.slice(0, questions.length - i)) if (voter !== author) await this.events.vote(question.id, voter, manager);
      }
    });
    this.logger.log({ msg: 'demo briefings created', invitationBytes: pdf.length });
    return { invitation: pdf };
  }

  /** The speakers, those who are demo members carrying their user id (so the event page links them as members). */
  private async speakers(memberIds: string[]): Promise<Speaker[]> {
    const byName = new Map<string, string>();
    for (const id of memberIds) {
      const contact = await this.events.userContact(id);
      if (contact) byName.set(contact.displayName, id);
    }
    return SPEAKERS.map((s) => (byName.has(s.name) ? { ...s, userId: byName.get(s.name)! } : s));
  }
}
