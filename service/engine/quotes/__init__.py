"""Finding quotes: quotation marks, the content of reporting verbs (by the lexicon's frames)
and of verbless cues, and the assembly of marks and candidates into direct, indirect and
mixed quotes, each with the token of its speaker's mention."""
