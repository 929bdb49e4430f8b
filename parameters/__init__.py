"""Marks parameters/ as the package openfisca_arbeidsmigratie.parameters in the wheel (YAML only)."""
