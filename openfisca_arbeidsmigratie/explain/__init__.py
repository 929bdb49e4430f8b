"""Explanations of admission decisions, read from the law's variables: failed requirements with
citations (requirements.py, from the registry openfisca_arbeidsmigratie.eisen), the condition that
decides a difference between two regimes (differences.py), the distance to admission
(distance.py), refusal counts and the per-applicant explanations table (counts.py), one situation
explained (explanation.py), and the test-coverage report of the YAML tests (test_coverage.py)."""
