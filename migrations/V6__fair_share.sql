-- Fair share within a priority (issue 11): one asset's thousands of chunk tasks must not make a
-- small asset of the same priority wait behind all of them.
--
-- Each task gets a virtual start tag when it is enqueued: the lowest tag still queued at its
-- priority (the queue's "now"), or its asset's last queued tag if that is higher (an asset's own
-- tasks keep their order), plus its position in its asset's batch. A big asset's chunks take
-- tags now+1 ... now+1800; a small asset arriving while the first hundred run takes now'+1 ... now'+10
-- with now' about 100 further: its tasks interleave with the big asset's instead of queueing behind
-- them. The claim takes the lowest tags of the highest priority first (ties by id, so FIFO holds
-- for equal tags). Tags only need to compare among tasks queued together, so an empty queue may
-- start again from zero; a retried or reprioritized task keeps its tag.

ALTER TABLE task ADD COLUMN fair_tag bigint NOT NULL DEFAULT 0;

DROP INDEX task_claim_idx;
CREATE INDEX task_claim_idx ON task (priority DESC, fair_tag, id) WHERE state = 'QUEUED';
