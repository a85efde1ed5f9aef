import { Injectable } from '@nestjs/common';
import type { OrganisationType } from '@praxis/contracts';
import { AuthService } from '../../modules/auth/auth.service.js';
import { AdminAccounts } from '../../modules/admin/admin-accounts.js';
import { UsersRepository } from '../../modules/users/users.repository.js';
import { handleCandidates } from '../../modules/auth/handles.js';
import { EventsDemoSeeder } from '../../modules/events/events-demo-seeder.js';
import { NetworksDemoSeeder } from '../../modules/forum/networks-demo-seeder.js';
import { LibraryDemoSeeder } from '../../modules/library/library-demo-seeder.js';

export interface DemoAccount {
  role: string;
  email: string;
  password: string;
}

interface DemoMember {
  email: string;
  displayName: string;
  organisation: string;
  organisationType: OrganisationType;
  country: string;
  jobTitle: string;
  role: string;
  languages: string[];
  expertise: string[];
  bio: string;
}

/** Shared by every demo account; printed at start-up and in the README. Demo only. */
export const DEMO_PASSWORD = 'praxis-demo-2026';
export const DEMO_ADMIN_EMAIL = 'admin@praxis.demo';

// Invented people and organisations, written for this demo.
const DEMO_MEMBERS: DemoMember[] = [
  {
    email: 'amina.diallo@praxis.demo',
    displayName: 'Amina Diallo',
    organisation: 'West Africa Anti-Trafficking Taskforce',
    organisationType: 'government',
    country: 'SN',
    jobTitle: 'Senior investigator',
    role: 'member (police, Senegal)',
    languages: ['fr', 'en', 'wo'],
    expertise: ['financial investigations', 'victim identification'],
    bio: 'Leads cross-border investigations into labour trafficking along coastal routes.',
  },
  {
    email: 'lucia.moreno@praxis.demo',
    displayName: 'Lucía Moreno',
    organisation: 'Fiscalía Especializada en Trata',
    organisationType: 'government',
    country: 'MX',
    jobTitle: 'Prosecutor',
    role: 'member (prosecutor, Mexico)',
    languages: ['es', 'en'],
    expertise: ['prosecution', 'case law'],
    bio: 'Prosecutes trafficking and smuggling cases; interested in mutual legal assistance.',
  },
  {
    email: 'jonas.berg@praxis.demo',
    displayName: 'Jonas Berg',
    organisation: 'Nordic Migrant Rights Centre',
    organisationType: 'civil-society',
    country: 'SE',
    jobTitle: 'Caseworker',
    role: 'member (NGO, Sweden)',
    languages: ['sv', 'en'],
    expertise: ['victim support', 'shelters'],
    bio: 'Supports survivors through referral and reintegration.',
  },
  {
    email: 'farah.haddad@praxis.demo',
    displayName: 'Farah Haddad',
    organisation: 'Inter-Agency Coordination Group',
    organisationType: 'international',
    country: 'JO',
    jobTitle: 'Programme officer',
    role: 'member (international, Jordan)',
    languages: ['ar', 'en', 'fr'],
    expertise: ['data and research', 'coordination'],
    bio: 'Coordinates briefings between agencies and member states.',
  },
  {
    email: 'priya.nair@praxis.demo',
    displayName: 'Priya Nair',
    organisation: 'Institute for Migration Studies',
    organisationType: 'academia',
    country: 'IN',
    jobTitle: 'Researcher',
    role: 'member (researcher, India)',
    languages: ['en', 'hi', 'ml'],
    expertise: ['data and research', 'smuggling routes'],
    bio: 'Studies recruitment fees and debt bondage in labour migration.',
  },
];

const DEMO_APPLICANT = {
  email: 'new.applicant@praxis.demo',
  displayName: 'Tomas Novak',
  organisation: 'Border Police Directorate',
  organisationType: 'government' as const,
  country: 'CZ',
  jobTitle: 'Analyst',
  reason: 'I analyse smuggling routes and would like to exchange with practitioners in the region.',
};

/** Demo content for a first local start; never runs against a configured database unless asked. */
@Injectable()
export class DemoSeeder {
  constructor(
    private readonly users: UsersRepository,
    private readonly auth: AuthService,
    private readonly admins: AdminAccounts,
    private readonly eventsDemo: EventsDemoSeeder,
    private readonly networksDemo: NetworksDemoSeeder,
    private readonly libraryDemo: LibraryDemoSeeder,
  ) {}

  accounts(): DemoAccount[] {
    return [
      { role: 'platform admin', email: DEMO_ADMIN_EMAIL, password: DEMO_PASSWORD },
      ...DEMO_MEMBERS.map((m) => ({ role: m.role, email: m.email, password: DEMO_PASSWORD })),
      { role: 'applicant (pending)', email: DEMO_APPLICANT.email, password: DEMO_PASSWORD },
    ];
  }

  async seedIfEmpty(): Promise<{ created: boolean; accounts: DemoAccount[] }> {
    if (await this.users.findByEmail(DEMO_ADMIN_EMAIL)) return { created: false, accounts: this.accounts() };
    await this.admins.createAdmin(DEMO_ADMIN_EMAIL, DEMO_PASSWORD, 'Hub Administrator');
    const passwordHash = await this.auth.hashPassword(DEMO_PASSWORD);
    const memberIds: string[] = [];
    for (const member of DEMO_MEMBERS) {
      const created = await this.users.insert({
        email: member.email,
        passwordHash,
        handle: handleCandidates(member.displayName).next().value as string,
        displayName: member.displayName,
        organisation: member.organisation,
        organisationType: member.organisationType,
        country: member.country,
        jobTitle: member.jobTitle,
        reason: 'Demo member',
        status: 'active',
        emailVerifiedAt: new Date(),
      });
      await this.users.update(created.id, { languages: member.languages, expertise: member.expertise, bio: member.bio });
      memberIds.push(created.id);
    }
    await this.users.insert({
      ...DEMO_APPLICANT,
      passwordHash,
      handle: handleCandidates(DEMO_APPLICANT.displayName).next().value as string,
      status: 'pending',
      emailVerifiedAt: new Date(),
    });
    const admin = await this.users.findByEmail(DEMO_ADMIN_EMAIL);
    if (admin) {
      // Networks first: later demo content (events, resources) may belong to them.
      await this.networksDemo.seed([admin.id, ...memberIds]);
      const { invitation } = await this.eventsDemo.seed(admin.id, memberIds);
      // The library keeps the briefing's invitation too, and its resources live in the demo networks.
      await this.libraryDemo.seed([admin.id, ...memberIds], { invitation });
    }
    return { created: true, accounts: this.accounts() };
  }
}
