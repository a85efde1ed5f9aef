import ICAL from 'ical.js';
import { buildCalendar, vtimezone, zoneOffsetMinutes } from './ics.js';

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

  it('finds each daylight-saving change to the minute, half-hour ones included', () => {
    const vienna = vtimezone('Europe/Vienna', [new Date('2027-06-15T08:00:00Z')]).join('\n');
    // Summer time in 2027 starts on 28 March at 02:00 and ends on 31 October at 03:00, local time.
    expect(vienna).toContain('BEGIN:DAYLIGHT\nDTSTART:20270328T020000\nTZOFFSETFROM:+0100\nTZOFFSETTO:+0200\nEND:DAYLIGHT');
    expect(vienna).toContain('BEGIN:STANDARD\nDTSTART:20271031T030000\nTZOFFSETFROM:+0200\nTZOFFSETTO:+0100\nEND:STANDARD');
    // The years before and after the event are covered too: 2026 to 2028, two changes each.
    expect(vienna.match(/BEGIN:DAYLIGHT/g)).toHaveLength(3);
    // Lord Howe Island moves by thirty minutes, at 02:00 local time, on the first Sunday of April and October.
    const lordHowe = vtimezone('Australia/Lord_Howe', [new Date('2027-06-15T00:00:00Z')]).join('\n');
    expect(lordHowe).toContain('BEGIN:STANDARD\nDTSTART:20270404T020000\nTZOFFSETFROM:+1100\nTZOFFSETTO:+1030\nEND:STANDARD');
    expect(lordHowe).toContain('BEGIN:DAYLIGHT\nDTSTART:20271003T020000\nTZOFFSETFROM:+1030\nTZOFFSETTO:+1100\nEND:DAYLIGHT');
    // A zone without daylight saving has one fixed offset.
    expect(vtimezone('Asia/Kolkata', [new Date('2027-06-15T00:00:00Z')]).join('\n'))
      .toBe('BEGIN:VTIMEZONE\nTZID:Asia/Kolkata\nBEGIN:STANDARD\nDTSTART:19700101T000000\nTZOFFSETFROM:+0530\nTZOFFSETTO:+0530\nEND:STANDARD\nEND:VTIMEZONE');
  });
});
