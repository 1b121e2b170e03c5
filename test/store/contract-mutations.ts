// The store's contract, the API's writes (the createPaper, upsertPaper, ... mutations), each one transaction.
// Run by ./contract.ts on a database of its own (writes would change what the reads expect).
import { type ContractPart } from './contract';

export const mutationContract: ContractPart = (open, track) => {
  void open;
  void track;
};
