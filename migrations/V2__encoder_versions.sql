-- Encoder versions: the platform announces (EncoderUpgraded) which version of each codec's
-- encoder is current; each rendition remembers the version its current generation was encoded
-- under, so an upgrade can tell which encodes it makes stale.

CREATE TABLE encoder_version (
    codec       text        PRIMARY KEY CHECK (codec IN ('avc', 'hevc', 'vp9', 'av1')),
    version     text        NOT NULL,
    updated_at  timestamptz NOT NULL
);

ALTER TABLE rendition ADD COLUMN encoder_version text;

CREATE INDEX rendition_codec_idx ON rendition (codec);
