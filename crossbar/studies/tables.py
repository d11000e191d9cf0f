"""What a table handed to the analyses must hold: a per-trial table (a structured array of
:func:`~crossbar.studies.study.trial_dtype` rows) or a tidy table (a dict of columns, a sweep's);
otherwise a TypeError or ValueError naming the argument, not an IndexError or KeyError from inside."""

from __future__ import annotations

import numpy as np

from ..numbers import instance, real_array

__all__ = ["check_table", "check_columns"]


def check_table(table, name="table", fields=("converged", "epochs", "min_conductance")):
    """`table` if it is a per-trial table of at least one trial with `fields`, or TypeError /
    ValueError naming `name`, rather than an AttributeError or IndexError from inside a summary."""
    if not isinstance(table, np.ndarray) or table.dtype.names is None:
        raise TypeError(f"{name}: expected a per-trial table (a structured array of trial_dtype rows, e.g. "
                        f"a StudyResult's table), got {type(table).__name__}")
    missing = [field for field in fields if field not in table.dtype.names]
    if missing:
        raise ValueError(f"{name}: a per-trial table has a {missing[0]!r} column, this one has only "
                         f"{', '.join(table.dtype.names)}")
    if table.ndim != 1 or not table.size:
        raise ValueError(f"{name}: expected a 1-D table of at least one trial, got shape {table.shape}")
    if "epochs" in table.dtype.names and (table["epochs"] < 0).any():  # a mean of -1 epochs is no summary
        row = int(np.argmax(table["epochs"] < 0))
        raise ValueError(f"{name}: row {row} has epochs = {table['epochs'][row]}: expected a number of epochs >= 0")
    return table


def check_columns(table, columns, name="table"):
    """`table` if it is a tidy table (a dict of columns, e.g. a sweep's) with `columns` of real numbers,
    all of one length >= 1, or TypeError / ValueError naming `name`, not a KeyError from inside."""
    instance(table, dict, name, f"a table (dict of columns) with {', '.join(columns)}")
    missing = [column for column in columns if column not in table]
    if missing:
        raise ValueError(f"{name}: expected a table with the columns {', '.join(columns)}; {missing[0]!r} is missing")
    sizes = {np.shape(real_array(table[column], f"{name}[{column!r}]")) for column in columns}
    if len(sizes) != 1 or len(next(iter(sizes))) != 1 or 0 in next(iter(sizes)):
        raise ValueError(f"{name}: expected columns {', '.join(columns)} of one length >= 1, got shapes "
                         f"{', '.join(str(s) for s in sorted(sizes))}")
    return table
