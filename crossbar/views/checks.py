"""Checks at the entry of the public figures and views, so that a wrong argument gets one
TypeError or ValueError naming the function and the argument, not an AttributeError from
matplotlib or numpy deep inside.

:func:`checked` is a decorator: ``@checked(device=DeviceCurve, ax=axes, gain=number(positive=True))``
checks each named argument, before the figure is begun, by a rule: a class (or tuple of classes) the
argument must be an instance of, or one of the rule makers below, each a function
``(value, name) -> value`` that raises naming `name`. The numbers are the API's
(:mod:`crossbar.numbers`): numpy scalars count, True and strings do not.
"""

from __future__ import annotations

import functools
import inspect

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from ..devices.checks import CONDUCTANCE_RANGE, outside_range, range_text
from ..numbers import flag, instance, integer, real, real_array, shown
from ..studies import StudyResult
from ..studies.tables import check_columns
from ..training import TrainingRun

__all__ = ["checked", "optional", "axes", "figure", "function", "axes_of", "switch", "count", "number", "one_or_more", "mapping",
           "array", "square", "table_of", "choice", "record_of", "series_of",
           "rows_of", "run_with_history", "names", "enough_names", "FRACTIONS", "SIEMENS", "MAX_BINS", "bin_count",
           "MAX_PANELS", "panel_count", "offsets", "whole_number_edges", "rate_interval", "spreads"]


def checked(**rules):
    """Decorate a public view so that each named argument is checked by its rule before the call."""
    def decorate(function):
        signature = inspect.signature(function)
        missing = set(rules) - set(signature.parameters)
        if missing:  # a rule for an argument the function does not have would check nothing
            raise TypeError(f"checked: {function.__name__} has no argument {sorted(missing)[0]!r}")

        @functools.wraps(function)
        def call(*args, **kwargs):
            bound = signature.bind(*args, **kwargs)
            for name, rule in rules.items():
                if name in bound.arguments:
                    bound.arguments[name] = _apply(rule, bound.arguments[name], f"{function.__name__}: {name}")
            return function(*bound.args, **bound.kwargs)

        return call

    return decorate


def _apply(rule, value, name):
    if isinstance(rule, (type, tuple)):
        return instance(value, rule, name)
    return rule(value, name)


def optional(rule):
    """The rule, or None (an argument that defaults to None)."""
    return lambda value, name: None if value is None else _apply(rule, value, name)


def axes(value, name):
    """None (a new figure) or a matplotlib Axes."""
    return None if value is None else instance(value, Axes, name, "a matplotlib Axes or None")


def crossbar_study(value, name):
    """A StudyResult of crossbars: a network study keeps no offsets or pulse counts per device to draw."""
    result = instance(value, StudyResult, name)
    if result.study.network:
        raise ValueError(f"{name}: a network study's result keeps no offsets or pulse counts per device; expected "
                         "a crossbar study's (Study with a setting of no hidden layer)")
    return result


def figure(value, name):
    """A matplotlib Figure."""
    return instance(value, Figure, name, "a matplotlib Figure")


def function(value, name):
    """A callable (a view, a callback)."""
    if not callable(value):
        raise TypeError(f"{name}: expected a function, got {type(value).__name__}")
    return value


def axes_of(n):
    """None (a new figure) or `n` or more matplotlib Axes (a list, or an array as subplots returns; one
    Axes where one will do)."""
    def rule(value, name):
        if value is None or (n == 1 and isinstance(value, Axes)):
            return value
        flat = np.ravel(np.asarray(value, dtype=object)) if isinstance(value, (list, tuple, np.ndarray)) else None
        if flat is None or flat.size < n or not all(isinstance(a, Axes) for a in flat):
            raise TypeError(f"{name}: expected {n} or more matplotlib Axes (or None), got {type(value).__name__}")
        return value

    return rule


def switch(value, name):
    """True or False: a string such as "yes" would be truthy."""
    return flag(value, name)


def count(low=0, high=None):
    """A whole number >= `low` (any whole number if `low` is None; numpy integers too, not floats or bools),
    and <= `high` where given."""
    expected = ("an integer" if low is None else f"an integer >= {low}" if high is None
                else f"an integer from {low} to {high}")

    def rule(value, name):
        value = integer(value, name, expected)
        if (low is not None and value < low) or (high is not None and value > high):
            raise ValueError(f"{name} = {shown(value)}: expected {expected}")
        return value

    return rule


#: The most bins a histogram of a figure draws: more than a figure can show (a figure is a few hundred pixels
#: wide), and each bin costs memory (bins=10**9 took 23 GB before this bound).
MAX_BINS = 10_000

#: A histogram's bin count, 1 ... MAX_BINS, refused before any bin is made.
bin_count = count(1, MAX_BINS)

#: The most columns of panels a figure lays out (plot_letters(columns=10**6) began a million Axes).
MAX_PANELS = 100

#: A figure's column count, 1 ... MAX_PANELS, refused before any panel is made.
panel_count = count(1, MAX_PANELS)


def whole_number_edges(top):
    """Edges of a histogram of whole numbers 0 ... `top` (epochs, pulses): one bin per number, centred on it,
    or, past :data:`MAX_BINS` numbers, bins of a few whole numbers each (a study of max_epochs = 10**9 made a
    billion bins and ran out of memory)."""
    width = max(1, -(-(int(top) + 1) // MAX_BINS))
    return np.arange(0, int(top) + width + 1, width) - 0.5


def number(low=None, high=None, positive=False, expected="a finite number"):
    """A finite real number, > 0 if `positive`, within [`low`, `high`] where they are given."""
    def rule(value, name):
        value = real(value, name, expected)
        if (positive and not value > 0) or (low is not None and value < low) or (high is not None and value > high):
            bounds = ["> 0"] if positive else []
            if low is not None and high is not None:
                bounds.append(f"from {low:g} to {high:g}")
            elif low is not None or high is not None:
                bounds.append(f">= {low:g}" if high is None else f"<= {high:g}")
            raise ValueError(f"{name} = {value!r}: expected {expected} {' and '.join(bounds)}")
        return value

    return rule


def one_or_more(kind, what):
    """One `kind`, or a non-empty list or tuple of them; returned as a list."""
    def rule(value, name):
        values = list(value) if isinstance(value, (list, tuple)) else [value]
        if not values or not all(isinstance(v, kind) for v in values):
            bad = type(next((v for v in values if not isinstance(v, kind)), value)).__name__
            raise TypeError(f"{name}: expected {what} or a list of them, got {bad}")
        return values

    return rule


def mapping(what, values=None):
    """A non-empty dict (label -> `values`, a class or a rule, where given)."""
    def rule(value, name):
        instance(value, dict, name, f"a dict of {what}")
        if not value:
            raise ValueError(f"{name} is empty: expected a dict of {what}")
        if values is not None:
            return {key: _apply(values, v, f"{name}[{key!r}]") for key, v in value.items()}
        return value

    return rule


def array(ndim=None, expected="an array of real numbers", size=None, within=None):
    """An array of real numbers (float64), of `ndim` dimensions and `size` numbers where given (`expected`
    says which), not empty; with `within` = (low, high), every number finite and inside it (NaN, or a
    fraction of 5, is refused rather than drawn)."""
    def rule(value, name):
        values = real_array(value, name, expected)
        if (ndim is not None and values.ndim != ndim) or not values.size or (size is not None and values.size != size):
            raise ValueError(f"{name}: expected {expected}, got shape {values.shape}")
        if within is not None:
            low, high = within
            with np.errstate(invalid="ignore"):
                bad = ~((values >= low) & (values <= high))
            if bad.any():
                at = tuple(int(i) for i in np.argwhere(bad)[0])
                raise ValueError(f"{name}[{', '.join(map(str, at))}] = {float(values[at])!r}: expected {expected}, "
                                 f"each from {low:g} to {high:g}")
        return values

    return rule


#: `within` of :func:`array`: fractions, and conductances in siemens (the physical range of every device).
FRACTIONS = (0.0, 1.0)
SIEMENS = CONDUCTANCE_RANGE


def offsets(value, name):
    """An array of device offsets in siemens (float64, not empty), each 0 (no offset: a rescaled range from 0 draws
    it) or inside the physical range of every conductance, 1e-15 ... 1 S: a negative offset, NaN or 2 S is
    refused naming the first, rather than drawn (-s was drawn as offsets of -1e-7 S; NaN was numpy's message)."""
    values = array(expected="an array of offsets in siemens")(value, name)
    bad = outside_range(values) & (values != 0)
    if bad.any():
        at = tuple(int(i) for i in np.argwhere(bad)[0])
        raise ValueError(f"{name}[{', '.join(map(str, at))}] = {float(values[at])!r} S: expected offsets in siemens, "
                         f"each 0 or within the physical range {range_text()}")
    return values


def rate_interval(value, name):
    """(rate, ci_low, ci_high): fractions 0 ... 1, the rate inside its interval. A rate of 1.5, an interval upside
    down or a rate outside it failed inside matplotlib ("'yerr' must not contain negative values", naming no bar),
    and a NaN rate drew no bar without a word (probe 17c, V2)."""
    values = array(1, "(rate, ci_low, ci_high)", 3, within=FRACTIONS)(value, name)
    rate, low, high = values.tolist()
    if not low <= rate <= high:
        raise ValueError(f"{name} = ({rate!r}, {low!r}, {high!r}): expected a rate inside its interval, "
                         "ci_low <= rate <= ci_high")
    return values


def spreads(value, name):
    """A spread (a standard deviation) per pulse: a non-empty 1-D array, each finite and >= 0 (a negative s.d. was
    drawn below the axis, a NaN one as no line; probe 17c, V2)."""
    values = array(1, "a spread per pulse (a standard deviation, fraction of the window)")(value, name)
    bad = ~(np.isfinite(values) & (values >= 0))
    if bad.any():
        k = int(np.argmax(bad))
        raise ValueError(f"{name}[{k}] = {float(values[k])!r}: expected a spread (a standard deviation, fraction of "
                         "the window), finite and >= 0")
    return values


def square(expected="a square matrix of real numbers", within=None):
    """A non-empty square matrix of real numbers (float64), each inside `within` where given (see :func:`array`)."""
    matrix = array(2, expected, within=within)

    def rule(value, name):
        values = matrix(value, name)
        if values.shape[0] != values.shape[1]:
            raise ValueError(f"{name}: expected {expected}, got shape {values.shape}")
        return values

    return rule


def table_of(*columns):
    """A tidy table (a dict of equal-length columns) with `columns`: a requirement table, a sweep's
    (:func:`crossbar.studies.tables.check_columns`, as the analyses check it)."""
    return lambda value, name: check_columns(value, columns, name)


def choice(*options):
    """One of `options` (strings)."""
    def rule(value, name):
        if not isinstance(value, str) or value not in options:
            raise ValueError(f"{name} = {shown(value)}: expected one of {', '.join(map(repr, options))}")
        return value

    return rule


def record_of(*keys):
    """A dict holding at least `keys` (a record such as :func:`crossbar.physics.manhattan_step` returns)."""
    def rule(value, name):
        instance(value, dict, name, f"a dict with {', '.join(keys)}")
        missing = [k for k in keys if k not in value]
        if missing:
            raise ValueError(f"{name}: expected a dict with {', '.join(keys)}; {missing[0]!r} is missing")
        return value

    return rule


def series_of(kind, what):
    """A non-empty dict label -> a non-empty list of (x, `kind`) pairs, x a finite number: one line each.
    `what` says what the pairs are, e.g. ``"(width, Outcome)"``."""
    def rule(value, name):
        value = mapping(f"label -> list of {what}")(value, name)
        for label, points in value.items():
            where = f"{name}[{label!r}]"
            instance(points, (list, tuple), where, f"a list of {what}")
            if not points:
                raise ValueError(f"{where} is empty: expected a list of {what}")
            for k, point in enumerate(points):
                if not isinstance(point, (list, tuple)) or len(point) != 2:
                    raise TypeError(f"{where}[{k}]: expected a pair {what}, got {shown(point)}")
                real(point[0], f"{where}[{k}][0]")
                instance(point[1], kind, f"{where}[{k}][1]")
        return value

    return rule


def rows_of(row, cell, what, values, complete=False):
    """A non-empty dict `row` label -> a non-empty dict `cell` label -> `what` (checked by `values`, a class or
    a rule): the rows of a grouped figure; with `complete`, every row has the same cells (each group draws
    every bar)."""
    rule = mapping(f"{row} label -> dict of {cell} label -> {what}", mapping(f"{cell} label -> {what}", values))

    def check(value, name):
        value = rule(value, name)
        cells = list(dict.fromkeys(k for r in value.values() for k in r))
        for label, r in value.items():
            if complete and len(r) != len(cells):
                raise ValueError(f"{name}[{label!r}]: expected one {what} for each of {cells}, got {list(r)}")
        return value

    return check


def run_with_history(value, name):
    """A TrainingRun that kept its history (:func:`crossbar.train` does; a ``train_batch`` trial keeps one only
    with ``history=True``): a figure against epoch has nothing to draw without it."""
    run = instance(value, TrainingRun, name)
    if run.conductance_history is None or run.activation_history is None or run.error_history is None:
        raise ValueError(f"{name}: this TrainingRun kept no history to draw against epoch; expected a run of "
                         "crossbar.train, or of train_batch(..., history=True)")
    return run


def names(value, name):
    """Names to label classes or neurons with: a str (one character a name) or a list or tuple of str. How many
    are needed is the figure's to check (:func:`enough_names`)."""
    if isinstance(value, str) or (isinstance(value, (list, tuple)) and all(isinstance(v, str) for v in value)):
        return value
    bad = value if not isinstance(value, (list, tuple)) else next(v for v in value if not isinstance(v, str))
    raise TypeError(f"{name}: expected a list of names (str), got {type(bad).__name__} {shown(bad)}")


def enough_names(value, needed, name, what):
    """`value` (None, or :func:`names`) if it names each of `needed` `what`, or ValueError naming `name`."""
    if value is not None and len(value) < needed:
        raise ValueError(f"{name}: expected a name for each of the {needed} {what}, got {len(value)}: "
                         f"{shown(list(value))}")
    return value
