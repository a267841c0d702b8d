-- Which background job (Hangfire's id) stands for each piece of work: a recording's processing, an export's build, a
-- live feed's assembly. The queues' sweeps announce the same work again and again; a new job is enqueued only when
-- the one recorded here has ended (succeeded, failed for good, expired) or never existed, so that the work is queued
-- once. Hangfire keeps its own tables in its own schema (hangfire), created by Hangfire itself.
CREATE TABLE job_enqueues (
    kind        text        NOT NULL,
    subject     text        NOT NULL,
    job_id      text        NOT NULL,
    enqueued_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (kind, subject)
);
