"""ITA evidence: the assessment's indicators per fiscal year, linked to what the
office already publishes."""
