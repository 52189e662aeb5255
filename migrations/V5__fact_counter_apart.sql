-- Writers of an asset's facts and its evaluator no longer share a row.
--
-- Before, the asset row carried the fact counter (fact_seq) and the "needs evaluation" signal (a
-- partial index on updated_at WHERE fact_seq > evaluated_seq). Every task outcome bumped the
-- counter under the asset row's lock and every evaluation wrote the row under the same lock, so
-- the outcome writer and the evaluator of a busy asset took turns, each waiting for the other's
-- commit; and since each write changed an indexed column, none was a HOT update: an asset busy
-- with chunk results got hundreds of row versions a minute, each with entries in every asset
-- index (B3 in docs/benchmarks.md measured 2.8 to 4.6 ms per lock of such a row).
--
-- Now:
--   asset_log           the fact counter: appends lock and bump this row (the log lock). Whoever
--                       changes an asset's tasks and appends its facts (outcome writer, rescuer,
--                       fact ingestion) holds it; it is narrow, unindexed but for its key, so its
--                       updates are HOT.
--   evaluation_pending  "evaluate this asset": upserted by every append with the number of the
--                       newest fact; the evaluator deletes it, only if no newer fact came
--                       (up_to <= what it evaluated), last in its transaction.
--   asset               the rules' view (state, evaluated_seq): only the evaluator writes it,
--                       under the asset row lock, which now serializes evaluators alone.
CREATE TABLE asset_log (
    asset_id    text        PRIMARY KEY REFERENCES asset (id) ON DELETE CASCADE,
    fact_seq    bigint      NOT NULL DEFAULT 0
) WITH (fillfactor = 50);

INSERT INTO asset_log (asset_id, fact_seq) SELECT id, fact_seq FROM asset;

CREATE TABLE evaluation_pending (
    asset_id    text        PRIMARY KEY REFERENCES asset (id) ON DELETE CASCADE,
    up_to       bigint      NOT NULL,
    since       timestamptz NOT NULL
) WITH (fillfactor = 50);
CREATE INDEX evaluation_pending_since_idx ON evaluation_pending (since);

INSERT INTO evaluation_pending (asset_id, up_to, since)
SELECT id, fact_seq, updated_at FROM asset WHERE fact_seq > evaluated_seq;

DROP INDEX asset_pending_idx;
ALTER TABLE asset DROP COLUMN fact_seq;
ALTER TABLE asset SET (fillfactor = 70);
