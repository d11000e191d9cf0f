"""Which loops of the engine's epoch LLVM turned into vector code, read off the compiler.

    python benchmarks/vector_report.py

Compiles the kernel afresh (a temporary numba cache, with line numbers and LLVM's
loop-vectoriser remarks switched on) for the diagonals task, in kinds of run that together
cover its loops (each kind compiles only its own code, see ``kernel._compiled``). It then
prints, for every loop of the functions that one epoch of a block runs (``_epoch`` and
``_apply_pulses`` in crossbar/training/kernel.py for the reference model, ``_apply_general``
and ``_online_epoch`` for the general model and the online rule; ``-v`` adds LLVM's reasons
for the scalar loops), whether LLVM vectorised it and how wide, with the loop's source line;
and, from the assembly, how many instructions work on packed vectors of doubles and which
registers they use.
"""

import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

KERNEL = Path(__file__).resolve().parents[1] / "crossbar" / "training" / "kernel.py"
#: The functions one epoch runs: the reference model's, then the general model's and the online rule's.
NAMES = ("_epoch", "_apply_pulses", "_apply_general", "_online_epoch")

CHILD = r"""
import llvmlite.binding as llvm
llvm.set_option("", "--pass-remarks=loop-vectorize")
llvm.set_option("", "--pass-remarks-missed=loop-vectorize")
llvm.set_option("", "--pass-remarks-analysis=loop-vectorize")
import re, numpy as np, crossbar, crossbar.devices
from crossbar.training import kernel
O = crossbar.sample_offsets(crossbar.REFERENCE_OFFSETS, seed=0, trials=1)  # zeros are refused: G = 0 S
crossbar.train_batch(crossbar.default_device(), O)
every_knob = crossbar.devices.Nonidealities(c2c=0.01, window_spread=0.1, nonlinearity_spread=0.1, stuck_low=0.01,
                                    stuck_high=0.01, read_noise=0.01)
crossbar.train_batch(crossbar.devices.preset("ag-si"), O, crossbar.DEFAULT.replace(rule="two-way"),
                     nonideal=every_knob)
crossbar.train_batch(crossbar.devices.preset("ag-si"), O, crossbar.DEFAULT.replace(rule="online"))
# each kind of run compiles only its own code: the focus and the online rule with read noise too
crossbar.train_batch(crossbar.default_device(), O, crossbar.DEFAULT.replace(rule="focused"))
crossbar.train_batch(crossbar.default_device(), O, crossbar.DEFAULT.replace(rule="online"),
                     nonideal=every_knob)
for name in NAMES:  # the function, and the copies compiled for each kind of run (kernel._compiled)
    fn = getattr(kernel, name)
    compiled = [fn] + [copy for (copied, _), copy in kernel.COPIES.items() if copied == name]
    asm = "\n".join(f.inspect_asm(sig) for f in compiled for sig in f.signatures)
    body = re.findall(r"^\s+(v[a-z0-9]+)\s+(.*)$", asm, re.M)
    packed = sum(op.endswith("pd") and ("ymm" in args or "zmm" in args) for op, args in body)
    width = "zmm (512-bit)" if "zmm" in asm else "ymm (256-bit)" if "ymm" in asm else "xmm (128-bit)"
    print(f"ASM {name} {packed} {width}")
"""


def _function_lines(source, name):
    """(first, last) line numbers of a top-level function in kernel.py."""
    lines = source.splitlines()
    start = next(i for i, line in enumerate(lines, 1) if line.startswith(f"def {name}("))
    end = next((i for i, line in enumerate(lines[start:], start + 1)
                if line and not line[0].isspace() and not line.startswith(")")), len(lines))
    return start, end - 1


def _innermost(lines, n):
    """Whether the loop on line n (1-based) has no loop in its body."""
    indent = len(lines[n - 1]) - len(lines[n - 1].lstrip())
    for line in lines[n:]:
        if line.strip() and len(line) - len(line.lstrip()) <= indent:
            return True
        if line.strip().startswith("for "):
            return False
    return True


def main():
    with tempfile.TemporaryDirectory() as cache:
        env = dict(os.environ, NUMBA_CACHE_DIR=cache, NUMBA_DEBUGINFO="1")
        out = subprocess.run([sys.executable, "-c", f"NAMES = {NAMES!r}\n" + CHILD], env=env, capture_output=True, text=True, check=True)
    source = KERNEL.read_text()
    lines = source.splitlines()
    verdicts = {}
    for match in re.finditer(r"kernel\.py:(\d+):\d+: (vectorized loop \(vectorization width: (\d+)[^)]*\))", out.stderr):
        verdicts.setdefault(int(match.group(1)), int(match.group(3)))
    if "-v" in sys.argv:  # why the others were not
        for match in re.finditer(r"kernel\.py:(\d+):\d+: loop not vectorized: (.*)", out.stderr):
            if match.group(2).startswith("instruction cannot"):
                continue
            print(f"  line {match.group(1)}: {match.group(2)[:150]}")
    for name in NAMES:
        first, last = _function_lines(source, name)
        loops = [n for n in range(first, last + 1) if re.match(r"\s+for \w+ in range\(", lines[n - 1])]
        loops = [n for n in loops if _innermost(lines, n)]
        done = [n for n in loops if n in verdicts]
        print(f"{name}: {len(done)} of its {len(loops)} innermost loops vectorised")
        for n in loops:
            verdict = f"{verdicts[n]} doubles per instruction" if n in verdicts else "scalar"
            print(f"  line {n:4d}  {lines[n].strip()[:48]:<50} {verdict}")
    for line in out.stdout.splitlines():
        _, name, packed, width = line.split(" ", 3)
        print(f"{name}: {packed} instructions on packed doubles; widest registers: {width}")
    import llvmlite.binding as llvm

    features = sorted(k for k, v in llvm.get_host_cpu_features().items() if v and k.startswith("avx"))
    print(f"host CPU: {llvm.get_host_cpu_name()}; vector extensions: {', '.join(features) or 'none'}")


if __name__ == "__main__":
    main()
