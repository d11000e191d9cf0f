"""The crossbar perceptron and one Manhattan step, in plain numpy.

These functions state the model equation by equation and broadcast over any
leading (trial) axes. They are what the book shows and what the tests and
the benchmark use as a readable reference; :mod:`crossbar.engine` runs the
same maths compiled, many trials at once.

Shapes: N inputs (rows), C = 2M columns, P patterns, M neurons. Column 2i
is G+ and column 2i+1 is G- of neuron i.
"""

from __future__ import annotations

import numpy as np

__all__ = [
    "conductance",
    "column_currents",
    "logic_current",
    "activation",
    "meets_targets",
    "total_error",
    "error_signal",
    "manhattan_update",
    "update_sums",
    "ordered_sum",
    "apply_pulses",
    "predict",
    "manhattan_step",
    "current_limit",
    "target_currents",
    "window_and_spread",
    "fixed_sign_pairs",
    "squared_error",
    "squared_error_gradient",
    "train_reference",
    "visited_conductance",
]


def conductance(curve, pulse_count, offsets, gain):
    """G_jc = K (g(min(m_jc, L-1)) - g(0) + s_jc), siemens.

    Parameters
    ----------
    curve : ndarray (L,)
        Measured g(m), S.
    pulse_count : ndarray of int (..., N, C)
    offsets : ndarray (..., N, C)
        Device-to-device offsets s, S.
    gain : float
        K.
    """
    curve = np.asarray(curve)
    m = np.minimum(np.asarray(pulse_count), curve.size - 1)
    return gain * ((curve[m] - curve[0]) + offsets)


def ordered_sum(terms):
    """The sum of `terms` in their order, one rounding per addition.

    The decision sums are not matrix products: a BLAS product may fuse a multiply with an add
    (OpenBLAS does on AVX-512 machines), so that x a + x (-a) is the rounding error of x a rather
    than 0, and a tie the engine keeps (an exact zero, a complementary pattern's exact negative)
    became a pulse on some machines and not on others.
    """
    terms = iter(terms)
    total = np.array(next(terms), dtype=np.float64)
    for term in terms:
        total += term
    return total


def column_currents(voltages, conductance):
    """I_c = sum_j V_j G_jc for each pattern: (P, N) x (..., N, C) -> (..., P, C), amperes.

    Summed in row order (as the engine sums), so that equal columns give equal currents and a
    complementary pattern's current is exactly the negative, on any machine.
    """
    V = np.asarray(voltages, dtype=np.float64)
    G = np.asarray(conductance, dtype=np.float64)
    return ordered_sum(V[:, j, None] * G[..., j, None, :] for j in range(V.shape[1]))


def logic_current(column_current):
    """I_i = I_(2i) - I_(2i+1): the differential pair's output, (..., P, C) -> (..., P, M)."""
    return column_current[..., 0::2] - column_current[..., 1::2]


def activation(logic_current, beta):
    """f_i = tanh(beta I_i)."""
    return np.tanh(beta * logic_current)


def meets_targets(f, labels, target_high, target_low):
    """True where f > t+ for label 1, f < t- for label 0 (strict)."""
    return np.where(labels == 1, f > target_high, f < target_low)


def total_error(f, labels, target_high, target_low):
    """sum_n sum_i [label 1: max(0, t+ - f)] + [label 0: max(0, f - t-)] over the last two axes."""
    e = np.where(labels == 1, np.maximum(0.0, target_high - f), np.maximum(0.0, f - target_low))
    return e.sum(axis=(-2, -1))


def error_signal(f, logic_current, labels, beta, target_high, target_low):
    """delta_i(n) = (f^g_i(n) - f_i(n)) beta / cosh^2(beta I_i(n)), f^g = t+ or t- by label."""
    goal = np.where(labels == 1, target_high, target_low)
    return (goal - f) * beta / np.cosh(beta * logic_current) ** 2


def manhattan_update(delta, voltages):
    """Delta W_ji = sgn sum_n delta_i(n) V_j(n): +1 pulses G+, -1 pulses G-, 0 neither.

    (..., P, M) and (P, N) -> int8 (..., N, M).
    """
    return np.sign(update_sums(delta, voltages)).astype(np.int8)


def update_sums(delta, voltages):
    """sum_n delta_i(n) V_j(n), in pattern order: (..., P, M) and (P, N) -> (..., N, M), V/A."""
    V = np.asarray(voltages, dtype=np.float64)
    delta = np.asarray(delta, dtype=np.float64)
    return ordered_sum(V[n, :, None] * delta[..., n, None, :] for n in range(V.shape[0]))


def apply_pulses(pulse_count, update):
    """One pulse to G+ of (j, i) where the update is +1, to G- where it is -1."""
    m = np.array(pulse_count, copy=True)
    m[..., 0::2] += update > 0
    m[..., 1::2] += update < 0
    return m


def predict(f, target_high, target_low):
    """Per neuron 1 where f > t+, 0 where f < t-, -1 (undecided) in between."""
    return np.where(f > target_high, 1, np.where(f < target_low, 0, -1)).astype(np.int8)


def manhattan_step(curve, pulse_count, offsets, voltages, labels, setting):
    """Every intermediate of one epoch, from the pulse counts to the pulses it sends.

    Returns
    -------
    dict
        ``conductance`` (N, C) S, ``column_current`` (P, C) A, ``logic_current`` (P, M) A,
        ``activation`` (P, M), ``meets_targets`` (P, M) bool, ``total_error`` float,
        ``delta`` (P, M) 1/A, ``summed`` (N, M) V/A (sum_n delta_i(n) V_j(n)),
        ``update`` (N, M) int8 and ``pulse_count_after`` (N, C).
    """
    s = setting
    G = conductance(curve, pulse_count, offsets, s.gain)
    columns = column_currents(voltages, G)
    current = logic_current(columns)
    f = activation(current, s.beta)
    delta = error_signal(f, current, labels, s.beta, s.target_high, s.target_low)
    summed = update_sums(delta, voltages)
    update = np.sign(summed).astype(np.int8)
    return {
        "conductance": G,
        "column_current": columns,
        "logic_current": current,
        "activation": f,
        "meets_targets": meets_targets(f, labels, s.target_high, s.target_low),
        "total_error": float(total_error(f, labels, s.target_high, s.target_low)),
        "delta": delta,
        "summed": summed,
        "update": update,
        "pulse_count_after": apply_pulses(pulse_count, update),
    }


def current_limit(device, setting, lo, hi, n_inputs=4):
    """Largest logic current |I| a crossbar can produce, A.

    Each term V_j (G+ - G-) is at most max|V| · K (window + hi - lo): one device
    of the pair fully potentiated with the largest offset, the other fresh with
    the smallest. With N inputs: N max|V| K (window + hi - lo).
    """
    v = max(abs(setting.v_one), abs(setting.v_zero))
    return n_inputs * v * setting.gain * (device.window + (hi - lo))


def target_currents(setting):
    """Logic currents at which f = tanh(beta I) reaches the targets: (artanh(t+) / beta, artanh(t-) / beta), A.

    A pattern labelled 1 needs I above the first, one labelled 0 needs I below the second.
    """
    return (float(np.arctanh(setting.target_high) / setting.beta),
            float(np.arctanh(setting.target_low) / setting.beta))


def window_and_spread(device, gain, lo, hi):
    """What pulses can add to a device's conductance against what offsets spread it by, S.

    Returns
    -------
    dict
        ``window`` = K (max g - g(0)), the most that pulses can add to one device;
        ``spread`` = K (hi - lo), the largest offset difference between two devices;
        ``ratio`` = window / spread, which K does not change (it scales both).
    """
    window = gain * device.window
    spread = gain * (hi - lo)
    return {"window": window, "spread": spread, "ratio": window / spread if spread > 0 else float("inf")}


def fixed_sign_pairs(offsets, window):
    """True for each G+/G- pair whose weight sign no pulse can change: |s+ - s-| > window.

    The pulses add at most the window max g - g(0) to either device of the pair,
    so W = K (g(m+) - g(m-) + s+ - s-) keeps the sign of s+ - s- whatever the
    pulse counts when the offsets differ by more than the window.

    Parameters
    ----------
    offsets : ndarray (..., N, C), S
    window : float
        max g - g(0) of the device curve, S (``DeviceCurve.window``).

    Returns
    -------
    ndarray of bool (..., N, M)
    """
    offsets = np.asarray(offsets)
    return np.abs(offsets[..., 0::2] - offsets[..., 1::2]) > window


def squared_error(weights, voltages, labels, setting):
    """E = 1/2 sum_n sum_i (f^g_i(n) - f_i(n))^2 with f = tanh(beta sum_j V_j(n) W_ji).

    The cost whose gradient the Manhattan rule follows; `weights` (..., N, M) in S,
    `voltages` (P, N) in V, `labels` (P, M). f^g = t+ for label 1, t- for label 0.
    """
    s = setting
    f = activation(column_currents(voltages, weights), s.beta)
    goal = np.where(labels == 1, s.target_high, s.target_low)
    return 0.5 * np.sum((goal - f) ** 2, axis=(-2, -1))


def squared_error_gradient(weights, voltages, labels, setting):
    """dE/dW_ji = -sum_n delta_i(n) V_j(n), delta from :func:`error_signal`, shape (..., N, M), 1/S.

    The Manhattan rule's update is the sign of minus this gradient.
    """
    s = setting
    current = column_currents(voltages, weights)
    f = activation(current, s.beta)
    delta = error_signal(f, current, labels, s.beta, s.target_high, s.target_low)
    return -update_sums(delta, voltages)


def train_reference(curve, offsets, voltages, labels, setting):
    """One crossbar trained by a plain loop over epochs: the readable reference.

    Parameters
    ----------
    curve : ndarray (L,)
    offsets : ndarray (N, C)
    voltages : ndarray (P, N)
    labels : ndarray (P, M)
    setting : TrainingSetting

    Returns
    -------
    converged : bool
    epochs : int
        Update epochs applied.
    pulse_count : ndarray of int (N, C)
    """
    s = setting
    m = np.zeros(np.shape(offsets), dtype=np.int64)
    epochs = 0
    while True:
        G = conductance(curve, m, offsets, s.gain)
        current = logic_current(column_currents(voltages, G))
        f = activation(current, s.beta)
        if meets_targets(f, labels, s.target_high, s.target_low).all():
            return True, epochs, m
        if epochs == s.max_epochs:
            return False, epochs, m
        delta = error_signal(f, current, labels, s.beta, s.target_high, s.target_low)
        m = apply_pulses(m, manhattan_update(delta, voltages))
        epochs += 1


def visited_conductance(curve, pulse_count, offsets, gain):
    """(lowest, highest) conductance the devices of each crossbar passed through, S: (B, N, C) -> (B,), (B,).

    A device pulsed m times went through g(0) ... g(m) (the reference model), so its conductances
    were K (g(k) - g(0) + s) for k = 0 ... min(m, L-1): the running minimum and maximum of the
    curve give them without replaying the run.
    """
    curve = np.asarray(curve)
    rise = curve - curve[0]
    m = np.minimum(np.asarray(pulse_count), curve.size - 1)
    s = np.asarray(offsets)
    with np.errstate(all="ignore"):  # an overflowing gain gives an infinite conductance, reported as such
        low = gain * (np.minimum.accumulate(rise)[m] + s)
        high = gain * (np.maximum.accumulate(rise)[m] + s)
    B = low.shape[0]
    n = -1 if low.size else 0
    return low.reshape(B, n).min(axis=1, initial=np.inf), high.reshape(B, n).max(axis=1, initial=-np.inf)
