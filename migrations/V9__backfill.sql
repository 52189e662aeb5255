-- 0.8.0: budgeted backfill. Work caused by a rule change or an encoder upgrade (not by a new
-- mezzanine or any other fact from outside) is backfill: it runs on the slots live work leaves
-- idle, and is preempted down to its share when live work waits (backfill.BackfillPolicy).

-- One row per cause: a rule set that came into force, or an encoder identity a codec moved to.
-- Operators list, pause and resume backfills by id (GET/POST /api/v1/backfills).
CREATE TABLE backfill (
    id          bigserial   PRIMARY KEY,
    kind        text        NOT NULL CHECK (kind IN ('rules', 'upgrade')),
    subject     text        NOT NULL,
    paused      boolean     NOT NULL DEFAULT false,
    created_at  timestamptz NOT NULL,
    UNIQUE (kind, subject)
);

-- The backfill an asset's work belongs to, until a fact from outside makes the asset live again;
-- each task keeps the backfill that caused it (for the listing) and its lane.
ALTER TABLE asset ADD COLUMN backfill_id bigint REFERENCES backfill (id);
ALTER TABLE task ADD COLUMN backfill_id bigint REFERENCES backfill (id);

-- The lane a queued task is claimed from: 0 live, 1 backfill, 2 backfill paused (never claimed).
-- Live work is claimed first; backfill that waited longer than backfill.max-wait ages into lane 0.
ALTER TABLE task ADD COLUMN lane smallint NOT NULL DEFAULT 0 CHECK (lane IN (0, 1, 2));

DROP INDEX task_claim_idx;
CREATE INDEX task_claim_idx ON task (lane, priority DESC, fair_tag, id) WHERE state = 'QUEUED';
CREATE INDEX task_backfill_idx ON task (backfill_id, state) WHERE backfill_id IS NOT NULL;
