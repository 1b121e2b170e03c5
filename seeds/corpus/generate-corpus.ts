// Deterministic synthetic corpus: the same { papers, seed } gives the same papers, bit for bit,
// on a given Node version. Papers are streamed; only the author and community pools are kept,
// so a million papers fit in a few hundred MB.
import { type PaperFields } from '../../src/store/sqlite/records';
import { ARXIV_CATEGORY_NAMES } from '../../src/domain/arxiv-categories';

import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';

type RandomGenerator = ReturnType<typeof xoroshiro128plus>;

export interface GeneratedAuthor {
  // Dense and 0-based, handed out in order of first use: after any paper, the keys seen so far
  // are exactly 0..n-1 (within one paper's list new keys may come in any order).
  key: number;
  name: string;
}

export interface GeneratedPaper extends PaperFields {
  externalId: string;
  authors: GeneratedAuthor[];
}

export interface CorpusOptions {
  papers: number;
  seed: number;
  // arXiv ids already in the target database; their numbers are skipped, the rest of the corpus
  // is unchanged.
  takenExternalIds?: ReadonlySet<string>;
}

// The demo profile's people. Generated names always carry a middle initial ("Mira K. Holsen"),
// so they can never be one of these two-word names.
export const DEMO_AUTHOR_NAMES: readonly string[] = [
  'Zongkai Liu',
  'Fanqing Meng',
  'Lingxiao Du',
  'Qian Lin',
  'Chao Yu',
  'Danying Mo',
];

export const FIRST_DATE = '2007-01-01';
export const LAST_DATE = '2025-10-31';

class Random {
  private readonly rng: RandomGenerator;

  constructor(seed: number) {
    this.rng = xoroshiro128plus(seed);
  }

  int(min: number, max: number): number {
    return uniformInt(this.rng, min, max);
  }

  float(): number {
    return uniformFloat64(this.rng);
  }

  chance(p: number): boolean {
    return this.float() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(0, items.length - 1)];
  }

  normal(): number {
    const u = 1 - this.float(); // (0, 1], so the log is finite
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.float());
  }
}

class WeightedTable<T> {
  private readonly cumulative: number[] = [];
  private total = 0;

  constructor(private readonly items: readonly T[], weights: readonly number[]) {
    for (const w of weights) {
      this.total += w;
      this.cumulative.push(this.total);
    }
  }

  sample(random: Random): T {
    const x = random.float() * this.total;
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.cumulative[mid] > x) hi = mid;
      else lo = mid + 1;
    }
    return this.items[lo];
  }
}

// ---------------------------------------------------------------------------------------------
// Categories and dates

// Roughly arXiv's submission mix for a CS-heavy corpus; unlisted categories get the default.
const CATEGORY_WEIGHTS: Readonly<Record<string, number>> = {
  'cs.LG': 20, 'cs.CV': 15, 'cs.CL': 12, 'cs.AI': 9, 'cs.RO': 3, 'stat.ML': 3, 'cs.CR': 2.5,
  'quant-ph': 2, 'cs.IR': 2, 'cs.SE': 2, 'cs.HC': 2, 'cs.DC': 1.5, 'eess.IV': 1.5, 'cs.NE': 1.2,
  'cs.SI': 1.2, 'math.OC': 1.2, 'eess.SP': 1.2, 'cs.SY': 1, 'eess.SY': 1, 'cs.DS': 1, 'cs.IT': 1,
  'cs.NI': 1, 'cs.CY': 1, 'hep-th': 1, 'hep-ph': 1, 'cs.GT': 0.8, 'cs.DB': 0.8, 'eess.AS': 0.8,
  'cs.SD': 0.8, 'astro-ph.GA': 0.7, 'astro-ph.CO': 0.7, 'cs.MA': 0.7, 'cs.GR': 0.7, 'cs.PL': 0.7,
};
const CATEGORIES = Object.keys(ARXIV_CATEGORY_NAMES);
const CATEGORY_TABLE = new WeightedTable(
  CATEGORIES,
  CATEGORIES.map((c) => CATEGORY_WEIGHTS[c] ?? 0.3),
);

interface Month {
  year: number;
  month: number; // 1-12
  days: number;
  prefix: string; // YYMM
}

const MONTHS: Month[] = [];
for (let year = 2007; year <= 2025; year++) {
  for (let month = 1; month <= (year === 2025 ? 10 : 12); month++) {
    MONTHS.push({
      year,
      month,
      days: new Date(Date.UTC(year, month, 0)).getUTCDate(),
      prefix: `${String(year % 100).padStart(2, '0')}${String(month).padStart(2, '0')}`,
    });
  }
}
// Submissions grow about 22% a year, as arXiv's CS listings roughly did.
const MONTH_TABLE = new WeightedTable(
  MONTHS.map((_, i) => i),
  MONTHS.map((m) => Math.pow(1.22, m.year - 2007 + (m.month - 1) / 12)),
);
// arXiv's YYMM.NNNNN scheme: five digits of sequence number per month.
const MAX_PER_MONTH = 99_999;

// ---------------------------------------------------------------------------------------------
// Names

function syllableProduct(heads: readonly string[], tails: readonly string[]): string[] {
  // Set: two concatenations may spell the same name; names must stay distinct.
  return [...new Set(heads.flatMap((h) => tails.map((t) => h + t)))];
}

const FIRST_NAMES = syllableProduct(
  ['Al', 'Be', 'Ca', 'Da', 'El', 'Fa', 'Ga', 'Ha', 'Il', 'Ja', 'Ka', 'La', 'Ma', 'Na', 'Ol',
    'Pa', 'Ra', 'Sa', 'Ta', 'Va', 'Wi', 'Xi', 'Ya', 'Ze', 'Mi', 'Lu', 'Ro', 'Si', 'Te', 'No'],
  ['ra', 'na', 'lia', 'ren', 'ton', 'vin', 'mir', 'dan', 'sha', 'rik', 'lo', 'nis', 'tha', 'ric',
    'vi', 'den', 'lan', 'sel', 'mo', 'ya'],
);
const LAST_NAMES = syllableProduct(
  ['Ab', 'Bar', 'Cor', 'Del', 'Ew', 'Fen', 'Gar', 'Hol', 'Ish', 'Jor', 'Kel', 'Lin', 'Mor', 'Nak',
    'Or', 'Pet', 'Quin', 'Ros', 'Sul', 'Tan', 'Ur', 'Var', 'Wen', 'Yam', 'Zel', 'Bran', 'Cas',
    'Dru', 'Hart', 'Lev'],
  ['ova', 'sen', 'ez', 'ani', 'berg', 'ley', 'ton', 'ura', 'ski', 'mann', 'ard', 'elli', 'ida',
    'ston', 'ko', 'well', 'ov', 'ari', 'by', 'ino'],
);
const INITIALS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const NAME_SPACE = FIRST_NAMES.length * INITIALS.length * LAST_NAMES.length;
// Coprime with NAME_SPACE, so key -> key * NAME_STRIDE mod NAME_SPACE is a bijection that
// scatters consecutive keys over unrelated names.
const NAME_STRIDE = 1_000_003;
const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
if (gcd(NAME_STRIDE, NAME_SPACE) !== 1) throw new Error('NAME_STRIDE must be coprime with NAME_SPACE');

function authorName(key: number): string {
  const round = Math.floor(key / NAME_SPACE);
  let index = ((key % NAME_SPACE) * NAME_STRIDE) % NAME_SPACE;
  const last = LAST_NAMES[index % LAST_NAMES.length];
  index = Math.floor(index / LAST_NAMES.length);
  const initial = INITIALS[index % INITIALS.length];
  const first = FIRST_NAMES[Math.floor(index / INITIALS.length)];
  if (round === 0) return `${first} ${initial}. ${last}`;
  // Past the first ~9.4M authors a second initial keeps names distinct.
  if (round > INITIALS.length) throw new Error('Too many authors for the synthetic name space');
  return `${first} ${initial}. ${INITIALS[round - 1]}. ${last}`;
}

const ACRONYM_SYLLABLES = ['KA', 'VOR', 'LU', 'MEN', 'TRA', 'ZI', 'PO', 'RIX', 'SO', 'NE', 'DA',
  'GRA', 'FLO', 'BI', 'QUA', 'TE', 'MO', 'XEN', 'RA', 'LI'];

function acronym(random: Random): string {
  let s = random.pick(ACRONYM_SYLLABLES) + random.pick(ACRONYM_SYLLABLES);
  if (random.chance(0.4)) s += random.pick(ACRONYM_SYLLABLES);
  return s;
}

// ---------------------------------------------------------------------------------------------
// Titles and abstracts

const ADJECTIVES = ['Efficient', 'Scalable', 'Robust', 'Adaptive', 'Sparse', 'Hierarchical',
  'Contrastive', 'Self-Supervised', 'Federated', 'Differentiable', 'Probabilistic', 'Causal',
  'Multimodal', 'Lightweight', 'Interpretable', 'Generalizable', 'Unified', 'Provable',
  'Continual', 'Zero-Shot', 'Few-Shot', 'Distributed', 'Bayesian', 'Equivariant', 'Implicit',
  'Stochastic', 'Conditional', 'Structured', 'Latent', 'Dynamic', 'Data-Efficient',
  'Privacy-Preserving'];
const METHODS = ['Transformers', 'Diffusion Models', 'Graph Neural Networks', 'Language Models',
  'Kernel Methods', 'Variational Inference', 'Reinforcement Learning', 'Mixture of Experts',
  'State Space Models', 'Normalizing Flows', 'Gaussian Processes', 'Contrastive Learning',
  'Knowledge Distillation', 'Prompt Tuning', 'Monte Carlo Methods', 'Message Passing',
  'Optimal Transport', 'Neural Operators', 'Low-Rank Adaptation', 'Spectral Methods',
  'Tensor Networks', 'Autoencoders', 'Retrieval Augmentation', 'Policy Gradients', 'Quantization'];
const PROPERTIES = ['Convergence', 'Robustness', 'Generalization', 'Expressivity',
  'Sample Complexity', 'Calibration', 'Stability', 'Limits', 'Scaling Laws', 'Identifiability'];
const TOPICS: Readonly<Record<string, readonly string[]>> = {
  cs: ['Image Segmentation', 'Machine Translation', 'Question Answering', 'Code Generation',
    'Object Detection', 'Speech Recognition', 'Anomaly Detection', 'Recommendation',
    'Time Series Forecasting', 'Motion Planning', 'Program Synthesis', 'Link Prediction',
    'Text Summarization', 'Video Understanding', '3D Reconstruction', 'Entity Linking',
    'Malware Detection', 'Query Optimization', 'Scheduling', 'Dialogue Systems',
    'Visual Navigation', 'Image Generation', 'Mathematical Reasoning', 'Tabular Learning'],
  physics: ['Dark Matter Halos', 'Black Hole Thermodynamics', 'Quantum Error Correction',
    'Spin Chains', 'Phase Transitions', 'Gravitational Waves', 'Lattice Gauge Theory',
    'Entanglement Entropy', 'Galaxy Formation', 'Cosmic Inflation', 'Topological Insulators',
    'Many-Body Localization', 'Variational Quantum Circuits', 'Molecular Dynamics'],
  math: ['Convex Optimization', 'High-Dimensional Regression', 'Random Matrices',
    'Causal Inference', 'Hypothesis Testing', 'Stochastic Differential Equations',
    'Graph Colouring', 'Markov Chains', 'Sparse Recovery', 'Stochastic Control',
    'Conformal Prediction', 'Density Estimation'],
  applied: ['Neural Coding', 'Gene Regulatory Networks', 'Portfolio Optimization', 'Option Pricing',
    'Treatment Effects', 'Signal Denoising', 'Channel Estimation', 'Medical Image Registration',
    'Speech Enhancement', 'Power Grid Control', 'Demand Forecasting'],
};

function topicsFor(category: string): readonly string[] {
  const archive = category.split('.')[0];
  if (archive === 'cs') return TOPICS.cs;
  if (archive === 'math' || archive === 'stat') return TOPICS.math;
  if (['quant-ph', 'hep-th', 'hep-ph', 'gr-qc', 'astro-ph', 'cond-mat', 'physics'].includes(archive)) {
    return TOPICS.physics;
  }
  return TOPICS.applied;
}

interface Topic {
  adjective: string;
  method: string;
  task: string;
  name: string;
}

function title(random: Random, t: Topic): string {
  switch (random.int(0, 6)) {
    case 0: return `${t.adjective} ${t.method} for ${t.task}`;
    case 1: return `${t.name}: ${t.adjective} ${t.method} for ${t.task}`;
    case 2: return `Towards ${t.adjective} ${t.task} with ${t.method}`;
    case 3: return `On the ${random.pick(PROPERTIES)} of ${t.adjective} ${t.method}`;
    case 4: return `${t.adjective} ${t.task} via ${t.method}`;
    case 5: return `${t.name}: Rethinking ${t.task} with ${t.method}`;
    default: return `A ${random.pick(['Study', 'Benchmark', 'Survey', 'Theory'])} of ${t.method} for ${t.task}`;
  }
}

const PROBLEMS = ['scale poorly', 'need much labelled data', 'break under distribution shift',
  'lack guarantees', 'are costly to deploy', 'ignore problem structure'];
const MECHANISMS = ['combines a learned prior with fast inference',
  'splits the problem into simpler subproblems', 'replaces attention with a linear-time approximation',
  'aligns representations across modalities', 'estimates uncertainty with a small ensemble',
  'learns a compact latent space from unlabelled data'];
const FINDINGS = ['outperforms strong baselines', 'matches the state of the art at a fraction of the cost',
  'reduces the error by a wide margin', 'improves sample efficiency', 'generalizes to unseen settings'];

const article = (word: string): string => (/^[AEIOU]/i.test(word) ? 'an' : 'a');

function abstract(random: Random, t: Topic, category: string, hasCode: boolean): string {
  const field = ARXIV_CATEGORY_NAMES[category].toLowerCase();
  const adjective = t.adjective.toLowerCase();
  const sentences = [
    `${t.task} is a central problem in ${field}, yet methods based on ${t.method.toLowerCase()} ${random.pick(PROBLEMS)}.`,
    `We propose ${t.name}, ${article(adjective)} ${adjective} method that ${random.pick(MECHANISMS)}.`,
    `Experiments on ${random.int(2, 12)} benchmarks show that ${t.name} ${random.pick(FINDINGS)}, with gains of up to ${random.int(2, 40)}%.`,
  ];
  // At most one optional sentence keeps abstracts within 40-80 words.
  const extra = random.int(0, 2);
  if (extra === 1) {
    sentences.splice(2, 0, `We also study its ${random.pick(PROPERTIES).toLowerCase()} and show when it ${random.pick(['succeeds', 'fails', 'helps most'])}.`);
  } else if (extra === 2) {
    sentences.push(`Ablations show that each component ${random.pick(['matters', 'is needed', 'helps most with little data'])}.`);
  }
  if (hasCode) sentences.push('Code is available.');
  return sentences.join(' ');
}

// ---------------------------------------------------------------------------------------------
// Authors and communities

interface Community {
  categories: WeightedTable<string>;
  members: number[]; // author keys
  tickets: number[]; // one author key per authorship: sampling it is preferential attachment
}

const NEW_COMMUNITY_RATE = 1 / 60;
// Per author slot. With the newcomers that big teams in small communities force, this gives about
// one author per 1.6 papers.
const NEW_AUTHOR_RATE = 0.08;
const GUEST_AUTHOR_RATE = 0.2; // papers with one author from another community

class AuthorPool {
  private readonly communities: Community[] = [];
  private readonly communityTickets: number[] = []; // community index, repeated by activity
  private readonly paperCounts: number[] = []; // by author key
  private nextKey = 0;

  constructor(private readonly random: Random) {}

  chooseCommunity(): Community {
    const random = this.random;
    if (this.communities.length > 0 && !random.chance(NEW_COMMUNITY_RATE)) {
      return this.communities[random.pick(this.communityTickets)];
    }
    const focus: string[] = [];
    const wanted = random.int(1, 3);
    for (let tries = 0; focus.length < wanted && tries < 10; tries++) {
      const c = CATEGORY_TABLE.sample(random);
      if (!focus.includes(c)) focus.push(c);
    }
    const community: Community = {
      categories: new WeightedTable(focus, [6, 2, 1].slice(0, focus.length)),
      members: [],
      tickets: [],
    };
    // Log-normal activity: most groups publish rarely, a few are paper factories.
    const activity = Math.min(60, 1 + Math.floor(Math.exp(1.0 * random.normal())));
    const index = this.communities.push(community) - 1;
    for (let i = 0; i < activity; i++) this.communityTickets.push(index);
    return community;
  }

  team(home: Community, size: number): number[] {
    const random = this.random;
    const team: number[] = [];
    const guestSlot = size > 1 && random.chance(GUEST_AUTHOR_RATE) ? random.int(1, size - 1) : -1;
    for (let slot = 0; slot < size; slot++) {
      const community = slot === guestSlot ? this.otherCommunity(home) : home;
      team.push(this.pickAuthor(community, team));
    }
    // The most prolific author usually closes the list, as senior authors do.
    if (size > 2 && random.chance(0.6)) {
      let senior = 0;
      for (let i = 1; i < size; i++) {
        if (this.paperCounts[team[i]] > this.paperCounts[team[senior]]) senior = i;
      }
      team.push(team.splice(senior, 1)[0]);
    }
    for (const key of team) {
      this.paperCounts[key]++;
      home.tickets.push(key);
    }
    return team;
  }

  private otherCommunity(home: Community): Community {
    const other = this.communities[this.random.pick(this.communityTickets)];
    return other.members.length > 0 ? other : home;
  }

  private pickAuthor(community: Community, taken: readonly number[]): number {
    const random = this.random;
    if (community.members.length > 0 && !random.chance(NEW_AUTHOR_RATE)) {
      for (let tries = 0; tries < 5; tries++) {
        // Tickets are empty only while a new community writes its first paper.
        const key = random.pick(community.tickets.length > 0 ? community.tickets : community.members);
        if (!taken.includes(key)) return key;
      }
    }
    const key = this.nextKey++;
    this.paperCounts.push(0);
    community.members.push(key);
    return key;
  }
}

// ---------------------------------------------------------------------------------------------
// Papers

function teamSize(random: Random): number {
  const u = random.float();
  if (u < 0.07) return 1;
  // Large collaborations: log-uniform between 15 and 60 authors.
  if (u < 0.085) return Math.round(Math.exp(Math.log(15) + random.float() * Math.log(60 / 15)));
  return Math.min(14, Math.max(2, 1 + Math.round(Math.exp(Math.log(3) + 0.5 * random.normal()))));
}

const round = (x: number, digits: number): number => {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
};
const clamp = (x: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, x));

class ExternalIds {
  private readonly used = new Int32Array(MONTHS.length);

  constructor(private readonly taken: ReadonlySet<string>) {}

  // Returns the month actually used: a full month spills into the next one with room.
  allocate(monthIndex: number): { monthIndex: number; externalId: string } {
    for (let step = 0; step < MONTHS.length; step++) {
      const m = (monthIndex + step) % MONTHS.length;
      while (this.used[m] < MAX_PER_MONTH) {
        const externalId = `${MONTHS[m].prefix}.${String(++this.used[m]).padStart(5, '0')}`;
        if (!this.taken.has(externalId)) return { monthIndex: m, externalId };
      }
    }
    throw new Error('No arXiv ids left: every month has 99,999 papers');
  }
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

export function* generateCorpus(options: CorpusOptions): Generator<GeneratedPaper> {
  const { papers, seed } = options;
  if (!Number.isSafeInteger(papers) || papers < 0) throw new Error(`papers must be a non-negative integer, got ${papers}`);
  // xoroshiro128plus keeps 32 bits of the seed; larger seeds would silently collide.
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) throw new Error(`seed must be an integer in 0..4294967295, got ${seed}`);

  const random = new Random(seed);
  const pool = new AuthorPool(random);
  const ids = new ExternalIds(options.takenExternalIds ?? new Set());

  for (let i = 0; i < papers; i++) {
    const { monthIndex, externalId } = ids.allocate(MONTH_TABLE.sample(random));
    const month = MONTHS[monthIndex];
    const publishedAt = `${month.year}-${pad2(month.month)}-${pad2(random.int(1, month.days))}`;
    const ageYears = 2025.83 - (month.year + (month.month - 1) / 12);

    const community = pool.chooseCommunity();
    const category = random.chance(0.9) ? community.categories.sample(random) : CATEGORY_TABLE.sample(random);
    const team = pool.team(community, teamSize(random));

    // Log-normal, growing with age: most papers have a handful of citations, a few thousands.
    const citationCount = Math.max(
      0,
      Math.floor(Math.exp(Math.log(2.5) + 0.55 * Math.log(1 + ageYears) + 1.6 * random.normal())) - 1,
    );
    const novelty = random.chance(0.15) ? null : round(Math.pow(random.float(), 1.3), 3);
    const aiScore = random.chance(0.2) ? null : round(clamp(55 + 18 * random.normal(), 0, 100), 1);
    const score = round(
      clamp(12 + 11 * Math.log1p(citationCount) + 10 * (novelty ?? 0.5) + 8 * random.normal(), 0, 100),
      2,
    );
    const hasCode = random.chance(0.05 + 0.4 * (month.year - 2007) / 18);

    const topic: Topic = {
      adjective: random.pick(ADJECTIVES),
      method: random.pick(METHODS),
      task: random.pick(topicsFor(category)),
      name: acronym(random),
    };
    const authors = team.map((key) => ({ key, name: authorName(key) }));
    let codeUrl: string | null = null;
    if (hasCode && random.chance(0.9)) {
      const owner = authors[authors.length - 1].name.split(' ').pop()!.toLowerCase();
      codeUrl = `https://github.com/${owner}-lab/${topic.name.toLowerCase()}`;
    }

    yield {
      externalId,
      title: title(random, topic),
      abstract: abstract(random, topic, category, hasCode),
      category,
      publishedAt,
      score,
      novelty,
      aiScore,
      citationCount,
      hasCode,
      codeUrl,
      authors,
    };
  }
}
