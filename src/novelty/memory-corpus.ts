// The corpus for the bulk run: every paper as a term vector, in publication order, in a few flat
// typed arrays (a million papers in a few hundred MB), with each year's document frequencies.
import { int32s, uint16s, uint8s } from './growable';
import { idfYear } from './measure';
import { termCounts } from './tokenize';

/** One publication year's document frequencies, as novelty_term_df keeps them. */
export interface YearCounts {
  year: number;
  papers: number;
  idSum: number;
  /** Parallel arrays: term id (see MemoryCorpus.terms), number of the year's papers containing it. */
  termIds: Int32Array;
  counts: Int32Array;
}

/** The papers of a corpus, added in (publication date, id) order. */
export class MemoryCorpus {
  readonly terms: string[] = [];
  private readonly termIds = new Map<string, number>();
  readonly paperIds = int32s();
  readonly dates: string[] = [];
  readonly starts = int32s();
  readonly docTerms = int32s(1 << 16);
  readonly docTfs = uint16s(1 << 16);
  readonly targets = uint8s();
  readonly years: YearCounts[] = [];
  private year: { year: number; papers: number; idSum: number; counts: number[]; touched: number[] } | null = null;

  constructor() {
    this.starts.push(0);
  }

  get size(): number {
    return this.paperIds.length;
  }

  /** Adds a paper; `target` says whether its novelty is to be computed (else it is only earlier work). */
  add(paperId: number, date: string, title: string, abstract: string, target: boolean): void {
    if (!Number.isInteger(paperId) || paperId < 1 || paperId > 0x7fffffff) throw new Error(`paper id out of range: ${paperId}`);
    const last = this.dates.length - 1;
    if (last >= 0 && (date < this.dates[last] || (date === this.dates[last] && paperId <= this.paperIds.view()[last]))) {
      throw new Error(`papers must come in (date, id) order: ${date} #${paperId} after ${this.dates[last]}`);
    }
    const year = this.yearOf(date);
    year.papers++;
    year.idSum += paperId;
    for (const [term, tf] of termCounts(title, abstract)) {
      let id = this.termIds.get(term);
      if (id === undefined) {
        id = this.terms.length;
        this.termIds.set(term, id);
        this.terms.push(term);
      }
      this.docTerms.push(id);
      this.docTfs.push(tf);
      if ((year.counts[id] ?? 0) === 0) year.touched.push(id);
      year.counts[id] = (year.counts[id] ?? 0) + 1;
    }
    this.paperIds.push(paperId);
    this.dates.push(date);
    this.starts.push(this.docTerms.length);
    this.targets.push(target ? 1 : 0);
  }

  /** Closes the last year's counts; call once every paper is added. */
  finish(): void {
    this.closeYear();
  }

  private yearOf(date: string) {
    const year = idfYear(date);
    if (this.year?.year !== year) {
      this.closeYear();
      this.year = { year, papers: 0, idSum: 0, counts: [], touched: [] };
    }
    return this.year!;
  }

  private closeYear(): void {
    if (!this.year) return;
    const { year, papers, idSum, counts, touched } = this.year;
    this.years.push({ year, papers, idSum, termIds: Int32Array.from(touched), counts: Int32Array.from(touched, (id) => counts[id]) });
    this.year = null;
  }
}
