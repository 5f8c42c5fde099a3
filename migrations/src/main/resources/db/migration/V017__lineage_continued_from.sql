-- A pretrain run that is a segment of a longer schedule starts from another run's checkpoint (population-based
-- training makes every generation of a member this way, from its own checkpoint or from the one of the member it
-- exploits): that checkpoint is an input of the run, and becomes a 'continued_from' edge to the model it makes.
ALTER TABLE lineage_edge DROP CONSTRAINT lineage_edge_relation_check;
ALTER TABLE lineage_edge ADD CONSTRAINT lineage_edge_relation_check
    CHECK (relation IN ('produced', 'pretrained_on', 'selected_from', 'finetuned_from', 'rl_from', 'reference',
                        'reward', 'teacher', 'distilled_into', 'merged_from', 'continued_from'));
