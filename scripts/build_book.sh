#!/usr/bin/env bash
# Build the book into _build/html from a fresh clone, without network at page-view time.
#
#   1. offline JavaScript: MathJax 3, require.js and the ipywidgets HTML manager from npm
#      (package-lock.json) are copied into book/_assets/js/ (generated, git-ignored);
#   2. every book/NN_name.ipynb is executed by papermill into _build/executed/NN_name.ipynb
#      with the venv's kernel, stopping at the first failure;
#   3. jupyter-book renders the executed copies (it never executes anything itself);
#   4. the path of _build/html/index.html is printed.
#
# Environment:
#   PYTHON       venv interpreter (default .venv/bin/python)
#   BOOK_PARAMS  extra papermill arguments passed to every notebook, shell-quoted,
#                e.g. BOOK_PARAMS="-p trials 2000 -p seed 7"
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
PYTHON=${PYTHON:-.venv/bin/python}
KERNEL=crossbar
EXECUTED=_build/executed
ASSETS=book/_assets/js

if ! "$PYTHON" -c 'import jupyter_book, papermill' 2>/dev/null; then
    echo "build_book.sh: '$PYTHON' cannot import jupyter_book and papermill;" \
         "create the venv from requirements.txt or set PYTHON" >&2
    exit 1
fi
bin_dir=$(dirname "$("$PYTHON" -c 'import sys; print(sys.executable)')")

# --- 1. offline JavaScript ------------------------------------------------------------
if [[ ! -f node_modules/.package-lock.json ]] || [[ package-lock.json -nt node_modules/.package-lock.json ]]; then
    echo "== installing offline JavaScript (npm ci)"
    npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
fi
rm -rf "$ASSETS"
mkdir -p "$ASSETS/mathjax/output/chtml/fonts" "$ASSETS/mathjax/input/tex"
mj=node_modules/mathjax
cp "$mj/es5/tex-chtml.js" "$mj/LICENSE" "$ASSETS/mathjax/"
cp -r "$mj/es5/output/chtml/fonts/woff-v2" "$ASSETS/mathjax/output/chtml/fonts/"
# TeX packages that MathJax autoloads on first use (\boldsymbol, \cancel, mathtools, ...)
cp -r "$mj/es5/input/tex/extensions" "$ASSETS/mathjax/input/tex/"
cp node_modules/requirejs/require.js "$ASSETS/"
# The widget manager keeps its npm path: it locates its icon fonts relative to its AMD
# module name, resolved against the RequireJS baseUrl set by require-config.js.
wm=@jupyter-widgets/html-manager/dist
mkdir -p "$ASSETS/$wm"
cp node_modules/$wm/embed-amd.js node_modules/$wm/*.woff2 "$ASSETS/$wm/"
cat > "$ASSETS/require-config.js" <<'JS'
// Written by scripts/build_book.sh. Loaded before require.js: a global `require` object is
// RequireJS's configuration. Module names resolve inside this folder (not next to the page),
// and widget modules not bundled with the manager are looked up, offline, under
// widget-modules/<name>@<version>/dist/index.js (see data-jupyter-widgets-cdn in _config.yml).
var require = { baseUrl: document.currentScript.src.replace(/[^/]*$/, "") };
JS

# --- 2. execute the chapters ----------------------------------------------------------
# A named kernel whose argv is this venv's python (absolute), so papermill never picks up
# another interpreter from PATH.
"$PYTHON" -m ipykernel install --sys-prefix --name "$KERNEL" \
    --display-name "Python (crossbar)" >/dev/null

extra=()
if [[ -n "${BOOK_PARAMS:-}" ]]; then
    mapfile -t extra < <("$PYTHON" -c 'import shlex, sys; print("\n".join(shlex.split(sys.argv[1])))' "$BOOK_PARAMS")
fi

shopt -s nullglob
notebooks=(book/[0-9][0-9]_*.ipynb)
if (( ${#notebooks[@]} == 0 )); then
    echo "build_book.sh: no chapter notebooks book/NN_name.ipynb found" >&2
    exit 1
fi
# Start clean: a chapter whose source was removed must not survive as a stale copy.
rm -rf "$EXECUTED" _build/failed
mkdir -p "$EXECUTED"
# A cell that runs longer than CELL_TIMEOUT seconds fails the notebook. nbclient can very
# rarely miss the end of a widget cell and wait forever (nbclient issue 312), so a notebook
# that times out is executed once more; a real error is not retried.
CELL_TIMEOUT=${CELL_TIMEOUT:-300}
for nb in "${notebooks[@]}"; do
    name=$(basename "$nb")
    for attempt in 1 2; do
        echo "== executing $nb ${extra[*]:-}"
        log=$(mktemp)
        if "$PYTHON" -m papermill "$nb" "$EXECUTED/$name" \
                --kernel "$KERNEL" --cwd book --no-progress-bar --log-level WARNING \
                --execution-timeout "$CELL_TIMEOUT" ${extra[@]+"${extra[@]}"} 2> >(tee "$log" >&2); then
            rm -f "$log"
            continue 2
        fi
        sleep 0.2  # let tee finish writing the log
        if (( attempt == 1 )) && grep -q "CellTimeoutError\|Cell execution timed out" "$log"; then
            echo "build_book.sh: $nb timed out; executing it once more" >&2
            rm -f "$log"
            continue
        fi
        rm -f "$log"
        # papermill writes the partly executed notebook; keep it out of the book and nbval.
        mkdir -p _build/failed
        mv "$EXECUTED/$name" "_build/failed/$name" 2>/dev/null || true
        echo "build_book.sh: $nb failed; partly executed copy in _build/failed/$name" >&2
        exit 1
    done
done

# --- 3. render ------------------------------------------------------------------------
rm -rf _build/html/js   # html_extra_path copies over, never deletes stale assets
# --all: re-read every page, so a warning in an unchanged page still fails the build.
"$bin_dir/jupyter-book" build . --all -W -n --keep-going

# --- 4. where to look -------------------------------------------------------------------
echo "$PWD/_build/html/index.html"
