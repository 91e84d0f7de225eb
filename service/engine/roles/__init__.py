"""Roles and titles as the article words them: read at a name mention, turned into labels,
and kept per entity in a role book."""
