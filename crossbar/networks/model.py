"""The equations of a network of crossbar layers: reads, activations, the back-propagated error
and the Manhattan steps, on arrays with a leading trial axis B (B = 1 for one network).

A network has an input layer of N1 rows (the task's voltages, its bias row included), H hidden
neurons and M output neurons; layer l is a crossbar of N_l rows and 2 M_l columns, column 2i
the G+ device of neuron i and 2i+1 its G- device. What the hardware computes, and what is
computed here:

* **Read.** The column currents of inputs x (V) are x G; a neuron's current is the difference of
  its pair's, I_i = I_2i - I_2i+1 (with relative read noise r: + r sqrt(I+^2 + I-^2) z).
* **Hidden neurons** output a voltage, v_h = V_1 tanh(beta_h I_h), V_1 the voltage of an input
  bit 1 (so the next layer's rows see the same range of voltages as the first's), and the next
  layer gets a bias row at V_1 too.
* **Output neurons**: f_i = tanh(beta I_i), targets t+ (label 1) and t- (label 0), as the single
  crossbar.
* **Error.** delta_i = (f^g - f_i) beta / cosh^2(beta I_i) at the outputs (0 for a target met,
  with ``gated``). The hidden error is read through the output crossbar backwards, its
  weights W = G+ - G- applied to the output errors as column voltages and the row currents
  read (the crossbar's transposed product): e_h = sum_i W_hi delta_i; then delta_h =
  V_1 beta_h / cosh^2(beta_h I_h) e_h, the derivative of v_h, which the neuron circuit forms
  from its own input current. The backward read is noiseless.
* **Manhattan step** of layer l: sgn sum_n x_j(n) delta_i(n) for the batch rule (``focus``
  keeps the sums within theta of the neuron's largest), sgn(x_j(n) delta_i(n)) after each
  pattern for the online rule.
* **Pulses.** One-way: a step up potentiates G+, a step down G-. ``two-way``: a step up
  potentiates G+ and depresses G-, a step down the reverse. ``fixed`` (G_fix): G- is held, and G+
  is potentiated by a step up and depressed by a step down.
"""

from __future__ import annotations

import numpy as np

from ..training.physics import ordered_sum

__all__ = ["read", "ordered_product", "sech2", "forward", "output_error", "hidden_error", "batch_step", "online_step",
           "pulses_of", "classification", "answers"]


def read(x, G, read_noise=0.0, z=None, ordered=False):
    """Neuron currents (B, P, M) of inputs x (B, P, N) through conductances G (B, N, 2M); `ordered`:
    the column currents of :func:`ordered_product` rather than a BLAS product (for what is reported)."""
    columns = ordered_product(x, G) if ordered else np.matmul(x, G)
    plus, minus = columns[..., 0::2], columns[..., 1::2]
    current = plus - minus
    if read_noise:
        current = current + read_noise * np.sqrt(plus * plus + minus * minus) * z
    return current


#: Elements of a block of column currents that :func:`ordered_product` sums at once (a block of trials
#: and patterns stays in cache while its N rows are added).
ORDERED_BLOCK = 2**15


def ordered_product(x, G):
    """x G, (B, P, N) x (B, N, C) -> (B, P, C), each sum taken in row order j = 0 ... N-1.

    A BLAS product sums in an order that depends on its thread count (OpenBLAS splits large
    products between its threads: an MNIST layer's currents differed in the last bit between 1 and
    2 threads, so a study run by 1-thread Dask workers and one run in process differed). The
    training loop keeps BLAS (its decisions are signs and thresholds, the same on 1 and 2 threads in
    tests/test_networks.py; every product of the loop in row order made a 400-100-10 MNIST network
    train 2.7-3.1 times as long); what a network reports is read through this product, the same on
    any thread count, at about 10 times a BLAS product's time.
    """
    B, (P, N), C = max(x.shape[0], G.shape[0]), x.shape[-2:], G.shape[-1]
    out = np.empty((B, P, C))
    trials, patterns = max(1, ORDERED_BLOCK // (P * C or 1)), max(1, min(P, ORDERED_BLOCK // (C or 1)))
    for b in range(0, B, trials):
        xb, Gb = (a if a.shape[0] == 1 else a[b:b + trials] for a in (x, G))
        for p in range(0, P, patterns):
            xp = xb[:, p:p + patterns]
            out[b:b + trials, p:p + patterns] = ordered_sum(xp[..., j, None] * Gb[..., j, None, :] for j in range(N))
    return out


def sech2(x):
    """1 / cosh^2 x, 0 far out (numpy's cosh overflows there, the result underflows anyway)."""
    with np.errstate(over="ignore"):
        return (1.0 / np.cosh(x)) ** 2


def forward(x, conductances, setting, read_noise=0.0, z=None, ordered=False):
    """(inputs of each layer, currents of each layer, output activations f) of a network.

    `conductances` is [G_1] (no hidden layer) or [G_1, G_2]; `z` the read-noise normals per layer
    (or None); `ordered`: reads by :func:`ordered_product`. Returns lists over the layers, and f (B, P, M).
    """
    v1 = setting.v_one
    inputs, currents = [x], []
    for layer, G in enumerate(conductances):
        current = read(inputs[-1], G, read_noise, None if z is None else z[layer], ordered)
        currents.append(current)
        if layer < len(conductances) - 1:
            h = v1 * np.tanh(setting.effective_hidden_beta * current)
            bias = np.full(h.shape[:-1] + (1,), v1)
            inputs.append(np.concatenate([h, bias], axis=-1))
    return inputs, currents, np.tanh(setting.beta * currents[-1])


def answers(f, labels, setting):
    """met (B, P, M): whether each output meets its target."""
    return np.where(labels == 1, f > setting.target_high, f < setting.target_low)


def output_error(f, current, labels, setting):
    """delta of the output neurons (B, P, M), 0 for met targets with ``gated``."""
    goal = np.where(labels == 1, setting.target_high, setting.target_low)
    delta = (goal - f) * setting.beta * sech2(setting.beta * current)
    if setting.gated:
        delta = np.where(answers(f, labels, setting), 0.0, delta)
    return delta


def hidden_error(delta_out, G_out, hidden_current, setting):
    """delta of the hidden neurons (B, P, H): the output errors read back through the output
    crossbar's weights of the hidden rows, times the derivative of the hidden voltage."""
    weights = G_out[..., 0::2] - G_out[..., 1::2]  # (B, H + 1, M)
    back = np.matmul(delta_out, np.swapaxes(weights[:, :-1, :], -1, -2))
    beta_h = setting.effective_hidden_beta
    return setting.v_one * beta_h * sech2(beta_h * hidden_current) * back


def batch_step(x, delta, focus=0.0):
    """Manhattan steps (B, N, M) in {-1, 0, 1}: sgn sum_n x_j(n) delta_i(n), with ``focus`` theta
    keeping only the sums within theta of the neuron's largest."""
    summed = np.matmul(np.swapaxes(x, -1, -2), delta)
    if focus:
        largest = np.abs(summed).max(axis=-2, keepdims=True)
        summed = np.where(np.abs(summed) >= focus * largest, summed, 0.0)
    return np.sign(summed).astype(np.int64)


def online_step(x, delta):
    """Manhattan steps (B, N, M) of one pattern: sgn(x_j delta_i), x (B, N), delta (B, M) (the
    signs multiplied: a product of two small numbers could underflow where its sign does not)."""
    return (np.sign(x)[..., :, None] * np.sign(delta)[..., None, :]).astype(np.int64)


def pulses_of(step, setting):
    """Pulses (B, N, 2M) of Manhattan steps (B, N, M): +1 potentiates, -1 depresses a device."""
    pulses = np.zeros(step.shape[:-1] + (2 * step.shape[-1],), np.int64)
    if setting.fixed:
        pulses[..., 0::2] = step
    elif setting.two_way:
        pulses[..., 0::2] = step
        pulses[..., 1::2] = -step
    else:
        pulses[..., 0::2] = step > 0
        pulses[..., 1::2] = step < 0
    return pulses


def classification(f, labels):
    """Fraction of patterns whose largest output is the labelled class, per trial (B,)."""
    return (f.argmax(axis=-1) == labels.argmax(axis=-1)).mean(axis=-1)
