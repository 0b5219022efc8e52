"""Do two revisions link the same? Every link, band, probability and explanation.

Refactors of the engine promise "same links"; this checks the promise against any
earlier commit. The base revision is checked out into a temporary git worktree and
both revisions link the same files in child processes (the working tree first,
then the base, with ``PYTHONPATH`` pointing at each), each writing one line per
link; the two files must be equal.

    python bench/same_links.py --base HEAD~1 --data dev-small
    python bench/same_links.py --base f0533db --data dev-large
"""

from __future__ import annotations

import argparse
import difflib
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from _measure import REPO, resolve_data

DUMP = r"""
import sys
from identitylink import Linker, read_crm, read_facebook, read_twitter

data, out = sys.argv[1], sys.argv[2]
crm = read_crm(f"{data}/crm.csv")
profiles = [
    *read_twitter(f"{data}/twitter.jsonl").records,
    *read_facebook(f"{data}/facebook.jsonl").records,
]
result = Linker().link(crm, profiles)
rows = sorted(
    (
        d.profile_platform, d.profile_id, d.customer_id, d.band,
        round(d.probability, 9),
        d.explanation.model_dump_json() if d.explanation else "",
    )
    for d in result.links
)
with open(out, "w", encoding="utf-8") as f:
    f.writelines(repr(r) + "\n" for r in rows)
print(len(rows))
"""


def _dump(source: Path, data: Path, out: Path) -> int:
    env = {**os.environ, "PYTHONPATH": str(source)}
    done = subprocess.run(
        [sys.executable, "-c", DUMP, str(data), str(out)],
        env=env,
        cwd=tempfile.gettempdir(),  # not the repo: PYTHONPATH decides the code
        capture_output=True,
        text=True,
        check=True,
    )
    return int(done.stdout.split()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default="HEAD~1", help="git revision to compare")
    parser.add_argument(
        "--data", default="dev-small", help="dev-small, dev-large or a dir"
    )
    args = parser.parse_args()
    data = resolve_data(args.data, "dev-small")
    with tempfile.TemporaryDirectory() as tmp:
        base_tree = Path(tmp) / "base"
        subprocess.run(
            ["git", "worktree", "add", "--detach", "-q", str(base_tree), args.base],
            cwd=REPO,
            check=True,
        )
        try:
            now, then = Path(tmp) / "now.txt", Path(tmp) / "base.txt"
            n_now = _dump(REPO, data, now)
            n_then = _dump(base_tree, data, then)
        finally:
            subprocess.run(
                ["git", "worktree", "remove", "--force", str(base_tree)],
                cwd=REPO,
                check=False,
            )
        a, b = then.read_text().splitlines(), now.read_text().splitlines()
        print(
            f"{data.name}: base {args.base} {n_then} links, working tree {n_now} links"
        )
        if a == b:
            print("same links, bands, probabilities and explanations")
            return 0
        diff = list(difflib.unified_diff(a, b, "base", "now", lineterm="", n=0))
        print(f"{sum(1 for d in diff if d[:1] in '+-') - 2} lines differ; first ones:")
        print("\n".join(diff[:20]))
        return 1


if __name__ == "__main__":
    sys.exit(main())
