-- Per-sample loss and weight of runs whose selection strategy weights samples ("which samples drove the loss at step
-- N"). A slot is the sample's place in its step (micro-batch × batch size + row); a resumed attempt re-sends the steps
-- it recomputes, with the same values on the CPU, so a repeat replaces the row.
CREATE TABLE sample_loss (
    run_id     uuid    NOT NULL REFERENCES run (id),
    step       bigint  NOT NULL,
    slot       integer NOT NULL,
    sample_id  bigint  NOT NULL,
    loss       real    NOT NULL,
    weight     real    NOT NULL,
    attempt    integer NOT NULL,
    PRIMARY KEY (run_id, step, slot)
);
CREATE INDEX idx_sample_loss__sample ON sample_loss (run_id, sample_id, step);
