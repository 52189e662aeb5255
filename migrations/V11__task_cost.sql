-- 0.8.0: what a task cost: the CPU seconds of its ffmpeg and ffprobe children (sampled from /proc
-- while they ran; metrics.TaskMetrics), recorded with its success. The ops page sums them per
-- rendition and shows them per chunk.
ALTER TABLE task ADD COLUMN cpu_seconds double precision;
