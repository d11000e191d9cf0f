"""Gains chosen for one size of network carried to another (crossbar.networks.fan_in_gains): the
rule the networks chapter applies to its width sweep and to MNIST, one function for both."""

import pytest

import crossbar
from crossbar.networks import fan_in_gains
from crossbar.tasks import digits

TRAIN, _ = digits(per_class=2)
NET = crossbar.NETWORK.replace(rule="gated", hidden=32, hidden_beta=3e6, beta=3e6)


def test_a_narrower_hidden_layer_gets_an_output_gain_larger_by_its_fan_ins_shrink():
    # H = 8: the output crossbar has 9 rows against the search's 33, so its currents are ~9/33 as large
    narrow = fan_in_gains(NET.replace(hidden=8), TRAIN.n_inputs, TRAIN.n_inputs, 32)
    assert narrow.beta == pytest.approx(3e6 * 33 / 9) and narrow.hidden_beta == 3e6
    wide = fan_in_gains(NET.replace(hidden=64), TRAIN.n_inputs, TRAIN.n_inputs, 32)
    assert wide.beta == pytest.approx(3e6 * 33 / 65) and wide.hidden == 64


def test_the_searched_size_keeps_its_gains_exactly():
    beta = 3e6 * 1.1  # a value that x 33 / 33 might not give back in the last bit
    setting = NET.replace(beta=beta, hidden_beta=beta / 7)
    assert fan_in_gains(setting, 65, 65, 32) == setting


def test_mnist_gets_the_gains_the_chapter_computed_by_hand_bit_for_bit():
    # the networks chapter's MNIST network before this function: 65 -> 401 rows, 33 -> 101
    m_net = fan_in_gains(NET.replace(hidden=100), 401, 65, 32)
    assert m_net.hidden_beta == NET.hidden_beta * 65 / 401
    assert m_net.beta == NET.beta * 33 / 101


def test_a_hidden_gain_of_zero_keeps_the_value_it_stood_for():
    setting = NET.replace(hidden_beta=0.0, hidden=8)  # 0: the hidden neurons use beta
    carried = fan_in_gains(setting, 65, 65, 32)
    assert carried.effective_hidden_beta == 3e6 and carried.beta == pytest.approx(3e6 * 33 / 9)


@pytest.mark.parametrize("args, error, name", [
    ((NET.replace(hidden=0), 65, 65, 32), ValueError, "setting.hidden"),
    ((NET, 0, 65, 32), ValueError, "inputs"),
    ((NET, 65, 65.0, 32), ValueError, "searched_inputs"),
    ((NET, 65, 65, 0), ValueError, "searched_hidden"),
    ((NET, "65", 65, 32), TypeError, "inputs"),
    (("network", 65, 65, 32), TypeError, "setting"),
])
def test_what_it_refuses_names_the_argument(args, error, name):
    with pytest.raises(error, match=name):
        fan_in_gains(*args)
