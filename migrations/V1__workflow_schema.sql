-- The workflow schema: assets (with their renditions), the append-only fact log that rules
-- read, and the task queue that workers claim. State columns are text constrained to the enum
-- values the Java code uses, so a bad write fails here and not later in a report.

CREATE TABLE asset (
    id              text        PRIMARY KEY CHECK (id ~ '^[A-Za-z0-9._-]{1,128}$'),
    state           text        NOT NULL CHECK (state IN ('NEW', 'PROBING', 'ENCODING', 'ASSEMBLING',
                                                          'VALIDATING', 'COMPLETE', 'FAILED', 'CANCELLED')),
    priority        integer     NOT NULL CHECK (priority BETWEEN 0 AND 100),
    source          text        NOT NULL,
    -- The normalized MezzanineArrived request and its hash: a repeated POST with the same body is
    -- answered from here, a different body with the same id is a conflict.
    request         jsonb       NOT NULL,
    request_hash    text        NOT NULL,
    probe           jsonb,
    error           text,
    -- Facts are numbered per asset under this row's lock; rule evaluation catches up from
    -- evaluated_seq to fact_seq. The pair is the "needs evaluation" signal.
    fact_seq        bigint      NOT NULL DEFAULT 0,
    evaluated_seq   bigint      NOT NULL DEFAULT 0 CHECK (evaluated_seq <= fact_seq),
    rule_set_version text,
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL
);

-- Assets with facts the rules have not seen yet, least recently touched first; the evaluator
-- scans only these.
CREATE INDEX asset_pending_idx ON asset (updated_at) WHERE fact_seq > evaluated_seq;
-- Newest-first listing with a (created_at, id) cursor, optionally by state.
CREATE INDEX asset_listing_idx ON asset (created_at DESC, id DESC);
CREATE INDEX asset_state_listing_idx ON asset (state, created_at DESC, id DESC);

CREATE TABLE rendition (
    asset_id        text        NOT NULL REFERENCES asset (id) ON DELETE CASCADE,
    name            text        NOT NULL,
    ordinal         integer     NOT NULL,
    codec           text        NOT NULL,
    recipe          jsonb       NOT NULL,
    state           text        NOT NULL CHECK (state IN ('PENDING', 'ENCODING', 'ASSEMBLING', 'VALIDATING',
                                                          'COMPLETE', 'FAILED', 'CANCELLED')),
    generation      integer     NOT NULL DEFAULT 0,
    chunks_total    integer,
    error           text,
    output          jsonb,
    updated_at      timestamptz NOT NULL,
    PRIMARY KEY (asset_id, name)
);

CREATE TABLE fact (
    asset_id        text        NOT NULL REFERENCES asset (id) ON DELETE CASCADE,
    seq             bigint      NOT NULL,
    type            text        NOT NULL,
    payload         jsonb       NOT NULL,
    -- Makes a repeated delivery harmless: a client-given fact id, or the task that produced it.
    fact_key        text,
    created_at      timestamptz NOT NULL,
    PRIMARY KEY (asset_id, seq)
);

CREATE UNIQUE INDEX fact_key_idx ON fact (asset_id, fact_key) WHERE fact_key IS NOT NULL;
CREATE INDEX fact_type_idx ON fact (asset_id, type, seq);

CREATE TABLE task (
    id              bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    asset_id        text        NOT NULL REFERENCES asset (id) ON DELETE CASCADE,
    type            text        NOT NULL CHECK (type IN ('PROBE', 'ENCODE_AUDIO', 'ENCODE_CHUNK', 'ASSEMBLE',
                                                         'VALIDATE', 'NOTIFY')),
    state           text        NOT NULL CHECK (state IN ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'DEAD',
                                                          'CANCELLED')),
    priority        integer     NOT NULL,
    -- What the task is, independent of when it was emitted: re-emitting the same decision
    -- (a replayed rule session, a second instance) inserts nothing.
    dedup_key       text        NOT NULL UNIQUE,
    rendition       text,
    chunk           integer,
    generation      integer,
    payload         jsonb       NOT NULL,
    attempts        integer     NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    max_attempts    integer     NOT NULL CHECK (max_attempts >= 1),
    -- When a FAILED task becomes eligible again (retry backoff).
    run_at          timestamptz NOT NULL,
    lease_owner     text,
    lease_expires_at timestamptz,
    rule            text        NOT NULL,
    rule_set_version text       NOT NULL,
    error           text,
    created_at      timestamptz NOT NULL,
    started_at      timestamptz,
    finished_at     timestamptz,
    -- A task holds a lease exactly while it runs.
    CHECK ((state = 'RUNNING') = (lease_owner IS NOT NULL AND lease_expires_at IS NOT NULL))
);

-- The claim: highest priority first, then oldest, among QUEUED tasks only. The index matches the
-- claim query's WHERE and ORDER BY exactly, so a claim reads a handful of index entries.
CREATE INDEX task_claim_idx ON task (priority DESC, id) WHERE state = 'QUEUED';
-- Retries whose backoff has elapsed, and leases that expired.
CREATE INDEX task_retry_idx ON task (run_at) WHERE state = 'FAILED';
CREATE INDEX task_lease_idx ON task (lease_expires_at) WHERE state = 'RUNNING';
CREATE INDEX task_asset_idx ON task (asset_id, id);

-- The task state machine (docs/architecture.md), enforced for every writer:
--   QUEUED    -> RUNNING | CANCELLED
--   RUNNING   -> SUCCEEDED | FAILED | DEAD | QUEUED (lease released or rescued) | CANCELLED
--   FAILED    -> QUEUED (backoff elapsed) | CANCELLED | DEAD
--   SUCCEEDED, DEAD, CANCELLED are final.
CREATE FUNCTION task_state_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.state = OLD.state THEN
        RETURN NEW;
    END IF;
    IF (OLD.state = 'QUEUED' AND NEW.state IN ('RUNNING', 'CANCELLED'))
        OR (OLD.state = 'RUNNING' AND NEW.state IN ('SUCCEEDED', 'FAILED', 'DEAD', 'QUEUED', 'CANCELLED'))
        OR (OLD.state = 'FAILED' AND NEW.state IN ('QUEUED', 'CANCELLED', 'DEAD')) THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'illegal task state transition % -> % (task %)', OLD.state, NEW.state, OLD.id
        USING ERRCODE = 'check_violation';
END
$$;

CREATE TRIGGER task_state_guard
    BEFORE UPDATE OF state ON task
    FOR EACH ROW EXECUTE FUNCTION task_state_guard();
