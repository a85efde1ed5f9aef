import { Injectable, Logger } from '@nestjs/common';
import PDFDocument from 'pdfkit';
import type { ResourceKind } from '@praxis/contracts';
import { docxWith } from '../../common/docx.js';
import { renderMarkdown } from '../../common/markdown.js';
import { FileTextService } from '../file-text/file-text.service.js';
import { FilesService } from '../files/files.service.js';
import { NetworksRepository } from '../networks/networks.repository.js';
import { ResourcesRepository } from './resources.repository.js';

/** A file generated at seed time: the briefing's invitation (handed over by the events seeder), a checklist PDF or a training DOCX. */
export type DemoDocument = 'invitation' | 'indicators' | 'training';

export interface DemoResource {
  /** How the featured list and the collection refer to it. */
  key: string;
  /** A demo network's slug, or null for hub-wide. */
  network: string | null;
  /** Index into the people list: 0 is the platform admin, then the demo members in the DemoSeeder's order. */
  author: number;
  title: string;
  /** Markdown. */
  summary: string;
  kind: ResourceKind;
  language: string;
  countries: string[];
  tags: string[];
  /** YYYY-MM-DD; null means the day of seeding. */
  publishedOn: string | null;
  url?: string;
  file?: DemoDocument;
  featured?: boolean;
}

export interface DemoCollection {
  network: string;
  author: number;
  title: string;
  description: string;
  /** Resource keys, in order. */
  items: string[];
}

// Written for this demo: the organisations, cases and documents are invented, and every link is on
// an example domain. People index 1 Amina (SN), 2 Lucía (MX), 3 Jonas (SE), 4 Farah (JO), 5 Priya (IN).
export const DEMO_RESOURCES: DemoResource[] = [
  {
    key: 'model-law',
    network: null,
    author: 0,
    title: 'Loi-cadre type contre la traite des personnes : commentaire article par article',
    summary:
      'Un commentaire, article par article, d’une **loi-cadre type** contre la traite des personnes, rédigé pour les ministères de la justice et les parlementaires qui révisent leur législation.\n\n' +
      'Il couvre :\n\n- la définition de l’infraction et l’indifférence du consentement de la victime ;\n- la non-sanction des victimes pour les infractions qu’elles ont été contraintes de commettre ;\n' +
      '- le délai de rétablissement et de réflexion, et l’accès à l’indemnisation.\n\nChaque article est suivi d’options de rédaction et d’exemples de dispositions nationales.',
    kind: 'legislation',
    language: 'fr',
    countries: ['West Africa', 'SN', 'CI', 'ML'],
    tags: ['legislation', 'non-punishment', 'victim protection'],
    publishedOn: '2020-03-02',
    url: 'https://library.example.org/model-law-commentary-fr',
  },
  {
    key: 'child-guide',
    network: 'child-protection',
    author: 1,
    title: 'Protéger les enfants victimes de traite : guide à l’usage des points focaux',
    summary:
      'Ce guide accompagne les **points focaux de protection de l’enfance** de la première identification jusqu’à la solution durable.\n\n' +
      '1. Désigner un tuteur dans les 24 heures, avant tout entretien avec la police.\n2. Conduire l’évaluation de l’intérêt supérieur de l’enfant.\n3. Organiser un hébergement adapté et le suivi scolaire.\n\n' +
      'Des fiches pratiques traitent des enfants non accompagnés, de la recherche des familles et du retour volontaire.',
    kind: 'publication',
    language: 'fr',
    countries: ['SN', 'ML', 'BF', 'West Africa'],
    tags: ['children', 'best interests', 'referral'],
    publishedOn: '2019-10-15',
    url: 'https://library.example.org/guide-points-focaux-enfance',
  },
  {
    key: 'mixed-migration-guide',
    network: null,
    author: 0,
    title: 'Identifying victims of trafficking in mixed migration flows: a practitioners’ guide',
    summary:
      'A practical guide for border officials, reception staff and NGOs who meet people on the move and need to recognise those who may be **victims of trafficking**.\n\n' +
      'It explains how to screen without re-traumatising, which questions to leave to specialists, and how to refer someone safely when the signs are there but the person is not ready to talk.\n\n' +
      '> Identification is a process, not a single interview.',
    kind: 'publication',
    language: 'en',
    countries: ['Global'],
    tags: ['victim identification', 'mixed migration', 'screening'],
    publishedOn: '2021-06-14',
    url: 'https://library.example.org/identifying-victims-mixed-migration',
  },
  {
    key: 'referral-guide-ar',
    network: null,
    author: 0,
    title: 'دليل الإحالة الوطني لضحايا الاتجار بالبشر: إجراءات عملية للعاملين في الخطوط الأمامية',
    summary:
      'دليل عملي للعاملين في الخطوط الأمامية يشرح خطوات **إحالة ضحايا الاتجار بالبشر** إلى خدمات الحماية والدعم: التعرّف الأولي، والتواصل مع الجهات المختصة، وضمان السرية، ومتابعة الحالة.\n\n' +
      '- قائمة بجهات الاتصال حسب نوع الخدمة\n- نماذج للإحالة والموافقة المستنيرة\n- إرشادات خاصة بالتعامل مع الأطفال',
    kind: 'toolkit',
    language: 'ar',
    countries: ['JO', 'Middle East'],
    tags: ['referral', 'victim support'],
    publishedOn: '2021-11-08',
    url: 'https://library.example.org/referral-guide-ar',
  },
  {
    key: 'smuggling-judgment',
    network: 'smuggling-of-migrants',
    author: 2,
    title: 'Sentencia anonimizada: tráfico ilícito de migrantes con resultado de muerte y circunstancias agravantes',
    summary:
      'Resumen de una **sentencia de apelación** (anonimizada) que confirma la condena de una red de tráfico ilícito de migrantes por la muerte de dos personas durante el traslado en un camión sin ventilación.\n\n' +
      'El tribunal analiza:\n\n- el beneficio económico como elemento del delito;\n- el trato inhumano y el peligro para la vida como circunstancias agravantes;\n- el valor probatorio de los registros de pagos y de las declaraciones anticipadas de testigos.',
    kind: 'case-law',
    language: 'es',
    countries: ['MX'],
    tags: ['smuggling', 'aggravating circumstances', 'sentencing'],
    publishedOn: '2020-11-23',
    url: 'https://caselaw.example.org/anonimizada/2020-trafico-agravado',
  },
  {
    key: 'vulnerability-judgment',
    network: 'trafficking-in-persons',
    author: 2,
    title: 'Anonymised appellate judgment: abuse of a position of vulnerability in domestic servitude',
    summary:
      'A summary of an **anonymised appellate judgment** in a case of domestic servitude. The worker had arrived on a visa tied to her employer, had no money of her own and spoke none of the local language.\n\n' +
      'The court held that the employer’s knowledge of that dependence, and the use made of it, was an *abuse of a position of vulnerability*, and that the worker’s apparent consent was irrelevant once the means were proved.\n\n' +
      'Useful for prosecutors arguing cases where there was no physical confinement.',
    kind: 'case-law',
    language: 'en',
    countries: ['Europe'],
    tags: ['domestic servitude', 'vulnerability', 'consent', 'prosecution'],
    publishedOn: '2022-04-11',
    url: 'https://caselaw.example.org/anonymised/2022-domestic-servitude-appeal',
  },
  {
    key: 'recruitment-fees',
    network: 'data-and-research',
    author: 5,
    title: 'Recruitment fees and debt bondage among migrant workers: survey findings',
    summary:
      'Findings of a survey of **1,200 returning migrant workers** on the fees they paid to be recruited and how those debts shaped their work abroad.\n\n' +
      '- Two thirds paid fees, most of them borrowed from relatives or informal lenders.\n- Workers with larger debts were more likely to stay in abusive jobs and to have their documents retained.\n' +
      '- The report sets out the sampling method and its limits, and recommends fee-free recruitment in bilateral agreements.',
    kind: 'report',
    language: 'en',
    countries: ['IN', 'NP', 'Gulf States'],
    tags: ['recruitment fees', 'debt bondage', 'survey', 'data'],
    publishedOn: '2022-08-30',
    url: 'https://research.example.org/recruitment-fees-survey-2022',
  },
  {
    key: 'interviewing-module',
    network: 'trafficking-in-persons',
    author: 3,
    title: 'Interviewing survivors of trafficking: a trauma-informed training module',
    summary:
      'A half-day **training module** for caseworkers, police and labour inspectors who interview people who may have been trafficked.\n\n' +
      'The Word document holds the session plan, the facilitator’s notes and two role plays. It can be adapted: translate the handouts and replace the case examples with local ones.',
    kind: 'training-material',
    language: 'en',
    countries: ['Global'],
    tags: ['interviewing', 'trauma-informed', 'victim support', 'training'],
    publishedOn: '2023-09-25',
    file: 'training',
    featured: true,
  },
  {
    key: 'forced-labour-indicators',
    network: 'trafficking-in-persons',
    author: 1,
    title: 'Indicators of forced labour: a checklist for labour inspectors',
    summary:
      'A two-page **checklist** that labour inspectors take on site visits: eleven indicators of forced labour, what to look for and what to ask, and when to call the specialised police unit.\n\n' +
      'Written after joint inspections in seasonal agriculture and fisheries. Debt and retained documents come first, because they are the signs inspectors most often miss.',
    kind: 'toolkit',
    language: 'en',
    countries: ['Global'],
    tags: ['forced labour', 'indicators', 'labour inspection'],
    publishedOn: '2024-02-12',
    file: 'indicators',
    featured: true,
  },
  {
    key: 'central-america-routes',
    network: 'smuggling-of-migrants',
    author: 2,
    title: 'Rutas del tráfico ilícito de migrantes en el corredor centroamericano: tendencias 2025',
    summary:
      'Presentación para el grupo de trabajo sobre las **rutas del tráfico ilícito de migrantes** entre Centroamérica y la frontera norte de México.\n\n' +
      '- Cambios de ruta tras los controles reforzados en los puntos de cruce habituales.\n- Pagos fraccionados a través de remesas y billeteras móviles.\n- Propuestas para investigaciones financieras paralelas.',
    kind: 'presentation',
    language: 'es',
    countries: ['MX', 'GT', 'HN', 'Central America'],
    tags: ['smuggling routes', 'financial investigations'],
    publishedOn: '2025-03-18',
    url: 'https://slides.example.org/rutas-corredor-centroamericano-2025',
  },
  {
    key: 'coastal-lessons',
    network: 'trafficking-in-persons',
    author: 1,
    title: 'Joint investigations along coastal routes: lessons learned',
    summary:
      'What three **joint investigation teams** learned from cases of labour trafficking on fishing vessels and in fish-processing sites along the coast.\n\n' +
      'The report covers how the teams were set up, how evidence was shared across borders, how interpreters and victim support were organised, and what slowed the cases down. ' +
      'It ends with ten recommendations for prosecutors and police starting a joint team.',
    kind: 'report',
    language: 'en',
    countries: ['SN', 'GM', 'GN', 'West Africa'],
    tags: ['joint investigations', 'labour exploitation', 'fisheries'],
    publishedOn: '2025-10-06',
    url: 'https://library.example.org/coastal-joint-investigations-lessons',
    featured: true,
  },
  {
    key: 'taskforce-protocol',
    network: null,
    author: 0,
    title: 'Two regional taskforces agree a joint investigation protocol',
    summary:
      'The West Africa Anti-Trafficking Taskforce and its counterpart on the central Mediterranean route have agreed a **protocol for joint investigations**: a single point of contact on each side, ' +
      'a template for spontaneous information exchange, and a commitment to answer urgent requests within 72 hours.\n\nThe first joint case review is planned for the autumn.',
    kind: 'news',
    language: 'en',
    countries: ['West Africa', 'Mediterranean'],
    tags: ['joint investigations', 'cooperation'],
    publishedOn: '2026-05-19',
    url: 'https://news.example.org/regional-taskforces-joint-protocol',
  },
  {
    key: 'briefing-invitation',
    network: null,
    author: 0,
    title: 'Invitation: Annual briefing of the Inter-Agency Coordination Group',
    summary:
      'The invitation to this year’s **annual briefing** of the Inter-Agency Coordination Group, with the agenda and the speakers. ' +
      'Member states and practitioners are invited; interpretation into French and Spanish is provided.\n\nRegister on the event page under *Events*.',
    kind: 'news',
    language: 'en',
    countries: ['Global'],
    tags: ['briefing', 'coordination'],
    publishedOn: null,
    file: 'invitation',
  },
];

export const DEMO_COLLECTION: DemoCollection = {
  network: 'trafficking-in-persons',
  author: 1,
  title: 'Starting a labour exploitation case',
  description: 'Three things to read before the first inspection: what to look for, how to talk to the people you meet, and how a court weighed vulnerability.',
  items: ['forced-labour-indicators', 'interviewing-module', 'vulnerability-judgment'],
};

/** The eleven indicators, what the inspector looks for, and a question to ask. */
const INDICATORS: [string, string][] = [
  ['Abuse of vulnerability', 'Workers who do not speak the language, have no residence permit, or depend on the employer for housing and food.'],
  ['Deception', 'Wages, work or living conditions that differ from what was promised at recruitment. Ask: what were you told before you came?'],
  ['Restriction of movement', 'Locked dormitories, guards, or workers who may only leave the site in a group with a supervisor.'],
  ['Isolation', 'Sites far from any town, no telephone or internet access, workers who do not know the address where they live.'],
  ['Physical and sexual violence', 'Injuries, or workers who are afraid to answer in front of a supervisor. Never ask about violence in a group.'],
  ['Intimidation and threats', 'Threats of denunciation to the immigration authorities, or of harm to relatives at home.'],
  ['Retention of identity documents', 'Passports or permits "kept safe" by the employer or the recruiter. Ask: where is your passport now, and can you get it today?'],
  ['Withholding of wages', 'Wages paid late, paid to a third person, or kept back "until the end of the season". Ask to see payslips.'],
  ['Debt bondage', 'Recruitment fees, travel or housing deducted from wages. Ask: how much do you owe, and to whom? Workers who cannot tell are a warning sign.'],
  ['Abusive working and living conditions', 'Overcrowded housing, no drinking water, no protective equipment for pesticides or machinery.'],
  ['Excessive overtime', 'Shifts of twelve hours or more, seven days a week, with no record of the hours worked.'],
];

/** The checklist PDF: a few paragraphs and the indicators, real text that extraction and search read. */
export function indicatorsChecklistPdf(): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margin: 56, info: { Title: 'Indicators of forced labour: a checklist for labour inspectors', Author: 'Praxis demo' } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.fontSize(18).text('Indicators of forced labour: a checklist for labour inspectors');
  doc.moveDown().fontSize(11).text(
    'Use this checklist on every site visit where workers were recruited from abroad or from another region. One indicator alone does not prove forced labour; ' +
      'several together, or a single strong one such as retained passports, are a reason to talk to the workers in private and to call the specialised police unit.\n\n' +
      'Speak to workers away from supervisors and recruiters, with an interpreter you have chosen yourself. Explain who you are, what will happen with what they tell you, ' +
      'and that they are not in trouble. Write down what you see as well as what you hear: padlocks, sleeping places, the absence of kitchens or of drinking water.',
  );
  doc.moveDown().fontSize(14).text('The eleven indicators');
  doc.fontSize(11);
  for (const [i, [name, sign]] of INDICATORS.entries()) doc.moveDown(0.4).text(`${i + 1}. ${name}. ${sign}`);
  doc.moveDown().fontSize(14).text('After the visit');
  doc.fontSize(11).text(
    'Record the indicators you found, with dates and places, in the inspection report. If you suspect trafficking, refer the workers to the national referral mechanism ' +
      'before any action on their residence status, and agree with the police who will be the workers\u2019 contact person.',
  );
  doc.end();
  return done;
}

/** The training module's text, one paragraph a line. */
export const TRAINING_MODULE_TEXT = [
  'Interviewing survivors of trafficking: a trauma-informed training module',
  'Duration: half a day (three and a half hours). Participants: twelve to twenty caseworkers, police officers and labour inspectors.',
  'Learning objectives',
  'By the end of the session participants can explain how trauma affects memory and behaviour, plan an interview that gives the person control over its pace, work with an interpreter, and recognise when to stop.',
  'Session plan',
  '1. Opening and ground rules (20 minutes). The facilitator explains that no participant is asked to share personal experiences.',
  '2. How trauma shapes what people remember (40 minutes). Inconsistent accounts are common and are not in themselves a sign of lying.',
  '3. Preparing the interview (30 minutes). Choose a quiet room, agree on breaks, and check that the interpreter has no link to the recruiters or to the person\u2019s community.',
  '4. Role play one: the first conversation (45 minutes). A labour inspector meets a worker whose passport is held by the employer.',
  '5. Role play two: the person who does not want to talk (45 minutes). Participants practise offering support without making it depend on a statement.',
  '6. Closing and evaluation (30 minutes).',
  'Facilitator\u2019s notes',
  'Keep the grounding exercise short and optional. Remind participants to use only anonymised case examples and never to record the names of real people in the exercises.',
  'Adapting the module',
  'Translate the handouts, replace the case examples with local ones, and invite a survivor advisor to review the role plays if your organisation works with one.',
].join('\n');

/** Demo resources and a collection for the knowledge library (issue 7), after the demo networks and briefings exist. */
@Injectable()
export class LibraryDemoSeeder {
  private readonly logger = new Logger('LibraryDemoSeeder');

  constructor(
    private readonly resources: ResourcesRepository,
    private readonly networks: NetworksRepository,
    private readonly files: FilesService,
    private readonly fileText: FileTextService,
  ) {}

  /**
   * `people[0]` is the platform admin, then the demo members in the DemoSeeder's order;
   * `invitation` is the briefing's invitation PDF as the events seeder generated it.
   */
  async seed(people: string[], documents: { invitation: Buffer }): Promise<void> {
    const networkIds = new Map<string, string>();
    for (const slug of new Set([...DEMO_RESOURCES.map((r) => r.network), DEMO_COLLECTION.network])) {
      const network = slug ? await this.networks.find(slug) : null;
      if (network) networkIds.set(slug!, network.id);
    }
    const seeded = DEMO_RESOURCES.filter((r) => people[r.author] && (r.network === null || networkIds.has(r.network)));
    const today = new Date().toISOString().slice(0, 10);

    // The files are stored first, as the author's uploads, and attached in the transaction.
    const bytes: Record<DemoDocument, () => Promise<Buffer>> = {
      invitation: async () => documents.invitation,
      indicators: indicatorsChecklistPdf,
      training: () => docxWith(TRAINING_MODULE_TEXT),
    };
    const names: Record<DemoDocument, string> = {
      invitation: 'Invitation - annual briefing.pdf',
      indicators: 'Forced labour indicators - checklist.pdf',
      training: 'Interviewing survivors - training module.docx',
    };
    const uploads = new Map<string, { id: string; mimeType: string }>();
    for (const r of seeded) {
      if (!r.file) continue;
      const buffer = await bytes[r.file]();
      const stored = await this.files.store({ originalname: names[r.file], buffer, size: buffer.length }, { type: 'upload', id: null, uploadedBy: people[r.author] });
      uploads.set(r.key, { id: stored.id, mimeType: stored.mimeType });
    }

    await this.resources.transaction(async (manager) => {
      const ids = new Map<string, string>();
      for (const [i, r] of seeded.entries()) {
        const id = await this.resources.insert(
          {
            networkId: r.network ? networkIds.get(r.network) : null,
            title: r.title, summary: r.summary, summaryHtml: renderMarkdown(r.summary), kind: r.kind, language: r.language,
            countries: r.countries, tags: r.tags, publishedOn: r.publishedOn ?? today, url: r.url ?? null,
          },
          people[r.author],
          manager,
        );
        ids.set(r.key, id);
        // Added one after the other over the past days, in the list's order, so "newest" reads as it would.
        await manager.query(`UPDATE resources SET created_at = now() - make_interval(hours => $2), updated_at = now() - make_interval(hours => $2) WHERE id = $1`, [id, (seeded.length - i) * 9]);
        if (r.featured) await this.resources.setFeatured(id, true, manager);
        const upload = uploads.get(r.key);
        if (upload) {
          await this.files.attach([upload.id], people[r.author], { type: 'resource', id }, manager);
          await this.fileText.enqueue([upload], manager);
        }
      }
      const collectionNetwork = networkIds.get(DEMO_COLLECTION.network);
      const items = DEMO_COLLECTION.items.flatMap((key) => (ids.has(key) ? [ids.get(key)!] : []));
      if (collectionNetwork && people[DEMO_COLLECTION.author] && items.length) {
        const { title, description } = DEMO_COLLECTION;
        const collection = await this.resources.insertCollection({ networkId: collectionNetwork, title, description, createdBy: people[DEMO_COLLECTION.author] }, manager);
        await this.resources.setCollectionItems(collection, items, manager);
      }
    });
    // Once committed, the worker reads the files; their text is then searched with the resources.
    this.fileText.poke();
    this.logger.log({ msg: 'demo library created', resources: seeded.length, files: uploads.size });
  }
}
