import { ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import { DASHBOARD_TABLES, type AdminDashboard, type DashboardTable } from '@praxis/contracts';
import { toCsv } from '../../common/csv.js';
import type { Viewer } from '../auth/auth.decorators.js';
import { AdminPolicy } from './admin.policy.js';
import { DashboardRepository } from './dashboard.repository.js';

/** The windows the dashboard covers; the response names them so that the page can say so. */
export const DASHBOARD_PERIODS = { activeDays: 30, weeks: 12, events: 10, tags: 10 } as const;

export interface CsvDownload {
  /** ASCII letters, digits and dashes only: safe as it is in Content-Disposition. */
  filename: string;
  content: string;
}

const isTable = (value: string): value is DashboardTable => (DASHBOARD_TABLES as readonly string[]).includes(value);

/** D1: the admin dashboard and its CSV exports, one table at a time. */
@Injectable()
export class DashboardService {
  constructor(
    private readonly figures: DashboardRepository,
    private readonly policy: AdminPolicy,
  ) {}

  async dashboard(viewer: Viewer): Promise<AdminDashboard> {
    this.assertAdmin(viewer);
    const p = DASHBOARD_PERIODS;
    const [members, networks, openReports, activity, events, topTags] = await Promise.all([
      this.figures.members(p.activeDays),
      this.figures.networks(),
      this.figures.openReports(),
      this.figures.weeklyActivity(p.weeks),
      this.figures.recentEvents(p.events),
      this.figures.topTags(p.weeks, p.tags),
    ]);
    return { generatedAt: new Date().toISOString(), periods: { ...p }, members, networks, openReports, activity, events, topTags };
  }

  /** One table of the dashboard as CSV (`summary`, `activity`, `events` or `tags`); any other name is 404. */
  async csv(viewer: Viewer, table: string): Promise<CsvDownload> {
    this.assertAdmin(viewer);
    if (!isTable(table)) throw new NotFoundException(`No such dashboard table; one of ${DASHBOARD_TABLES.join(', ')}`);
    const p = DASHBOARD_PERIODS;
    const filename = `dashboard-${table}-${new Date().toISOString().slice(0, 10)}.csv`;
    switch (table) {
      case 'summary': {
        const [members, networks, openReports] = await Promise.all([this.figures.members(p.activeDays), this.figures.networks(), this.figures.openReports()]);
        const rows = [
          ['members_total', members.total],
          ['members_pending', members.pending],
          ['members_suspended', members.suspended],
          [`members_active_last_${p.activeDays}_days`, members.activeRecently],
          ['networks', networks],
          ['open_reports', openReports],
        ];
        return { filename, content: toCsv(['metric', 'value'], rows) };
      }
      case 'activity': {
        const weeks = await this.figures.weeklyActivity(p.weeks);
        return { filename, content: toCsv(['week_start', 'threads', 'posts'], weeks.map((w) => [w.weekStart, w.threads, w.posts])) };
      }
      case 'events': {
        const events = await this.figures.recentEvents(p.events);
        const rows = events.map((e) => [e.id, e.title, e.startsAt, e.registered, e.attended, e.attendedRegistered]);
        return { filename, content: toCsv(['event_id', 'title', 'starts_at', 'registered', 'attended', 'attended_registered'], rows) };
      }
      case 'tags': {
        const tags = await this.figures.topTags(p.weeks, p.tags);
        return { filename, content: toCsv(['tag', 'threads', 'resources', 'total'], tags.map((t) => [t.tag, t.threads, t.resources, t.total])) };
      }
    }
  }

  private assertAdmin(viewer: Viewer) {
    if (!this.policy.mayViewDashboard(viewer)) throw new ForbiddenException('Platform administrators only');
  }
}
