import { Injectable } from '@nestjs/common';
import { rooms, type NetworkRole, type NetworkVisibility } from '@praxis/contracts';
import { plainExcerpt, renderMarkdown } from '../../common/markdown.js';
import { NetworksRepository, type Tx } from '../networks/networks.repository.js';
import { RoomLogRepository } from '../networks/room-log.repository.js';
import { ForumRepository } from './forum.repository.js';

export interface DemoThread {
  category: string;
  title: string;
  tags: string[];
  pinned?: boolean;
  /** [index into the members list (0 = admin), Markdown body]; the first is the opening post. */
  posts: [number, string][];
}
export interface DemoNetwork {
  slug: string;
  name: string;
  visibility: NetworkVisibility;
  tags: string[];
  description: string;
  /** [index into the members list, role]; index 0 is the platform admin. */
  members: [number, NetworkRole][];
  threads: DemoThread[];
}

const CATEGORIES = [
  { name: 'Announcements', slug: 'announcements', description: 'News from the moderators.', moderatorsOnly: true, position: 0 },
  { name: 'Cases and practice', slug: 'practice', description: 'Questions and lessons from casework.', moderatorsOnly: false, position: 1 },
  { name: 'Resources', slug: 'resources', description: 'Guides, tools and reading worth sharing.', moderatorsOnly: false, position: 2 },
];

// Written for this demo; people, organisations and cases are invented.
export const DEMO_NETWORKS: DemoNetwork[] = [
  {
    slug: 'trafficking-in-persons',
    name: 'Trafficking in Persons Practitioners',
    visibility: 'open',
    tags: ['trafficking', 'investigation', 'victim identification'],
    description: 'An open forum for police, prosecutors, labour inspectors and NGOs working on **trafficking in persons**.\n\nShare practice, ask peers, and find counterparts across borders.',
    members: [[0, 'owner'], [1, 'moderator'], [2, 'member'], [3, 'member'], [4, 'member']],
    threads: [
      {
        category: 'announcements',
        title: 'Welcome: how this network works',
        tags: ['welcome'],
        pinned: true,
        posts: [[1, 'Welcome! Introduce yourself in *Cases and practice*, keep case details anonymised, and flag anything sensitive to a moderator.']],
      },
      {
        category: 'practice',
        title: 'Indicators of forced labour in seasonal agriculture',
        tags: ['labour', 'indicators'],
        posts: [
          [1, 'We keep meeting workers whose passports are "kept safe" by the recruiter. Which indicators do your inspectors check first on farms?'],
          [3, 'Debt first: recruitment fees deducted from wages, and whether workers can tell you what they owe. Retained documents come second.'],
          [4, '> Debt first\n\nAgreed. @amina_diallo we have a checklist in French and Wolof from a shelter partner; happy to share.'],
        ],
      },
      {
        category: 'resources',
        title: 'Mutual legal assistance requests that actually get answered',
        tags: ['mla', 'prosecution'],
        posts: [
          [2, 'What makes an MLA request on a trafficking case move quickly? Ours wait for months.'],
          [1, 'A short summary of facts up front, the exact evidence you need, and a contact who speaks the receiving language.'],
        ],
      },
    ],
  },
  {
    slug: 'smuggling-of-migrants',
    name: 'Smuggling of Migrants Working Group',
    visibility: 'restricted',
    tags: ['smuggling', 'routes', 'financial investigations'],
    description: 'A restricted group for investigators and analysts on **migrant smuggling** routes and the money behind them. Request to join with a short note on your role.',
    members: [[0, 'owner'], [2, 'moderator'], [5, 'member'], [1, 'member']],
    threads: [
      {
        category: 'announcements',
        title: 'Ground rules for route information',
        tags: ['rules'],
        pinned: true,
        posts: [[2, 'Route details stay here: no screenshots outside the group, and no names of individuals under investigation.']],
      },
      {
        category: 'practice',
        title: 'Following payments through informal transfer systems',
        tags: ['finance'],
        posts: [
          [5, 'Our interviews show fees paid in three instalments through informal transfer agents. Has anyone traced one end to end?'],
          [2, 'Once, through the agent’s ledger seized at the destination. The key was matching dates with the crossings.'],
        ],
      },
    ],
  },
  {
    slug: 'child-protection',
    name: 'Child Protection Focal Points',
    visibility: 'hidden',
    tags: ['children', 'referral'],
    description: 'A hidden, invitation-only network for child protection focal points handling cases of trafficked children.',
    members: [[0, 'owner'], [3, 'moderator'], [1, 'member']],
    threads: [
      {
        category: 'practice',
        title: 'Best-interest assessments for unaccompanied children',
        tags: ['assessment'],
        posts: [
          [3, 'Who leads the best-interest assessment in your country when the child is also a witness?'],
          [1, 'A guardian appointed within 24 hours, before any interview with the police.'],
        ],
      },
    ],
  },
  {
    slug: 'data-and-research',
    name: 'Data and Research',
    visibility: 'open',
    tags: ['data', 'research', 'methods'],
    description: 'An open network on **data, statistics and research methods** for estimating and understanding trafficking and smuggling.',
    members: [[0, 'owner'], [5, 'moderator'], [4, 'member'], [3, 'member']],
    threads: [
      {
        category: 'resources',
        title: 'Estimating hidden populations: what works with small samples?',
        tags: ['methods', 'estimation'],
        posts: [
          [5, 'Multiple systems estimation needs several lists that overlap. What do you do when you only have two?'],
          [4, 'We combined police and NGO lists and reported a range, not a number, with the assumptions spelled out.'],
        ],
      },
    ],
  },
];

/** Demo networks, categories, memberships, threads and replies for a first local start. */
@Injectable()
export class NetworksDemoSeeder {
  constructor(
    private readonly networks: NetworksRepository,
    private readonly forum: ForumRepository,
    private readonly roomLog: RoomLogRepository,
  ) {}

  /** `people[0]` is the platform admin, then the demo members in the DemoSeeder's order. */
  async seed(people: string[]): Promise<void> {
    await this.networks.transaction(async (tx) => {
      for (const demo of DEMO_NETWORKS) {
        const members = demo.members.filter(([i]) => people[i]);
        if (!members.length) continue;
        const owner = people[members[0][0]];
        const networkId = await this.networks.insert(
          { slug: demo.slug, name: demo.name, summary: plainExcerpt(demo.description), description: demo.description, visibility: demo.visibility, tags: demo.tags, libraryContributors: 'members', createdBy: owner },
          tx,
        );
        for (const [i, role] of members) await this.networks.upsertMembership(networkId, people[i], { status: 'active', role }, tx);
        const categoryIds = new Map<string, string>();
        for (const c of CATEGORIES) categoryIds.set(c.slug, await this.networks.insertCategory(networkId, { ...c }, tx));
        for (const thread of demo.threads) await this.thread(networkId, categoryIds.get(thread.category) ?? null, thread, people, tx);
      }
    });
  }

  private async thread(networkId: string, categoryId: string | null, demo: DemoThread, people: string[], tx: Tx) {
    const posts = demo.posts.filter(([i]) => people[i]);
    if (!posts.length) return;
    const id = (await this.forum.insertThread({ networkId, categoryId, authorId: people[posts[0][0]], title: demo.title, tags: demo.tags, clientId: null }, tx))!;
    if (demo.pinned) await this.forum.updateThread(id, { pinned: true }, tx);
    for (const [i, body] of posts) {
      const room = rooms.thread(id);
      const seq = await this.roomLog.next(room, tx);
      const postId = await this.forum.insertPost({ threadId: id, authorId: people[i], seq, body, html: renderMarkdown(body), replyToId: null, clientId: null }, tx);
      // Logged as every post is, so the room's catch-up has no gap (the route shows the post as it is now).
      await this.roomLog.store(room, seq, 'post.created', { room, seq, post: { id: postId } }, tx);
      await this.forum.touchThread(id, 1, tx);
      await this.forum.setFollow(id, people[i], 'following', tx, true);
    }
  }
}
