-- 0.8.0: execution avoidance ("always on" without encoding anything twice).

-- Every encoder identity a worker ever detected at start (media.encoder.EncoderIdentities): a
-- codec's identity never seen before, when another was seen before it, is an upgrade. An identity
-- seen before (an older worker restarting during a rolling upgrade, a rollback) is not, so a
-- mixed fleet cannot make renditions flip-flop between builds.
CREATE TABLE encoder_detected (
    codec          text        NOT NULL CHECK (codec IN ('avc', 'hevc', 'vp9', 'av1')),
    identity       text        NOT NULL,
    first_seen_at  timestamptz NOT NULL,
    PRIMARY KEY (codec, identity)
);

-- The content hash of a source file version, so that a file is hashed once however many assets
-- name it. A version is the file's stat: the path, inode, size and both times (a rewrite in place
-- changes the modification or status-change time).
CREATE TABLE source_version (
    path         text        NOT NULL,
    inode        bigint      NOT NULL,
    size         bigint      NOT NULL,
    modified_ns  bigint      NOT NULL,
    changed_ns   bigint      NOT NULL,
    sha256       text        NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    seen_at      timestamptz NOT NULL,
    PRIMARY KEY (path, inode, size, modified_ns, changed_ns)
);

-- Results addressed by what produced them (reuse.ReuseKey: source content, frame range, the
-- canonical ffmpeg arguments, encoder identity). A file result is a hard link in the store
-- folder (<output-root>/.reuse); whoever reuses it links it again into its own work folder, so
-- removing an entry never removes a file a rendition, a package or a running task holds.
CREATE TABLE reuse_entry (
    key           text        PRIMARY KEY CHECK (key ~ '^[0-9a-f]{64}$'),
    kind          text        NOT NULL CHECK (kind IN ('probe', 'chunk', 'audio')),
    file          text,
    bytes         bigint      NOT NULL DEFAULT 0,
    result        text,
    encoder       text,
    created_at    timestamptz NOT NULL,
    last_used_at  timestamptz NOT NULL,
    uses          integer     NOT NULL DEFAULT 0
);

CREATE INDEX reuse_entry_used_idx ON reuse_entry (last_used_at);

-- Re-evaluation after a rule change (workflow.Reevaluation): every stored asset evaluated under
-- another rule set is marked for evaluation in the background. Background marks come after every
-- asset with a new fact (the evaluator orders by background, then since); a new fact for a
-- background-marked asset makes its mark a live one.
ALTER TABLE evaluation_pending ADD COLUMN background boolean NOT NULL DEFAULT false;
DROP INDEX evaluation_pending_since_idx;
CREATE INDEX evaluation_pending_order_idx ON evaluation_pending (background, since);
