"""Networks of crossbar layers: the fast path against the per-network reference, pulse for pulse;
the energy, the data, the command line and what a hidden layer does on the digits."""

import json
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import crossbar
from crossbar.devices import DeviceCurve, Nonidealities, preset
from crossbar.networks import EnergyModel, network_reference, train_networks
from crossbar.networks.layers import switch_positions
from crossbar.tasks import PatternSet, digits, mnist
from crossbar.training.reference import switch_position

ROOT = Path(__file__).resolve().parents[1]
AG = preset("ag-si")
TAOX = preset("taox-hfox")
SHORT_AG = DeviceCurve(AG.conductance[::12], name="ag-si-short", depression=AG.depression[::12])
# A small task: 3 bits and a bias row, 2 neurons, 6 patterns.
SMALL = PatternSet([[0, 0, 1], [0, 1, 1], [1, 0, 1], [1, 1, 0], [0, 1, 0], [1, 1, 1]],
                   [[1, 0], [0, 1], [0, 1], [1, 0], [1, 0], [0, 1]], "small").with_bias()
BASE = crossbar.NETWORK.replace(hidden=5, max_epochs=15)
CASES = {
    "batch": (BASE, TAOX, crossbar.NONE),
    "gated+focus": (BASE.replace(rule="gated+focus=0.5"), TAOX, crossbar.NONE),
    "online": (BASE.replace(rule="online", max_epochs=4), AG, crossbar.NONE),
    "online+gated+read": (BASE.replace(rule="online+gated", max_epochs=4), AG, Nonidealities(read_noise=0.02)),
    "two-way+c2c": (BASE.replace(rule="two-way"), AG, Nonidealities(c2c=0.03)),
    "fixed": (BASE.replace(rule="fixed"), AG, crossbar.NONE),
    "refresh+static": (BASE.replace(rule="refresh"), SHORT_AG,
                       Nonidealities(window_spread=0.3, nonlinearity_spread=0.3, stuck_low=0.05)),
    "bounded": (BASE.replace(rule="two-way"), AG, Nonidealities(c2c=0.05, c2c_form="bounded")),
    "proportional": (BASE, TAOX, Nonidealities(c2c=0.3, c2c_form="proportional")),
    "single-layer G_fix": (crossbar.DEFAULT.replace(rule="fixed", max_epochs=15), AG, crossbar.NONE),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_the_fast_path_trains_each_network_as_the_reference_does(case):
    setting, device, nonideal = CASES[case]
    trials = np.array([3, 11, 4])
    batch = train_networks(device, setting, SMALL, nonideal=nonideal, seed=2, trials=trials)
    for b, trial in enumerate(trials):
        ref = network_reference(device, setting, SMALL, nonideal=nonideal, seed=2, trial=int(trial))
        assert (batch.epochs[b], bool(batch.converged[b])) == (ref.epochs, ref.converged), (case, trial)
        for k, G in enumerate(ref.conductances):
            np.testing.assert_array_equal(batch.conductances[k][b], G, err_msg=f"{case}, trial {trial}, layer {k}")
        assert batch.pulses[b] == sum(u.sum() for u in ref.up_counts)
        assert batch.depressions[b] == sum(d.sum() for d in ref.down_counts)
        assert (batch.resets[b], batch.bound_hits[b]) == (ref.resets, ref.bound_hits)
        assert batch.write_energy[b] == pytest.approx(ref.write_energy, rel=1e-12)
    assert batch.pulses.sum() > 0
    if "fixed" in case:
        assert batch.depressions.sum() > 0  # G+ moved both ways; its G- never did (the reference holds it)


def test_a_trial_trains_the_same_network_in_any_batch_and_group(monkeypatch):
    setting, device, nonideal = CASES["two-way+c2c"]
    whole = train_networks(device, setting, SMALL, nonideal=nonideal, seed=4, trials=np.arange(7))
    import crossbar.networks.engine as engine

    monkeypatch.setattr(engine, "GROUP_BYTES", 1)  # one network per group
    parts = train_networks(device, setting, SMALL, nonideal=nonideal, seed=4, trials=np.arange(7)[::-1])
    for name in ("epochs", "pulses", "write_energy", "test_accuracy"):
        np.testing.assert_array_equal(getattr(parts, name)[::-1], getattr(whole, name), err_msg=name)
    for k in range(2):
        np.testing.assert_array_equal(parts.conductances[k][::-1], whole.conductances[k])


def test_the_vectorised_switch_is_the_references():
    env = np.maximum.accumulate(AG.conductance - AG.conductance[0])
    rises = np.concatenate([[-1.0, 0.0, env[-1], 2 * env[-1]], np.linspace(0, env[-1], 97)])
    np.testing.assert_array_equal(switch_positions(env, rises, True),
                                  [switch_position(env, r, True) for r in rises])
    down = np.minimum.accumulate(AG.depression - AG.conductance[0])
    np.testing.assert_array_equal(switch_positions(down, rises, False),
                                  [switch_position(down, r, False) for r in rises])


def test_the_write_energy_is_neurosims_formula_by_hand():
    """One pulse per epoch to the one device that moves: V^2 (G + G') / 2 t per pulse, summed."""
    device = DeviceCurve([1e-7, 2e-7, 3e-7, 3.5e-7], name="steps")
    task = PatternSet([[1]], [[1]], "one").with_bias()
    setting = crossbar.DEFAULT.replace(hidden=1, hidden_beta=1e3, beta=1e3, max_epochs=2, rule="batch")
    energy = EnergyModel(write_voltage=1.5, write_width=1e-6)
    run = train_networks(device, setting, task, offsets=crossbar.NoOffsets(level=1e-7), energy=energy,
                         units="absolute")
    ref = network_reference(device, setting, task, offsets=crossbar.NoOffsets(level=1e-7), energy=energy,
                            units="absolute")
    assert run.write_energy[0] == pytest.approx(ref.write_energy, rel=1e-12)
    # every pulse moves a device between two of its points: energy / pulses lies between the
    # smallest and largest (G + G') / 2 of the curve (plus the offset) times V^2 t
    g = device.conductance + 1e-7
    per = run.write_energy[0] / run.pulses[0] / (1.5**2 * 1e-6)
    assert (g[0] + g[1]) / 2 <= per <= (g[-2] + g[-1]) / 2
    assert EnergyModel.of(crossbar.default_device()) == EnergyModel(2.0, 1e-3)  # the file's own pulses
    with pytest.raises(ValueError, match="EnergyModel.write_width = -1"):
        EnergyModel(write_width=-1)


def test_the_energy_says_which_write_pulse_it_assumed(tmp_path):
    """Probe 3, point 5: a CSV device's energy silently used NeuroSim's pulse."""
    assert EnergyModel.of(crossbar.default_device()).source == "the device file's header"
    (tmp_path / "d.csv").write_text("pulse,G (uS)\n" + "".join(f"{m},{1 + 0.2 * m}\n" for m in range(20)))
    csv = crossbar.load_device(tmp_path / "d.csv")
    assert EnergyModel.of(csv).describe() == {"write_voltage": 2.0, "write_width": 8e-8, "read_width": 5e-9,
                                              "source": "NeuroSim's default: the device file gives none"}
    assert EnergyModel.of(crossbar.preset("ag-si")).source == "NeuroSim's default: the device gives none"
    half = EnergyModel.of(DeviceCurve(csv.conductance, metadata={"pulse_voltage": -1.5}))
    assert (half.write_voltage, half.write_width) == (1.5, 8e-8)
    assert half.source == "pulse_voltage from the device's metadata, the other NeuroSim's default"
    text = _cli("montecarlo", "--hidden", "2", "--device", tmp_path / "d.csv", "--trials", "2", "--max-epochs", "2")
    assert "energy     assumes write pulses of 2 V, 8e-08 s each; NeuroSim's default: the device file gives none" \
        in text.stdout
    record = json.loads(_cli("montecarlo", "--hidden", "2", "--trials", "2", "--max-epochs", "2", "--json").stdout)
    assert record["energy_model"]["source"] == "the device file's header"
    assert record["energy_model"]["write_width"] == 1e-3


@pytest.mark.parametrize("metadata", [{"pulse_width": 0}, {"pulse_width": -8e-8}, {"pulse_voltage": 0.0},
                                      {"pulse_voltage": float("nan")}, {"pulse_width": float("inf")},
                                      {"pulse_width": "80 ns"}, {"pulse_voltage": True}, {"pulse_voltage": 1e4}])
def test_a_metadata_pulse_that_is_no_pulse_is_refused_not_replaced_by_neurosims(metadata):
    (key, value), = metadata.items()
    device = DeviceCurve([1e-7, 2e-7, 3e-7], metadata=metadata)
    with pytest.raises(ValueError, match=re.escape(f"device 'device': metadata {key} = {value!r}: expected")):
        EnergyModel.of(device)


def test_mnist_is_neurosims_size_and_reads_idx_files(tmp_path):
    train, test = mnist(train=300, test=100)
    assert (train.n_inputs, train.n_neurons, train.n_patterns, test.n_patterns) == (401, 10, 300, 100)
    assert 0.1 < train.bits[:, :-1].mean() < 0.4  # ink on the binarised 20 x 20 crop
    import gzip

    images = train.bits[:5, :-1].reshape(5, 20, 20).astype(np.uint8) * 255
    full = np.zeros((5, 28, 28), np.uint8)
    full[:, 4:24, 4:24] = images
    (tmp_path / "img.gz").write_bytes(gzip.compress(b"\0\0\x08\x03" + b"".join(
        int(n).to_bytes(4, "big") for n in (5, 28, 28)) + full.tobytes()))
    (tmp_path / "lab").write_bytes(b"\0\0\x08\x01" + (5).to_bytes(4, "big") + bytes([3, 1, 4, 1, 5]))
    mine, _ = mnist(train=4, test=1, images=tmp_path / "img.gz", labels=tmp_path / "lab", seed=0)
    assert mine.n_inputs == 401 and set(mine.labels.argmax(axis=1)) <= {1, 3, 4, 5}
    (tmp_path / "cut").write_bytes(b"\0\0\x08\x03" + (5).to_bytes(4, "big") * 3 + b"\0" * 10)
    with pytest.raises(ValueError, match="cut short"):
        mnist(train=1, test=1, images=tmp_path / "cut", labels=tmp_path / "lab")


def _cli(*args):
    run = subprocess.run([sys.executable, "-m", "crossbar", *args], capture_output=True, text=True, cwd=ROOT)
    assert run.returncode == 0, run.stderr
    return run


def test_a_hidden_layer_answers_the_held_out_digits_better_than_one_crossbar():
    """The issue's command: TaOx/HfOx, no offsets, 200 epochs, 20 networks."""
    common = ["montecarlo", "--task", "digits", "--device", "taox-hfox", "--offsets", "none", "--max-epochs", "200",
              "--trials", "20", "--json"]
    network = json.loads(_cli(*common, "--hidden", "32").stdout)["summary"]
    single = json.loads(_cli(*common, "--hidden", "0").stdout)["summary"]
    assert network["test_accuracy_median"] >= 0.9
    assert network["test_accuracy_median"] > single["test_accuracy_median"]
    assert network["write_energy_median"] > 0


def test_hidden_zero_is_the_single_crossbar_to_the_bit():
    offsets = crossbar.sample_offsets(seed=3, trials=50)
    plain = crossbar.train_batch(crossbar.default_device(), offsets, crossbar.DEFAULT)
    zero = crossbar.train_batch(crossbar.default_device(), offsets, crossbar.DEFAULT.replace(hidden=0))
    for name in ("converged", "epochs", "pulse_count", "conductance"):
        np.testing.assert_array_equal(getattr(plain, name), getattr(zero, name))
    assert "hidden" not in crossbar.DEFAULT.replace(hidden=0).as_dict()  # a study keeps its id


def test_networks_refuse_what_they_cannot_train():
    with pytest.raises(ValueError, match="has no depression branch"):
        train_networks(crossbar.default_device(), BASE.replace(rule="fixed"), SMALL)
    with pytest.raises(ValueError, match="fixed offset matrix fits one crossbar only"):
        train_networks(TAOX, BASE, SMALL, offsets=crossbar.FixedOffsets(np.zeros((4, 10))))
    with pytest.raises(ValueError, match="trains a network"):
        crossbar.train_batch(TAOX, np.zeros((4, 4)), BASE)
    with pytest.raises(ValueError, match="fixed already depresses G\\+"):
        crossbar.parse_rule("two-way+fixed")


def test_a_network_study_saves_and_replays_its_trials(tmp_path):
    out = tmp_path / "net"
    _cli("montecarlo", "--task", "digits", "--hidden", "8", "--device", "taox-hfox", "--max-epochs", "10",
         "--trials", "6", "--chunk-size", "4", "--out", str(out), "--quiet")
    table = crossbar.load_study(out).table
    assert table.size == 6 and not (out / "offsets").exists()
    replay = json.loads(_cli("train", "--from", str(out), "--trial", "5", "--json").stdout)
    assert replay["epochs"] == table["epochs"][5] and replay["test_accuracy"] == table["test_accuracy"][5]


def test_digits_task_is_unchanged_for_a_single_crossbar():
    train, _ = digits()
    assert (train.n_patterns, train.n_inputs, train.n_neurons) == (200, 65, 10)


def test_g_fix_starts_every_weight_near_zero_and_free_to_move_both_ways():
    """G- is held at the middle of the range; G+ starts within as many pulses of the middle as a
    network's devices start from the bottom, so no weight starts pinned at a bound."""
    from crossbar.networks.engine import initial_pulses, middle_pulses, start_positions

    u = np.linspace(0, 1, 2001)[:-1]
    for device in (TAOX, AG, preset("pcmo")):
        mid, init = middle_pulses(device), initial_pulses(device)
        rise = np.maximum.accumulate(device.conductance - device.conductance[0])
        assert rise[mid] >= 0.5 * rise[-1] > rise[mid - 1]  # the first point past the middle
        fixed = start_positions(device, BASE.replace(rule="fixed"), u)
        assert set(fixed) == set(range(max(0, mid - init), min(device.length - 1, mid + init) + 1))
        free = start_positions(device, BASE, u)
        assert set(free) == set(range(init + 1))
    train, test = digits()
    setting = crossbar.NETWORK.replace(hidden=16, max_epochs=60, hidden_beta=1e6, beta=1e7, rule="fixed")
    run = train_networks(AG, setting, train, test, trials=np.arange(4))
    assert np.all(run.test_classification > 0.6)  # 10 % is chance; G- held at the bottom gave 10 %
    assert np.all(run.depressions > 0)


def test_a_device_of_neurosims_law_by_its_labels_is_the_presets_own():
    from crossbar.devices import neurosim_device
    from crossbar.devices.presets import PRESETS

    laws = {name: p for name, p in PRESETS.items() if p is not None}  # None: the embedded device
    assert len(laws) >= 7
    for name, p in laws.items():
        made = neurosim_device(p.nl_up, p.nl_down, states=p.states, on_off=p.on_off)
        np.testing.assert_array_equal(made.conductance, preset(name).conductance, err_msg=name)
        np.testing.assert_array_equal(made.depression, preset(name).depression, err_msg=name)
    linear, bent = neurosim_device(0.01), neurosim_device(8)
    mid = linear.length // 2
    span = linear.conductance[-1] - linear.conductance[0]
    assert abs(linear.conductance[mid] - linear.conductance[0] - span / 2) < 0.01 * span  # nearly a line
    assert bent.conductance[mid] - bent.conductance[0] > 0.9 * span  # most of the rise in the first half
    with pytest.raises(ValueError, match="nl_down = 20: nonlinearity label"):
        neurosim_device(1, 20)
    with pytest.raises(ValueError, match="states = 1"):
        neurosim_device(1, states=1)


def test_the_widgets_view_is_what_its_networks_answer():
    from crossbar.views.network_views import network_view

    view = network_view("ag-si", 8, 1e6, 1e7, "gated", trials=3, per_class=10, max_epochs=8, seed=2, draw=False)
    run = view.result
    assert len(run) == 3 and view.figure is None
    np.testing.assert_allclose(view.confusion.sum(axis=1), 1.0)
    # every digit has as many test images, so the mean of the diagonal is the digits recognised
    assert np.mean(np.diag(view.confusion)) == pytest.approx(run.test_classification.mean(), abs=1e-12)
    assert f"{100 * np.median(run.test_classification):.1f}%" in view.summary
    fixed = network_view("default", 8, rule="gated+fixed", trials=2, per_class=5, max_epochs=2, draw=False)
    assert fixed.result is None and fixed.summary.startswith("not run:") and "no depression branch" in fixed.summary
    single = network_view("ag-si", 0, rule="gated", trials=2, per_class=5, max_epochs=2, draw=False)
    assert single.result is None and "0 hidden neurons" in single.summary
    one_gfix = network_view("ag-si", 0, rule="gated+fixed", trials=2, per_class=5, max_epochs=2)
    assert one_gfix.result.shapes == [(65, 20)] and one_gfix.figure is not None


def test_mnist_files_that_are_not_mnist_are_refused_in_one_line(tmp_path):
    import gzip

    header = b"\0\0\x08\x03" + b"".join(int(n).to_bytes(4, "big") for n in (5, 28, 28))
    (tmp_path / "img").write_bytes(header + bytes(5 * 784))
    (tmp_path / "lab").write_bytes(b"\0\0\x08\x01" + (5).to_bytes(4, "big") + bytes([3, 1, 4, 1, 15]))
    (tmp_path / "damaged.gz").write_bytes(gzip.compress(header + bytes(5 * 784))[:-30])
    (tmp_path / "bomb.gz").write_bytes(gzip.compress(header + bytes(257 * 2**20)))
    for images, labels, message in [
        ("/dev/zero", "lab", "/dev/zero: not a regular file"),
        (tmp_path, "lab", "not a regular file"),
        ("damaged.gz", "lab", "damaged.gz: a damaged gzip file"),
        ("bomb.gz", "lab", "bytes once unzipped, more than an MNIST file holds"),
        ("lab", "img", "lab: not an MNIST IDX file of unsigned bytes with 3 dimension(s)"),
        ("img", "lab", "lab: label 15 at item 4: expected digits 0 ... 9"),
    ]:
        with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")):
            mnist(train=3, test=1, images=tmp_path / images, labels=tmp_path / labels)


def test_what_a_network_reports_is_the_same_on_any_blas_thread_count():
    """An MNIST layer's BLAS product differs in the last bit between 1 and 2 OpenBLAS threads (a study's
    1-thread Dask workers against one run in process); what is reported is read in row order."""
    threadpoolctl = pytest.importorskip("threadpoolctl")
    from crossbar.networks import model

    rng = np.random.default_rng(5)
    x, G = rng.choice([-0.1, 0.1], (2, 100, 401)), rng.uniform(1e-8, 1e-7, (2, 401, 32))
    np.testing.assert_allclose(model.ordered_product(x, G), np.matmul(x, G), rtol=0, atol=1e-20)  # sums of ~4e-6 A
    in_order = sum(x[1, 7, j] * G[1, j, 3] for j in range(401))  # 0 + the first term, then one addition per row
    assert model.ordered_product(x, G)[1, 7, 3] == in_order
    train, test = mnist(train=100, test=200)
    setting = crossbar.NETWORK.replace(hidden=16, max_epochs=3, rule="online")
    runs = []
    for threads in (1, 2):
        with threadpoolctl.threadpool_limits(threads, "blas"):
            runs.append(train_networks(TAOX, setting, train, test, trials=np.arange(4)))
    for name in ("read_energy", "write_energy", "training_accuracy", "test_accuracy", "test_classification",
                 "pulses", "epochs"):
        np.testing.assert_array_equal(getattr(runs[0], name), getattr(runs[1], name), err_msg=name)
    for a, b in zip(runs[0].conductances, runs[1].conductances):
        np.testing.assert_array_equal(a, b)


def test_refresh_resets_are_write_pulses_in_the_energy():
    """A device at the top of its curve, pulsed up under the refresh rule: its pair's two reset pulses take
    each device back to its start (V^2 (G + G') / 2 t each), then the pulse moves it from its start."""
    from crossbar.networks.layers import Layer

    device = DeviceCurve([1e-7, 2e-7, 3e-7, 3.5e-7], name="steps")
    g = device.conductance
    shape = (1, 1, 2)
    layer = Layer(device, np.zeros(shape), (np.ones(shape), np.ones(shape), np.zeros(shape, np.int8)), 1.0,
                  start=np.array([[[3.0, 1.0]]]))
    pulses = np.array([[[1, 0]]])
    before = layer.pulse(pulses, refresh=True)
    np.testing.assert_array_equal(layer.reset[0], [[[g[3], g[1]]]])  # before the resets
    np.testing.assert_array_equal(layer.reset[1], [[[g[0], g[0]]]])  # after them
    np.testing.assert_array_equal(before, [[[g[0], g[0]]]])  # the pulse starts where the reset left it
    energy = EnergyModel(write_voltage=1.0, write_width=1.0)
    total = energy.write(before, layer.device_conductance(), pulses) + energy.write(*layer.reset)
    assert total[0] == pytest.approx((g[3] + g[0]) / 2 + (g[1] + g[0]) / 2 + (g[0] + g[1]) / 2, rel=1e-15)
    assert layer.resets[0] == 2
    layer.pulse(pulses, refresh=True)  # from the start: no reset
    assert layer.reset is None and layer.resets[0] == 2


def test_training_gives_the_same_networks_on_any_blas_thread_count():
    """The training loop reads and sums with BLAS (in row order it took 2.7-3.1 times as long on a
    400-100-10 MNIST network): at this size 1 and 2 OpenBLAS threads give products that differ in
    the last bit in most elements, and the signs and thresholds the training decides on do not."""
    threadpoolctl = pytest.importorskip("threadpoolctl")
    train, test = mnist(train=500, test=100)
    runs = []
    for setting in (crossbar.NETWORK.replace(hidden=100, max_epochs=3, rule="gated"),
                    crossbar.NETWORK.replace(hidden=8, max_epochs=20)):
        for threads in (1, 2):
            with threadpoolctl.threadpool_limits(threads, "blas"):
                runs.append(train_networks(TAOX, setting, train, test, trials=np.arange(3)))
    for first, second in (runs[:2], runs[2:]):
        assert first.pulses.min() > 0  # every network trained
        for name in ("epochs", "pulses", "depressions", "write_energy", "read_energy", "test_classification"):
            np.testing.assert_array_equal(getattr(first, name), getattr(second, name), err_msg=name)
        for a, b in zip(first.conductances, second.conductances):
            np.testing.assert_array_equal(a, b)
