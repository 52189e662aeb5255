-- 0.8.0: the live ffmpeg progress of running tasks, published by the instance that runs each one
-- (worker.ProgressBoard, every workers.progress-interval) so that the Workers view of any
-- instance shows every instance's encodes. Progress is worth nothing after a crash: UNLOGGED
-- keeps these frequent writes out of the WAL (and off replicas); a crash empties the table.
CREATE UNLOGGED TABLE task_progress (
    task_id    bigint PRIMARY KEY,
    owner      text NOT NULL,
    frame      bigint NOT NULL,
    fps        double precision NOT NULL,
    speed      double precision NOT NULL,
    percent    double precision,
    updated_at timestamptz NOT NULL
);
