"""The data the rules read: the reporting-cue lexicon, the English word lists, and the
loader of the data files in ``data/``."""
