"""Read the shipped sample with the public API and show what came through.

Run from the repository root: ``python examples/read_inputs.py``.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from identitylink import ColumnMapping, read_crm, read_facebook, read_twitter

DATA = Path(__file__).parent / "data"


def main() -> None:
    mapping = ColumnMapping.model_validate_json(
        (DATA / "crm_mapping.json").read_text(encoding="utf-8")
    )
    customers = read_crm(DATA / "crm.csv", mapping, errors="collect")
    x_users = read_twitter(DATA / "twitter.jsonl", errors="collect")
    fb_users = read_facebook(DATA / "facebook.jsonl", errors="collect")

    for result in (customers, x_users, fb_users):
        print(
            f"{result.kind}: {len(result)} records, {len(result.errors)} errors, "
            f"{len(result.warnings)} values read as missing"
        )
        for error in result.errors:
            print(f"  {error}")
        for warning in result.warnings[:3]:
            print(f"  warning: {warning}")

    first = customers.records[0]
    born = first.birth_date.isoformat() if first.birth_date else "?"
    print(f"\n{first.customer_id}: {first.given_names} {first.family_names}, {born}")
    scopes = Counter(profile.scope for profile in fb_users)
    print(f"Facebook scopes: {dict(scopes)}")
    with_url = [p for p in x_users if p.url and "t.co" not in p.url]
    print(f"X profiles with a real website: {len(with_url)}")


if __name__ == "__main__":
    main()
