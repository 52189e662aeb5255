-- Provenance: one row per rule evaluation of an asset, saying which facts it covered, which
-- rules fired, what they emitted and which states they changed. With the fact log this is the
-- asset's history (GET /api/v1/assets/{id}/history).
CREATE TABLE evaluation (
    id               bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    asset_id         text        NOT NULL REFERENCES asset (id) ON DELETE CASCADE,
    from_seq         bigint      NOT NULL,
    to_seq           bigint      NOT NULL,
    rule_set_version text        NOT NULL,
    -- The session was rebuilt from the whole log (restart, eviction, new rules).
    replayed         boolean     NOT NULL,
    outcome          text        NOT NULL CHECK (outcome IN ('APPLIED', 'QUARANTINED')),
    -- [{"rule": "...", "fired": 1, "emitted": {"PROBE": 1}}]
    rules            jsonb       NOT NULL,
    -- [{"subject": "asset", "from": "NEW", "to": "PROBING", "rule": "..."}]
    changes          jsonb       NOT NULL,
    tasks_enqueued   integer     NOT NULL,
    error            text,
    created_at       timestamptz NOT NULL
);

CREATE INDEX evaluation_asset_idx ON evaluation (asset_id, to_seq);
