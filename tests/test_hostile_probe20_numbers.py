"""Probe 20c, N2 and N3: numpy's timedelta64, which numpy registers as an integer, passed the API's number checks
and then failed in int() with "int() argument must be ... not 'datetime.timedelta'", naming no argument (54 cases);
a memoryview or bytearray was read as an array of its bytes (`wilson_interval(3, memoryview(b'1'))` was 3 of 49
trials). Each is refused naming the argument; numpy's integers and floats stay numbers."""
import numpy as np
import pytest

import crossbar

DURATION = np.timedelta64(3, "s")

SCALARS = {
    "Nonidealities.read_noise": lambda v: crossbar.Nonidealities(read_noise=v),
    "Nonidealities.c2c": lambda v: crossbar.Nonidealities(c2c=v),
    "TrainingSetting.beta": lambda v: crossbar.TrainingSetting(beta=v),
    "TrainingSetting.max_epochs": lambda v: crossbar.TrainingSetting(max_epochs=v),
    "Study.trials": lambda v: crossbar.Study(trials=v),
    "seed": lambda v: crossbar.sample_offsets(trials=2, seed=v),
    "successes": lambda v: crossbar.wilson_interval(v, 10),
}


@pytest.mark.parametrize("name", list(SCALARS))
def test_a_duration_is_no_number(name):
    with pytest.raises((TypeError, ValueError), match=name.replace(".", r"\.")) as caught:
        SCALARS[name](DURATION)
    assert "datetime.timedelta" not in str(caught.value) and "too big" not in str(caught.value)


@pytest.mark.parametrize("kind", [memoryview, bytearray])
def test_bytes_are_no_array_of_trials(kind):
    with pytest.raises(TypeError, match="trials"):
        crossbar.wilson_interval(3, kind(b"1"))


@pytest.mark.parametrize("value", [3, np.int64(3), np.uint8(3), np.int32(3)])
def test_guard_integers_stay_whole(value):
    """Guard: Python and numpy integers are whole numbers; bools and durations are not."""
    from crossbar.numbers import whole
    assert whole(value) and not whole(True) and not whole(np.bool_(True)) and not whole(DURATION)


def test_guard_numpy_numbers_are_accepted():
    """Guard: numpy scalars are numbers, as before."""
    assert crossbar.Nonidealities(read_noise=np.float32(0.01)).read_noise == pytest.approx(0.01)
    assert crossbar.Study(trials=np.int64(3)).trials == 3
    assert crossbar.wilson_interval(np.int64(3), np.int64(10)) == crossbar.wilson_interval(3, 10)
