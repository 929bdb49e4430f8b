"""A validated population, encoded once as numpy arrays in the dtypes of the variables."""

from __future__ import annotations

import dataclasses

import numpy as np
import pyarrow as pa


@dataclasses.dataclass
class Population:
    """Persons (rows), their groups and their inputs, ready to be handed to simulations.

    * ``ids``: the id columns as Arrow arrays, one value per person (``werkgever_id`` may be null);
    * ``roles``: index of each person's household role in ``role_keys``;
    * ``group_index``: per group entity, each person's 0-based group (rows without a werkgever_id
      get a private employer of their own, with default inputs);
    * ``person_inputs`` / ``group_inputs``: input arrays in the variables' dtypes (Enums as int16
      indices, dates as datetime64[D], text as object arrays). They are marked read-only because
      every regime's simulation shares them.
    """

    source: str
    ids: dict[str, pa.Array]
    roles: np.ndarray
    role_keys: list[str]
    group_index: dict[str, np.ndarray]
    group_count: dict[str, int]
    person_inputs: dict[str, np.ndarray]
    group_inputs: dict[str, dict[str, np.ndarray]]
    columns: tuple[str, ...] = ()
    metadata: dict[str, str] = dataclasses.field(default_factory=dict)

    @property
    def count(self) -> int:
        return len(self.roles)

    def applicant_rows(self) -> np.ndarray:
        """Rows of the applicants (role ``aanvrager``), in file order."""
        return np.flatnonzero(self.roles == self.role_keys.index("aanvrager"))

    def weights(self) -> np.ndarray:
        weights = self.person_inputs.get("gewicht")
        return np.ones(self.count, np.float32) if weights is None else weights

    def take(self, rows: np.ndarray) -> Population:
        """The sub-population of ``rows`` (whole groups should be taken; groups are re-indexed)."""
        rows = np.asarray(rows)
        index, count, group_inputs = {}, {}, {}
        for entity, per_person in self.group_index.items():
            kept, new_index = np.unique(per_person[rows], return_inverse=True)
            index[entity] = new_index.astype(np.int32)
            count[entity] = len(kept)
            group_inputs[entity] = {
                name: freeze(a[kept]) for name, a in self.group_inputs[entity].items()
            }
        taken = pa.array(rows)
        return Population(
            source=self.source,
            ids={name: column.take(taken) for name, column in self.ids.items()},
            roles=self.roles[rows],
            role_keys=self.role_keys,
            group_index=index,
            group_count=count,
            person_inputs={name: freeze(a[rows]) for name, a in self.person_inputs.items()},
            group_inputs=group_inputs,
            columns=self.columns,
            metadata=self.metadata,
        )


def freeze(array: np.ndarray) -> np.ndarray:
    """Mark an input array read-only: simulations of all regimes share it."""
    array.flags.writeable = False
    return array
