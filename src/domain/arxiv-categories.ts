// arXiv category codes and their names, for Category.name and for realistic generated corpora.
// Codes are archive[.SUBJECT]: cs.LG, stat.ML, hep-th, cond-mat.str-el.

export const ARXIV_CATEGORY_NAMES: Readonly<Record<string, string>> = {
  'cs.AI': 'Artificial Intelligence',
  'cs.AR': 'Hardware Architecture',
  'cs.CC': 'Computational Complexity',
  'cs.CE': 'Computational Engineering, Finance, and Science',
  'cs.CG': 'Computational Geometry',
  'cs.CL': 'Computation and Language',
  'cs.CR': 'Cryptography and Security',
  'cs.CV': 'Computer Vision and Pattern Recognition',
  'cs.CY': 'Computers and Society',
  'cs.DB': 'Databases',
  'cs.DC': 'Distributed, Parallel, and Cluster Computing',
  'cs.DL': 'Digital Libraries',
  'cs.DM': 'Discrete Mathematics',
  'cs.DS': 'Data Structures and Algorithms',
  'cs.ET': 'Emerging Technologies',
  'cs.FL': 'Formal Languages and Automata Theory',
  'cs.GL': 'General Literature',
  'cs.GR': 'Graphics',
  'cs.GT': 'Computer Science and Game Theory',
  'cs.HC': 'Human-Computer Interaction',
  'cs.IR': 'Information Retrieval',
  'cs.IT': 'Information Theory',
  'cs.LG': 'Machine Learning',
  'cs.LO': 'Logic in Computer Science',
  'cs.MA': 'Multiagent Systems',
  'cs.MM': 'Multimedia',
  'cs.MS': 'Mathematical Software',
  'cs.NA': 'Numerical Analysis',
  'cs.NE': 'Neural and Evolutionary Computing',
  'cs.NI': 'Networking and Internet Architecture',
  'cs.OH': 'Other Computer Science',
  'cs.OS': 'Operating Systems',
  'cs.PF': 'Performance',
  'cs.PL': 'Programming Languages',
  'cs.RO': 'Robotics',
  'cs.SC': 'Symbolic Computation',
  'cs.SD': 'Sound',
  'cs.SE': 'Software Engineering',
  'cs.SI': 'Social and Information Networks',
  'cs.SY': 'Systems and Control',
  'stat.ML': 'Machine Learning (Statistics)',
  'stat.ME': 'Methodology',
  'stat.TH': 'Statistics Theory',
  'math.OC': 'Optimization and Control',
  'math.CO': 'Combinatorics',
  'math.PR': 'Probability',
  'math.NA': 'Numerical Analysis (Mathematics)',
  'eess.IV': 'Image and Video Processing',
  'eess.SP': 'Signal Processing',
  'eess.AS': 'Audio and Speech Processing',
  'eess.SY': 'Systems and Control (EESS)',
  'q-bio.NC': 'Neurons and Cognition',
  'q-bio.QM': 'Quantitative Methods',
  'q-fin.CP': 'Computational Finance',
  'quant-ph': 'Quantum Physics',
  'hep-th': 'High Energy Physics - Theory',
  'hep-ph': 'High Energy Physics - Phenomenology',
  'gr-qc': 'General Relativity and Quantum Cosmology',
  'astro-ph.GA': 'Astrophysics of Galaxies',
  'astro-ph.CO': 'Cosmology and Nongalactic Astrophysics',
  'cond-mat.str-el': 'Strongly Correlated Electrons',
  'cond-mat.stat-mech': 'Statistical Mechanics',
  'physics.comp-ph': 'Computational Physics',
  'econ.EM': 'Econometrics',
};

export interface CategoryParts {
  code: string;
  archive: string;
  subjectClass: string | null;
  name: string | null;
}

export function categoryParts(code: string): CategoryParts {
  const dot = code.indexOf('.');
  return {
    code,
    archive: dot === -1 ? code : code.slice(0, dot),
    subjectClass: dot === -1 ? null : code.slice(dot + 1),
    name: ARXIV_CATEGORY_NAMES[code] ?? null,
  };
}
