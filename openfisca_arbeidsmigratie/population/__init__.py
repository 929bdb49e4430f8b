"""Population files: the column schema, validation with row/column errors, CSV/Parquet IO,
the synthetic generator and the bundled default population.

Typical use::

    from openfisca_arbeidsmigratie.population import derive_schema, load_population
    schema = derive_schema(system)
    population = load_population("applicants.csv", schema)   # raises PopulationError
"""

from openfisca_arbeidsmigratie.population.io import PopulationFileError, read_table, write_table
from openfisca_arbeidsmigratie.population.model import Population
from openfisca_arbeidsmigratie.population.schema import (
    Column,
    PopulationSchema,
    derive_schema,
    input_period,
    markdown_table,
    population_format_document,
)
from openfisca_arbeidsmigratie.population.validation import (
    PopulationError,
    load_population,
    population_from_table,
)

__all__ = [
    "Column",
    "Population",
    "PopulationError",
    "PopulationFileError",
    "PopulationSchema",
    "derive_schema",
    "input_period",
    "load_population",
    "markdown_table",
    "population_format_document",
    "population_from_table",
    "read_table",
    "write_table",
]
