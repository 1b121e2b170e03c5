// The store's contract, the one write path for papers (writePapers): the importer, the corpus generator and the seed.
// Run by ./contract.ts on a database of its own (writes would change what the reads expect).
import { type ContractPart } from './contract';

export const writeContract: ContractPart = (open, track) => {
  void open;
  void track;
};
