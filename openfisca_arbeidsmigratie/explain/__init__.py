"""Explanations of admission decisions: failed requirements with citations, the condition that
decides a difference between two regimes, the distance to admission, refusal counts, and the
legal-coverage report of the YAML tests."""
