-- Papers whose novelty is still to be computed (src/novelty/pending.ts): an import marks the
-- papers it adds without a novelty in the transaction of their batch, and scores them once the
-- file is read. The rows of a paper go in the transaction that writes its score, so that a paper
-- is scored once; a run killed before that leaves them here, and the next import or server start
-- finishes the job. No foreign key: a paper deleted meanwhile is simply not scored.
CREATE TABLE `novelty_pending` (
	`paper_id` integer PRIMARY KEY NOT NULL
);
