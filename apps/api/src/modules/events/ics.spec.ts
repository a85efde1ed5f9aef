import ICAL from 'ical.js';
import { buildCalendar, zoneOffsetMinutes } from './ics.js';

describe('buildCalendar', () => {
  it('writes times in the event zone with a VTIMEZONE that a real parser resolves', () => {
    // 10:00 in Vienna on 15 June 2027 is 08:00 UTC (summer time, +02:00).
    const ics = buildCalendar([
      { id: 'e1', title: 'Briefing, with; commas', description: 'Line one\nline two', startsAt: new Date('2027-06-15T08:00:00Z'), endsAt: new Date('2027-06-15T09:30:00Z'), timeZone: 'Europe/Vienna' },
    ]);
    expect(ics).toContain('DTSTART;TZID=Europe/Vienna:20270615T100000');
    const component = new ICAL.Component(ICAL.parse(ics));
    const zone = new ICAL.Timezone(component.getFirstSubcomponent('vtimezone')!);
    ICAL.TimezoneService.register(zone, 'Europe/Vienna');
    const event = new ICAL.Event(component.getFirstSubcomponent('vevent')!);
    expect(event.summary).toBe('Briefing, with; commas');
    expect(event.description).toBe('Line one\nline two');
    expect(event.startDate.zone.tzid).toBe('Europe/Vienna');
    expect(event.startDate.toJSDate().toISOString()).toBe('2027-06-15T08:00:00.000Z');
    // A winter date in the same zone resolves to +01:00 from the same VTIMEZONE.
    const winter = ICAL.Time.fromData({ year: 2027, month: 1, day: 10, hour: 10, minute: 0, second: 0 }, zone);
    expect(winter.toJSDate().toISOString()).toBe('2027-01-10T09:00:00.000Z');
    ICAL.TimezoneService.remove('Europe/Vienna');
  });

  it('computes zone offsets', () => {
    expect(zoneOffsetMinutes('Asia/Kolkata', new Date('2027-01-01T00:00:00Z'))).toBe(330);
    expect(zoneOffsetMinutes('America/New_York', new Date('2027-01-01T00:00:00Z'))).toBe(-300);
  });
});
