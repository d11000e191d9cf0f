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
from matplotlib.colors import is_color_like
from matplotlib.figure import Figure

from ..devices import Nonidealities
from ..devices.checks import CONDUCTANCE_RANGE, outside_range, range_text
from ..devices.laws import _Fit
from ..numbers import flag, instance, integer, real, real_array, shown, word
from ..studies import StudyResult
from ..studies.outcomes import Outcome
from ..studies.tables import check_columns
from ..training import TrainingRun

__all__ = ["checked", "optional", "axes", "figure", "function", "axes_of", "switch", "count", "number", "one_or_more", "mapping",
           "array", "square", "table_of", "rate_curve_table", "choice", "record_of", "series_of",
           "rows_of", "run_with_history", "names", "enough_names", "FRACTIONS", "SIEMENS", "MAX_BINS", "bin_count",
           "MAX_PANELS", "panel_count", "offsets", "whole_number_edges", "rate_interval", "spreads", "text", "colour",
           "fitted_law", "knob_value", "gains", "RANGE_RATIOS", "panels", "step_record", "outcome"]


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

        call.checks = dict(rules)  # what each argument is checked by (tests hold every argument to a rule)
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


def rate_curve_table(value, name):
    """A rate curve (:func:`crossbar.studies.rate_curve`'s): a table of value, rate, ci_low, ci_high whose values
    are finite and whose every rate lies in its interval within 0 ... 1 (:func:`rate_interval`), as the bars of
    plot_unit_rates' (a rate of 1.5 was drawn off the axes, a NaN rate as no point: probe 31c, C31-15)."""
    table = check_columns(value, ("value", "rate", "ci_low", "ci_high"), name)
    x = np.asarray(table["value"], dtype=np.float64)
    if not np.isfinite(x).all():
        k = int(np.argmax(~np.isfinite(x)))
        raise ValueError(f"{name}['value'][{k}] = {float(x[k])!r}: expected a finite value of the knob")
    for k in range(x.size):
        rate_interval([table["rate"][k], table["ci_low"][k], table["ci_high"][k]], f"{name} row {k} (rate, ci_low, "
                                                                                    "ci_high)")
    return table


def choice(*options):
    """One of `options` (strings), the plain word: anything but a str is a TypeError (numpy.str_ taken)."""
    def rule(value, name):
        return word(value, name, options, f"{name} = {{}}: expected one of {', '.join(map(repr, options))}")

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
                _apply(kind, point[1], f"{where}[{k}][1]")
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


def text(value, name):
    """A title or a label: a str (numpy's str_ too). An array was numpy's "truth value of an array ... is
    ambiguous" from inside, a list matplotlib's message about labels of several lines (probe 20c, V5)."""
    if not isinstance(value, str):
        raise TypeError(f"{name}: expected a str, got {type(value).__name__} {shown(value)}")
    return value


def colour(value, name):
    """A colour matplotlib draws ('C0', 'tab:red', '#1f77b4', an (r, g, b) tuple of 0 ... 1)."""
    if not is_color_like(value) or value is None:
        raise ValueError(f"{name} = {shown(value)}: expected a matplotlib colour ('C0', 'tab:red', '#1f77b4' or an "
                         "(r, g, b) tuple of 0 ... 1)")
    return value


def fitted_law(value, name):
    """A fitted law of :mod:`crossbar.devices.laws` (``fit_saturating(g)`` and the like: callable on pulse numbers,
    its residual ``noise`` in S finite and >= 0). None or a float was "'NoneType' object is not callable", a float
    in a dict of fits an AttributeError, from inside (probe 20c, V4 and V7)."""
    fit = instance(value, _Fit, name, "a fitted law (crossbar.devices.laws.fit_saturating(g) and the like)")
    noise = fit.noise
    if not (isinstance(noise, (int, float, np.floating, np.integer)) and np.isfinite(noise) and noise >= 0):
        raise ValueError(f"{name}.noise = {shown(noise)}: expected a residual noise in siemens, finite and >= 0")
    return fit


def knob_value(knob):
    """A value of the non-ideality `knob` (a field of :class:`crossbar.devices.Nonidealities`), held to what
    Nonidealities takes (NaN was ignored, -1 drawn: probe 20c, V7); any finite number for a knob it does not know."""
    def rule(value, name):
        value = real(value, name, f"a value of {knob}")
        if knob in Nonidealities.__dataclass_fields__ and knob != "c2c_form":
            try:
                Nonidealities(**{knob: value})
            except ValueError as error:
                raise ValueError(f"{name} = {shown(value)}: expected a value of {knob} ({error})") from None
        return value

    return rule


def gains(expected):
    """A non-empty 1-D array of gains (1/A), each finite and > 0 (a NaN or negative gain was reported as a
    missing point of the grid)."""
    values = array(1, expected)

    def rule(value, name):
        found = values(value, name)
        bad = ~(np.isfinite(found) & (found > 0))
        if bad.any():
            k = int(np.argmax(bad))
            raise ValueError(f"{name}[{k}] = {float(found[k])!r}: expected {expected}, each finite and > 0")
        return found

    return rule


#: Range ratios (hi - lo) / window a figure draws: both are conductances of the physical range, so no ratio
#: lies outside (low / high, high / low).
RANGE_RATIOS = (CONDUCTANCE_RANGE[0] / CONDUCTANCE_RANGE[1], CONDUCTANCE_RANGE[1] / CONDUCTANCE_RANGE[0])


def panels(value, needed, name, what):
    """The Axes of a figure of one panel per `what`, `needed` of them, as a flat array: the first `needed` Axes of
    `value` (an Axes, a list or an array as subplots returns). More are left as they are; fewer drew only the first
    panels (plot_patterns on one Axes drew one pattern of six) or were an IndexError from inside."""
    flat = np.ravel(np.asarray([value] if isinstance(value, Axes) else value, dtype=object))
    if flat.size < needed:
        raise ValueError(f"{name}: expected {needed} matplotlib Axes, one per {what}, got {flat.size}")
    return flat[:needed]


def step_record(value, name):
    """A record of :func:`crossbar.physics.manhattan_step`: delta (P, M) 1/A, summed (N, M) V/A and update (N, M)
    of -1, 0, 1 finite, conductance (N, 2M) within the physical range, total_error a finite number >= 0. A value
    of another kind was an AttributeError or IndexError from inside, a NaN shortfall printed as 'nan'."""
    step = record_of("delta", "summed", "update", "conductance", "total_error")(value, name)
    found = {key: array(2, f"a matrix of {what}")(step[key], f"{name}[{key!r}]")
             for key, what in (("delta", "error signals, 1/A"), ("summed", "summed updates, V/A"),
                               ("update", "signs -1, 0 or 1"), ("conductance", "conductances in siemens"))}
    for key in ("delta", "summed"):
        if not np.isfinite(found[key]).all():
            raise ValueError(f"{name}[{key!r}]: expected finite numbers, got {shown(found[key])}")
    if not np.isin(found["update"], (-1, 0, 1)).all():
        raise ValueError(f"{name}['update']: expected signs -1, 0 or 1, got {shown(found['update'])}")
    if outside_range(found["conductance"]).any():
        raise ValueError(f"{name}['conductance']: expected conductances within the physical range {range_text()}")
    (n, m), (p, m2) = found["summed"].shape, found["delta"].shape
    if found["update"].shape != (n, m) or found["conductance"].shape != (n, 2 * m) or m2 != m:
        raise ValueError(f"{name}: expected delta (P, M), summed and update (N, M) and conductance (N, 2M), got "
                         + ", ".join(f"{k} {v.shape}" for k, v in found.items()))
    total = real(step["total_error"], f"{name}['total_error']", "a shortfall, finite and >= 0")
    if total < 0:
        raise ValueError(f"{name}['total_error'] = {total!r}: expected a shortfall, finite and >= 0")
    return step


def outcome(energy=False):
    """An Outcome (:class:`crossbar.studies.outcomes.Outcome`) whose medians a figure draws: `recognised` and
    `answers` (and, with `energy`, the write energy in J) each (median, low, high), finite with low <= median <=
    high, the fractions' medians 0 ... 1 and the energy >= 0. A str or a pair there was an IndexError from inside,
    NaN or 1.5 was drawn."""
    measures = ("recognised", "answers") + (("energy",) if energy else ())

    def rule(value, name):
        instance(value, Outcome, name)
        for measure in measures:
            found = getattr(value, measure)
            where = f"{name}.{measure}"
            expected = "(median, low, high), finite, low <= median <= high" + (
                ", in J, >= 0" if measure == "energy" else ", the median a fraction 0 ... 1")
            triple = array(1, expected, 3)(found, where).tolist()
            median, low, high = triple
            top = np.inf if measure == "energy" else 1.0
            if not (np.isfinite(triple).all() and low <= median <= high and 0 <= median <= top
                    and (measure != "energy" or low >= 0)):
                raise ValueError(f"{where} = {shown(found)}: expected {expected}")
        return value

    return rule
