"""``python -m crossbar device``: what a device file holds, before anything is trained on it.

What the loader read (format, delimiter, values and their unit, cycles, points), the window and
the scale factor settings get on it, the noise its cycles show, and each law's fit to each branch
with the parameters that ended at a bound: a device engineer's first look at a measurement.
"""

from __future__ import annotations

import warnings

from ..devices import laws, measured_noise
from ..networks.energy import EnergyModel
from ..numbers import printable
from ..training.units import reference_window, scale_factor
from .guard import json_text
from .options import add_device_argument, add_outlier_option, device_from_args

__all__ = ["add_parser", "device_report"]

# The laws fitted to each branch; a depression branch gets the laws that have a falling form.
_FITS = {"stretched exponential": (laws.fit_saturating, False), "NeuroSim": (laws.fit_neurosim, True),
         "soft bounds": (laws.fit_soft_bounds, True), "power law": (laws.fit_power_law, None)}


def add_parser(sub):
    p = sub.add_parser("device", help="what a device file holds: cycles, window, noise, law fits",
                       description="Read a device file (or preset) and report what was read, its window and the "
                                   "scale factor of settings on it, the noise its cycles show and the fit of each "
                                   "law to each branch.")
    g = p.add_argument_group("device")
    add_device_argument(g)
    add_outlier_option(g)
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(handler=_device)


def _fits(branch, depression):
    """{law: fit} of one branch; each fit's at_bound says what its LawFitWarning would."""
    out = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", laws.LawFitWarning)
        for name, (fit, falls) in _FITS.items():
            if falls is None:  # any direction: the power law's amplitude takes the sign
                out[name] = fit(branch)
            elif falls:
                out[name] = fit(branch, depression=depression)
            elif not depression:
                out[name] = fit(branch)
    return out


def _reading(meta):
    """What the loader read of one file: its layout, values and their unit, cycles."""
    keys = ("encoding", "delimiter", "header", "units", "values", "columns", "pulses", "decimal", "read_voltage",
            "notes", "cycles", "cycle_column", "cycle_block", "branch_gap", "directions")
    return {k: meta[k] for k in keys if k in meta}


def _noise_source(noise, two_way):
    """Which cycles a noise was measured from, for the text report."""
    counts = noise.get("branches") or {"potentiation": noise["cycles"]}
    if two_way and len(counts) == 1:
        (branch, n), = counts.items()
        other = "depression" if branch == "potentiation" else "potentiation"
        return f"{n} cycles of the {branch} branch (the {other} branch has one)"
    if len(counts) == 2 and counts["potentiation"] != counts["depression"]:
        return f"{counts['potentiation']} potentiation and {counts['depression']} depression cycles, pooled"
    return f"{noise['cycles']} cycles"


def device_report(device) -> dict:
    """What `python -m crossbar device` reports, as a JSON-ready dict."""
    meta = device.metadata
    read = _reading(meta)
    if "depression_metadata" in meta:  # a second file: its unit and cycles are its own
        read["depression"] = {"file": meta["depression_file"], **_reading(meta["depression_metadata"])}
    record = {
        "device": device.describe(),
        "read": read,
        "window": device.window, "reference_window": reference_window(), "scale": scale_factor(device),
        "low": device.low, "high": device.high,
    }
    try:  # the write pulses a network's energy charges: both, where the data give a depressing one (probe 12a, E1)
        record["write_pulses"] = EnergyModel.of(device).describe()
    except ValueError as exc:  # pulse rows too far apart for one voltage: the curve is read, the energy refused
        record["write_pulses"] = {"refused": str(exc)}
    try:
        record["noise"] = measured_noise(device).as_dict()
    except ValueError:
        record["noise"] = None
    branches = {"potentiation": device.conductance}
    if device.two_way:
        branches["depression"] = device.depression
    record["fits"] = {}
    record["fit_misfit"] = None
    for branch, g in branches.items():
        if g.size < 5:
            continue
        fits = _fits(g, branch == "depression")
        if branch == "potentiation" and "c2c" not in meta:
            # calibrated_c2c's misfit, from the fit just made: fitting 200,000 points took 40 s a time
            record["fit_misfit"] = fits["stretched exponential"].noise / device.window
        record["fits"][branch] = {name: {"noise": f.noise, "at_bound": list(f.at_bound), "summary": f.summary(),
                                         **({"nl": f.nl} if isinstance(f, laws.NeuroSimFit) else {})}
                                  for name, f in fits.items()}
    return record


def _device(args):
    device = device_from_args(args)
    record = device_report(device)
    if args.json:
        print(json_text(record))
        return 0
    read = record["read"]
    lines = [f"device     {printable(device.name)} ({printable(device.source or 'in memory')}, "
             f"sha256 {device.sha256[:12]})"]
    shown = lambda reading: "; ".join(f"{k} {v}" for k, v in reading.items()
                                      if k not in ("columns", "notes", "branch_gap", "depression", "file"))
    if "depression" in read:
        lines.append(f"read       potentiation file {printable(device.source)}: {shown(read)}")
        lines.append(f"read       depression file {printable(read['depression']['file'])}: {shown(read['depression'])}")
    elif read:
        lines.append("read       " + shown(read))
    down = f", {device.depression.size} depression" if device.two_way else ""
    lines.append(f"points     {device.length} potentiation{down}; g from {device.low:.4g} to {device.high:.4g} S")
    gap = device.metadata.get("branch_gap")
    if gap:
        lines.append(f"branches   the median depression branch starts {100 * gap['of_window']:+.3g} % of the window "
                     f"from the median potentiation's top ({gap['why']}): a device pulsed down from the top takes "
                     "this step too; --cycle K gives one cycle's branches, which meet")
    f = record["scale"]
    lines.append(f"window     {device.window:.4g} S = {f:.4g} x the embedded device's {record['reference_window']:.4g} S"
                 + (": settings apply as they are" if f == 1.0 else
                    f": settings in relative units get beta / {f:.4g} and the offsets x {f:.4g}"))
    pulses = record["write_pulses"]
    lines.append("pulses     " + (f"none for the energy: {pulses['refused']}" if "refused" in pulses else
                                  "write pulses of " + EnergyModel(**pulses).pulse_text()))
    noise = record["noise"]
    if noise:
        relative = noise["relative_step_scatter"]  # None: every median step is 0
        lines.append(f"noise      from {_noise_source(noise, device.two_way)}: step scatter {100 * noise['step_scatter']:.3g} % of "
                     "the window per pulse (--c2c measured), " + (f"{100 * relative:.3g} % of the step (proportional "
                     "form)" if relative is not None else "none of the step: every median step is 0 (no proportional form)"))
    else:
        lines.append("noise      one cycle" + (" in each branch" if device.two_way else "")
                     + ": no noise can be measured from cycles")
    if record["fit_misfit"] is not None:
        lines.append(f"misfit     {100 * record['fit_misfit']:.3g} % of the window about the stretched exponential "
                     "(--c2c device)")
    for branch, fits in record["fits"].items():
        lines.append(f"fits       {branch}:")
        lines += [f"             {f['summary']}" for f in fits.values()]
    print("\n".join(lines))
    return 0
