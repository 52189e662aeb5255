-- Fair share within a priority (issue 11): one asset's thousands of chunk tasks must not make a
-- small asset of the same priority wait behind all of them.
--
-- Each task gets a virtual start tag, its turn, when it is enqueued: the turn being served at its
-- priority (the lowest tag still queued there), plus its position in its asset's batch counted in
-- turns of 16 tasks (TaskQueue.FAIR_SHARE_QUANTUM: results of one asset still arrive together and
-- are evaluated together). A big asset's 1,800 chunks take turns now ... now+112; a small asset
-- arriving while the first hundred run joins the turn being served, behind at most 16 of the big
-- asset's chunks instead of all of them. The claim takes the lowest tags of the highest priority
-- first (ties by id: within a turn the oldest go first). Tags only need to compare among tasks
-- queued together, so an empty queue starts again from zero; a retried or reprioritized task keeps
-- its tag.

ALTER TABLE task ADD COLUMN fair_tag bigint NOT NULL DEFAULT 0;

DROP INDEX task_claim_idx;
CREATE INDEX task_claim_idx ON task (priority DESC, fair_tag, id) WHERE state = 'QUEUED';
