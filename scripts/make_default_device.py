"""Build the embedded default device from a measured pulse-train curve.

Step 1 (needs the measurement, which the project does not ship):
    python scripts/make_default_device.py --fit ../shared/data/SP291D1NR100.dat
fits the stretched-exponential law of crossbar.fit to the measured curve and
writes the parameters, the residual noise and their provenance to
data/default_device.json.

Step 2 (always; runs from the JSON alone):
    python scripts/make_default_device.py
draws a synthetic curve g(m) = law(m) + noise * z_m (z_m standard normal,
fixed seed; z_0 = 0 so the reset state sits on the law) and writes it in the instrument format to data/default_device.dat,
labelled synthetic in its header. Re-running step 2 reproduces the file byte
for byte.
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import json
import sys
from pathlib import Path

import numpy as np

from crossbar.devices.files import DATA_DIR, DEFAULT_DEVICE_FILE, load_device, write_pulse_train
from crossbar.devices.laws import SaturatingFit, fit_saturating

PARAMETERS_FILE = DATA_DIR / "default_device.json"
SEED = 20240887  # fixed: the synthetic noise is part of the shipped device


def fit(measurement: Path) -> dict:
    device = load_device(measurement)
    law = fit_saturating(device.conductance)
    meta = device.metadata
    return {
        "description": "Embedded default device: synthetic curve drawn from a fit to one measured "
        "LSMO/Gaq3/AlOx/Co spintronic memristive device (Shumilin et al., Adv. Electron. Mater. "
        "2024, doi:10.1002/aelm.202300887). Not the measurement itself.",
        "law": "g(m) = g0 + window * (1 - exp(-(m / tau)**stretch))",
        "fit": law.as_dict(),
        "units": {"g0": "S", "window": "S", "tau": "pulses", "stretch": "1", "noise": "S"},
        "pulse_conditions": {
            "pulse_voltage_V": meta.get("pulse_voltage"),
            "pulse_width_s": meta.get("pulse_width"),
            "read_voltage_V": meta.get("read_voltage"),
            "initial_voltage_V": meta.get("initial_voltage"),
            "temperature_K": meta.get("temperature"),
        },
        "provenance": {
            "measurement_file": measurement.name,
            "measurement_sha256": hashlib.sha256(measurement.read_bytes()).hexdigest(),
            "fitted_on": datetime.date.today().isoformat(),
            "method": "scipy.optimize.curve_fit, least squares, 4 parameters; noise = residual RMS "
            "with 4 degrees of freedom removed",
            "script": "scripts/make_default_device.py",
        },
        "synthetic": {"seed": SEED, "points": law.points},
    }


def generate(parameters: dict) -> np.ndarray:
    law = SaturatingFit(**parameters["fit"])
    m = np.arange(parameters["synthetic"]["points"])
    z = np.random.default_rng(parameters["synthetic"]["seed"]).standard_normal(m.size)
    # Every conductance is taken relative to g(0) (G = K (g(m) - g(0) + s)), so noise on
    # g(0) would shift the whole curve; the reset state is anchored on the law.
    z[0] = 0.0
    return law(m) + law.noise * z


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--fit", type=Path, metavar="MEASUREMENT", help="refit data/default_device.json from this file")
    args = parser.parse_args(argv)
    if args.fit is not None:
        parameters = fit(args.fit)
        tmp = PARAMETERS_FILE.with_suffix(".json.tmp")
        tmp.write_text(json.dumps(parameters, indent=2) + "\n")
        tmp.replace(PARAMETERS_FILE)
        print(f"wrote {PARAMETERS_FILE}")
    parameters = json.loads(PARAMETERS_FILE.read_text())
    g = generate(parameters)
    cond = parameters["pulse_conditions"]
    write_pulse_train(
        DEFAULT_DEVICE_FILE, g,
        read_voltage=cond["read_voltage_V"], pulse_voltage=cond["pulse_voltage_V"],
        pulse_width=cond["pulse_width_s"], initial_voltage=cond["initial_voltage_V"],
        temperature=cond["temperature_K"],
        extra_header={
            "Synthetic": "yes - drawn from data/default_device.json by scripts/make_default_device.py",
            "Seed": parameters["synthetic"]["seed"],
        },
    )
    print(f"wrote {DEFAULT_DEVICE_FILE} ({g.size} points, synthetic)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
