import { agendaFor, atLocalHour } from './events-demo-seeder.js';

describe('demo briefing times', () => {
  it('starts at 14:00 Vienna time in winter and in summer, and on the same calendar day', () => {
    expect(atLocalHour(new Date('2026-01-15T23:30:00Z'), 14).toISOString()).toBe('2026-01-16T13:00:00.000Z');
    expect(atLocalHour(new Date('2026-07-15T10:00:00Z'), 14).toISOString()).toBe('2026-07-15T12:00:00.000Z');
    // The Sunday clocks go forward, and the Sunday they go back.
    expect(atLocalHour(new Date('2026-03-29T08:00:00Z'), 14).toISOString()).toBe('2026-03-29T12:00:00.000Z');
    expect(atLocalHour(new Date('2026-10-25T08:00:00Z'), 14).toISOString()).toBe('2026-10-25T13:00:00.000Z');
  });

  it('computes the agenda from the start, in the event zone', () => {
    const times = agendaFor(new Date('2026-07-15T07:30:00Z')).map((item) => item.time);
    expect(times).toEqual(['09:30', '09:40', '10:05', '10:30', '10:50', '11:20']);
  });
});
