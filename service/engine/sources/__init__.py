"""Who performs a cue: the subject a parse gives a reporting verb, followed through
relative clauses, quotations, coordination and passives, and what a source mention spans."""
