-- Container shapes: how many CPU slots of a worker pool a task occupies (a 2160p AV1 chunk more
-- than a 360p AVC chunk). The claim packs tasks into the free slots of the claiming instance.
ALTER TABLE task ADD COLUMN slots integer NOT NULL DEFAULT 1 CHECK (slots >= 1);
