"""Link a CRM to a loyalty database: any two tables of people, with your own spec.

The loyalty table has given_name, surname, date_of_birth, address, postcode and an
id_number (also kept, for some customers, in the CRM). Both tables are generated
here with a fixed seed (typos, missing values, relatives sharing an address), read
with ``read_crm`` and a column mapping, and linked with a spec written for them.

    python examples/link_loyalty_table.py
"""

from __future__ import annotations

import random

import pandas as pd

from identitylink import Linker, LinkSpec, block_on, read_crm
from identitylink.comparisons import (
    BirthDateComparison,
    ExactMatch,
    FamilyNameComparison,
    GivenNameComparison,
    JaroWinklerAtThresholds,
)

GIVEN = [
    "Anna",
    "Lukas",
    "Marie",
    "Jonas",
    "Lea",
    "Paul",
    "Sophie",
    "Felix",
    "Emma",
    "Noah",
]
FAMILY = [
    "Müller",
    "Schmidt",
    "Schneider",
    "Fischer",
    "Weber",
    "Meyer",
    "Wagner",
    "Becker",
]
STREETS = ["Hauptstraße", "Schulstraße", "Gartenweg", "Bahnhofstraße", "Lindenallee"]


def make_tables(
    n: int = 400, seed: int = 11
) -> tuple[pd.DataFrame, pd.DataFrame, set[tuple[str, str]]]:
    """A CRM, a loyalty table and the true (crm id, loyalty id) pairs."""
    rng = random.Random(seed)
    crm, loyalty, truth = [], [], set()
    for i in range(n):
        given, family = rng.choice(GIVEN), rng.choice(FAMILY)
        year, month, day = (
            rng.randint(1950, 2004),
            rng.randint(1, 12),
            rng.randint(1, 28),
        )
        dob = f"{year}-{month:02d}-{day:02d}"
        street = f"{rng.choice(STREETS)} {rng.randint(1, 90)}"
        postcode = f"{rng.randint(10000, 99999)}"
        id_number = f"ID{rng.randint(10**7, 10**8 - 1)}"
        cid = f"C{i:05d}"
        crm.append(
            {
                "customer_id": cid,
                "first_name": given,
                "last_name": family,
                "birth_date": dob,
                "street": street,
                "postcode": postcode,
                "id_number": id_number if rng.random() < 0.5 else "",
            }
        )
        if rng.random() < 0.6:  # this customer has a loyalty card
            lid = f"L{i:05d}"
            typo = family if rng.random() < 0.8 else family[:-1] + "e"
            loyalty.append(
                {
                    "loyalty_id": lid,
                    "given_name": given,
                    "surname": typo,
                    "date_of_birth": dob if rng.random() < 0.9 else "",
                    "address": street.replace("straße", "str."),
                    "postcode": postcode,
                    "id_number": id_number,
                }
            )
            truth.add((cid, lid))
        if rng.random() < 0.15:  # a relative at the same address: not a customer
            loyalty.append(
                {
                    "loyalty_id": f"R{i:05d}",
                    "given_name": rng.choice([g for g in GIVEN if g != given]),
                    "surname": family,
                    "date_of_birth": f"{rng.randint(1950, 2004)}-01-01",
                    "address": street,
                    "postcode": postcode,
                    "id_number": f"ID{rng.randint(10**7, 10**8 - 1)}",
                }
            )
    return pd.DataFrame(crm), pd.DataFrame(loyalty), truth


SPEC = LinkSpec(
    comparisons=(
        GivenNameComparison(),
        FamilyNameComparison(),
        BirthDateComparison(),
        # Relatives share the address: learn how often non-matches agree on it
        # among the candidate pairs, not among random pairs.
        JaroWinklerAtThresholds(
            column="street", thresholds=(0.9, 0.8), u_within_blocks=True
        ),
        ExactMatch(column="postcode", u_within_blocks=True),
        ExactMatch(column="id_number"),
    ),
    blocking_rules=(
        block_on("id_number"),
        block_on("postcode"),
        block_on("family", "birth_date"),
    ),
)


def main() -> None:
    crm_frame, loyalty_frame, truth = make_tables()
    crm = read_crm(crm_frame)
    loyalty = read_crm(
        loyalty_frame,
        {
            "columns": {
                "customer_id": "loyalty_id",
                "first_name": "given_name",
                "last_name": "surname",
                "birth_date": "date_of_birth",
                "street": "address",
                "postcode": "postcode",
            }
        },
    )
    links = Linker(SPEC).link_tables(crm, loyalty)
    made = set(zip(links["left_id"], links["right_id"], strict=True))
    precision = len(made & truth) / max(len(made), 1)
    recall = len(made & truth) / len(truth)
    print(f"{len(crm)} CRM rows, {len(loyalty)} loyalty rows, {len(links)} links")
    print(f"precision {precision:.3f}, recall {recall:.3f}")
    print(links.drop(columns="explanation").head(5).to_string(index=False))
    print(links["explanation"].iloc[0].to_text())


if __name__ == "__main__":
    main()
