-- Authors whose author_metrics row is behind their papers: a bulk import (src/import) marks the
-- authors each batch touches in the batch's own transaction and recomputes them all at the end, in
-- bulk. A run killed before that leaves them here; the next import or start finishes the job.
CREATE TABLE `author_metrics_pending` (
	`author_id` integer PRIMARY KEY NOT NULL
);
