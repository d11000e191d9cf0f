"""Gains chosen for one size of network, carried to another: each layer's gain divided by the growth
of its fan-in.

A neuron's current sums its layer's rows, so at the same conductances a layer of more rows gives
larger currents and, at the same gain, a larger beta I: the activations saturate sooner. A layer of
fewer rows gives smaller ones, and its outputs may stay between the targets. :func:`fan_in_gains`
keeps beta I of the size it had where the gains were chosen by scaling each gain with
(the layer's rows where they were chosen) / (its rows here), bias rows included. It is a rule, not a
search: the networks chapter uses it to carry the gains searched on the 8 x 8 digits with 32 hidden
neurons to other widths and to MNIST.
"""

from __future__ import annotations

from ..numbers import instance, integer
from ..training import TrainingSetting

__all__ = ["fan_in_gains"]


def _rows(value, name):
    value = integer(value, name, "a count of rows >= 1 (bias row included)")
    if value < 1:
        raise ValueError(f"{name} = {value}: expected a count of rows >= 1 (bias row included)")
    return value


def fan_in_gains(setting, inputs, searched_inputs, searched_hidden):
    """`setting` (a network: hidden >= 1) with the gains chosen for a network of `searched_inputs`
    input rows and `searched_hidden` hidden neurons, carried to its own size, `inputs` input rows
    (the task's, bias row included: ``PatternSet.n_inputs``) and ``setting.hidden`` neurons.

    The hidden gain is multiplied by searched_inputs / inputs (the first crossbar's rows), the
    output gain by (searched_hidden + 1) / (setting.hidden + 1) (the output crossbar's, with its
    bias row). A layer whose rows did not change keeps its gain as it is (no rounding); a hidden
    gain of 0 ("the same as beta") is first made the output gain it stood for, so that it does
    not follow the output gain's change. TypeError / ValueError naming the argument otherwise.
    """
    instance(setting, TrainingSetting, "setting")
    if setting.hidden < 1:
        raise ValueError(f"setting.hidden = {setting.hidden}: expected a network (hidden >= 1); one crossbar "
                         "has no hidden layer to carry gains to")
    inputs = _rows(inputs, "inputs")
    searched_inputs = _rows(searched_inputs, "searched_inputs")
    searched_hidden = integer(searched_hidden, "searched_hidden", "a count of hidden neurons >= 1")
    if searched_hidden < 1:
        raise ValueError(f"searched_hidden = {searched_hidden}: expected a count of hidden neurons >= 1")
    hidden_beta, beta = setting.effective_hidden_beta, setting.beta
    if inputs != searched_inputs:
        hidden_beta = hidden_beta * searched_inputs / inputs
    if setting.hidden != searched_hidden:
        beta = beta * (searched_hidden + 1) / (setting.hidden + 1)
    return setting.replace(hidden_beta=hidden_beta, beta=beta)
