-- 0.8.0: generations of a rendition's output. The published file keeps its path (a contract);
-- when a new generation validates, the file it replaces is kept as a hard link under
-- <asset>/.generations/<rendition>/superseded-by-g<N>.<ext> and listed in the rendition view,
-- until outputs.keep-previous or outputs.keep-previous-for lets the collector remove it.
CREATE TABLE output_generation (
    asset_id        text        NOT NULL REFERENCES asset (id) ON DELETE CASCADE,
    rendition       text        NOT NULL,
    generation      integer     NOT NULL,
    output          jsonb       NOT NULL,
    encoder_version text,
    published_at    timestamptz NOT NULL,
    superseded_at   timestamptz,
    kept_path       text,
    removed_at      timestamptz,
    PRIMARY KEY (asset_id, rendition, generation)
);

CREATE INDEX output_generation_kept_idx ON output_generation (superseded_at)
    WHERE superseded_at IS NOT NULL AND removed_at IS NULL;

-- Outputs published before this version: their current generation.
INSERT INTO output_generation (asset_id, rendition, generation, output, encoder_version, published_at)
SELECT asset_id, name, generation, output, encoder_version, updated_at FROM rendition WHERE output IS NOT NULL;
