"""Write the demo sample: a small CRM, X and Facebook users, and the true links.

Run ``python examples/data/make_sample.py`` to regenerate ``crm.csv``,
``crm_mapping.json``, ``twitter.jsonl``, ``facebook.jsonl`` and ``truth.csv`` in this
folder. The output is deterministic (fixed seed). Every person is invented; names
are drawn from short lists of common names per country.

What the sample exercises: a CRM in a non-default layout (one ``full_name`` column,
``DD.MM.YYYY`` dates, semicolons) read through ``crm_mapping.json``; accents dropped
or kept, nicknames, swapped and capitalised names, emoji and pronouns in display
names, "📍 Lyon"-style locations, e-mails and partial birthdays on Facebook,
Messenger profiles scoped to a Page, namesakes, and a few broken records of each
kind the readers report.
"""

from __future__ import annotations

import csv
import json
import random
from pathlib import Path

HERE = Path(__file__).parent
SEED = 7
N_CUSTOMERS = 300

PEOPLE = {
    "FR": (
        [
            "Jean",
            "Stéphane",
            "Marie",
            "Hélène",
            "Jean-Pierre",
            "Camille",
            "Léa",
            "François",
            "Amélie",
            "Nicolas",
            "Élodie",
            "Alexandre",
        ],
        [
            "Dupont",
            "Lefèvre",
            "Martin",
            "Moreau",
            "de la Fontaine",
            "Girard",
            "Rousseau",
            "Le Gall",
            "Bénard",
            "Fournier",
        ],
        ["Lyon", "Paris", "Marseille", "Toulouse", "Nantes", "Lille"],
        ("+33 6", 8),
        "{:05d}",
        (10000, 95999),
    ),
    "DE": (
        [
            "Jürgen",
            "Johannes",
            "Anna",
            "Katharina",
            "Lukas",
            "Sophie",
            "Matthias",
            "Günther",
            "Greta",
            "Stefan",
        ],
        [
            "Müller",
            "Schmidt",
            "Schäfer",
            "von Weizsäcker",
            "Becker",
            "Groß",
            "Köhler",
            "Wagner",
        ],
        ["München", "Köln", "Berlin", "Hamburg", "Stuttgart"],
        ("+49 151", 8),
        "{:05d}",
        (10000, 99999),
    ),
    "GB": (
        [
            "William",
            "Elizabeth",
            "Robert",
            "Charlotte",
            "James",
            "Olivia",
            "Thomas",
            "Margaret",
        ],
        ["Smith", "Jones", "O'Neil", "Taylor", "McDonald", "Brown", "Wilson"],
        ["London", "Manchester", "Leeds", "Bristol"],
        ("+44 7700", 6),
        "SW{:d} 1AA",
        (1, 20),
    ),
    "CA": (
        ["Marie-Ève", "Mathieu", "Émilie", "Ryan", "Chloé", "Gabriel"],
        ["Tremblay", "Gagnon", "Roy", "Côté", "Bouchard", "Gauthier"],
        ["Montréal", "Québec", "Toronto", "Ottawa"],
        ("+1 514", 7),
        "H{:d}A 1B1",
        (1, 9),
    ),
    "ES": (
        ["María José", "Francisco", "José Luis", "Lucía", "Javier", "Carmen"],
        ["García López", "Fernández Ruiz", "Martínez", "Sánchez Pérez", "de la Cruz"],
        ["Madrid", "Sevilla", "Barcelona", "Valencia"],
        ("+34 6", 8),
        "{:05d}",
        (1000, 52999),
    ),
    "IT": (
        ["Giuseppe", "Francesca", "Alessandro", "Giulia", "Marco", "Chiara"],
        ["Rossi", "Bianchi", "Esposito", "Di Stefano", "Romano", "Ricci"],
        ["Roma", "Milano", "Napoli", "Torino"],
        ("+39 33", 8),
        "{:05d}",
        (10, 98168),
    ),
}
NICKNAMES = {
    "William": "Bill",
    "Robert": "Bob",
    "Elizabeth": "Liz",
    "Margaret": "Peggy",
    "Giuseppe": "Peppe",
    "Francisco": "Paco",
    "Johannes": "Hans",
    "Alexandre": "Alex",
    "Katharina": "Kathi",
    "Thomas": "Tom",
    "Francesca": "Fra",
}
EMOJI = ["🚀", "☕", "🌻", "⚽", "🇫🇷", "❤️", "✨", "🎸"]
JOKES = ["somewhere", "🌍", "the moon", "between two trains"]
PAGE_ID = "104285920331188"
STREETS = ["rue Centrale", "Hauptstraße", "High Street", "Via Roma", "Calle Mayor"]


def strip_accents(text: str) -> str:
    import unicodedata

    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def slug(text: str) -> str:
    """Lower-case ASCII without spaces or apostrophes, as in e-mail addresses."""
    return strip_accents(text).lower().replace(" ", "").replace("'", "")


def make_customers(rng: random.Random) -> list[dict[str, str]]:
    customers = []
    countries = list(PEOPLE)
    for number in range(1, N_CUSTOMERS + 1):
        country = rng.choice(countries)
        given, family, cities, (prefix, digits), postfmt, postrange = PEOPLE[country]
        first, last = rng.choice(given), rng.choice(family)
        year = rng.randint(1950, 2004)
        customers.append(
            {
                "id": f"K{number:05d}",
                "given": first,
                "family": last,
                "country": country,
                "city": rng.choice(cities),
                "zip": postfmt.format(rng.randint(*postrange)),
                "mobile": prefix
                + " "
                + "".join(str(rng.randint(0, 9)) for _ in range(digits)),
                "email": f"{slug(first)}.{slug(last)}{rng.randint(1, 99)}@"
                + rng.choice(["gmail.com", "example.org", "mail.example"]),
                "dob": f"{rng.randint(1, 28):02d}.{rng.randint(1, 12):02d}.{year}",
            }
        )
    # Namesakes: a few customers share a name but not a city or a birth date.
    for source, target in ((3, 40), (8, 90), (15, 150)):
        customers[target]["given"] = customers[source]["given"]
        customers[target]["family"] = customers[source]["family"]
        customers[target]["country"] = customers[source]["country"]
    return customers


def full_name(rng: random.Random, c: dict[str, str]) -> str:
    style = rng.random()
    if style < 0.12:
        return f"{c['family']}, {c['given']}"
    if style < 0.22:
        return f"{c['family'].upper()} {c['given']}"
    return f"{c['given']} {c['family']}"


def write_crm(rng: random.Random, customers: list[dict[str, str]]) -> None:
    header = [
        "id",
        "full_name",
        "email_address",
        "mobile",
        "street",
        "zip",
        "town",
        "country_code",
        "dob",
        "segment",
    ]
    rows = []
    for c in customers:
        rows.append(
            [
                c["id"],
                full_name(rng, c),
                c["email"],
                c["mobile"],
                f"{rng.randint(1, 120)} {rng.choice(STREETS)}",
                c["zip"],
                c["city"],
                c["country"],
                c["dob"],
                rng.choice(["gold", "silver", "bronze", ""]),
            ]
        )
    # Broken rows the reader must report: an impossible date, a duplicate id,
    # a missing id.
    rows.append(
        ["K90001", "Paul Durand", "", "", "", "", "Lyon", "FR", "30.02.1985", ""]
    )
    rows.append([customers[0]["id"], "Second Copy", "", "", "", "", "", "FR", "", ""])
    rows.append(["", "No Identifier", "", "", "", "", "", "DE", "", ""])
    with (HERE / "crm.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(header)
        writer.writerows(rows)
    mapping = {
        "columns": {
            "customer_id": "id",
            "full_name": "full_name",
            "email": "email_address",
            "phone": "mobile",
            "street": "street",
            "postcode": "zip",
            "city": "town",
            "country": "country_code",
            "birth_date": "dob",
        },
        "date_format": "%d.%m.%Y",
    }
    (HERE / "crm_mapping.json").write_text(json.dumps(mapping, indent=2) + "\n")


def display_name(rng: random.Random, c: dict[str, str]) -> str:
    given = NICKNAMES.get(c["given"], c["given"]) if rng.random() < 0.4 else c["given"]
    family = c["family"]
    if rng.random() < 0.3:
        given, family = strip_accents(given), strip_accents(family)
    style = rng.random()
    if style < 0.1:
        name = f"{family.upper()} {given}"
    elif style < 0.2:
        name = f"{given} {family[0]}."
    elif style < 0.3:
        name = f"{given.lower()} {family.lower()}"
    else:
        name = f"{given} {family}"
    if rng.random() < 0.25:
        name += " " + rng.choice(EMOJI)
    if rng.random() < 0.08:
        name += rng.choice([" (she/her)", " (he/him)", " | " + c["city"]])
    return name


def location(rng: random.Random, c: dict[str, str]) -> str:
    roll = rng.random()
    if roll < 0.3:
        return f"📍 {c['city']}"
    if roll < 0.5:
        return f"{c['city']}, {c['country']}"
    if roll < 0.6:
        return rng.choice(JOKES)
    return "" if roll < 0.8 else c["city"]


def write_twitter(
    rng: random.Random, customers: list[dict[str, str]]
) -> list[tuple[str, str]]:
    truth, lines = [], []
    linked = rng.sample(customers, 110)
    for index, c in enumerate(linked):
        profile_id = str(rng.randint(10**8, 10**19 - 1))
        user = {
            "id": profile_id,
            "name": display_name(rng, c),
            "username": strip_accents(c["given"]).lower().replace(" ", "")[:8]
            + str(rng.randint(1, 999)),
            "description": rng.choice(
                [
                    "",
                    "Café ☕ & vélo",
                    "Ingénieur | " + c["city"],
                    "dad\tof two\nrunner",
                ]
            ),
            "location": location(rng, c),
        }
        if index % 4 == 0:
            user["url"] = "https://t.co/" + "".join(rng.choices("abcdefXYZ123", k=10))
            user["entities"] = {
                "url": {
                    "urls": [
                        {
                            "url": user["url"],
                            "expanded_url": f"https://{slug(c['family'])}.example.net",
                        }
                    ]
                }
            }
        if index % 10 == 5:  # a v1.1-shaped object
            user = {
                "id_str": user["id"],
                "screen_name": user["username"],
                "name": user["name"],
                "location": user["location"],
            }
        lines.append(json.dumps(user, ensure_ascii=False))
        truth.append(("twitter", profile_id, c["id"]))
    for number in range(25):  # people who are not customers
        lines.append(
            json.dumps(
                {
                    "id": str(10**9 + number),
                    "name": f"Fan {number} ⚽",
                    "username": f"fan{number}",
                    "location": rng.choice(JOKES),
                }
            )
        )
    lines.insert(17, '{"id": "555", "name": "Cut off in the mid')
    lines.insert(42, json.dumps({"name": "No id at all", "username": "ghost"}))
    (HERE / "twitter.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return truth


def write_facebook(
    rng: random.Random, customers: list[dict[str, str]]
) -> list[tuple[str, str]]:
    truth, lines = [], []
    linked = rng.sample(customers, 130)
    for index, c in enumerate(linked):
        profile_id = str(rng.randint(10**15, 10**17))
        day, month, year = c["dob"].split(".")
        given = (
            NICKNAMES.get(c["given"], c["given"]) if rng.random() < 0.2 else c["given"]
        )
        user: dict[str, object] = {"id": profile_id}
        if index % 9 == 0:  # a Messenger profile: a PSID, scoped to our Page
            user.update(
                first_name=given,
                last_name=c["family"],
                page_id=PAGE_ID,
                profile_pic="https://platform-lookaside.example/pic.jpg",
            )
        else:
            last = c["family"]
            if index % 13 == 1:
                last = f"{rng.choice(['Laurent', 'Weber', 'Rossi'])} ({c['family']})"
            user.update(name=f"{given} {last}", first_name=given, last_name=last)
            if rng.random() < 0.5:
                user["email"] = c["email"]
            roll = rng.random()
            if roll < 0.3:
                user["birthday"] = f"{month}/{day}/{year}"
            elif roll < 0.5:
                user["birthday"] = f"{month}/{day}"
            elif roll < 0.6:
                user["birthday"] = year
            if rng.random() < 0.5:
                user["location"] = {
                    "id": str(rng.randint(10**14, 10**15)),
                    "name": f"{c['city']}, {c['country']}",
                }
        lines.append(json.dumps(user, ensure_ascii=False))
        truth.append(("facebook", profile_id, c["id"]))
    lines.insert(
        30, json.dumps({"id": "999", "name": "Leap Year", "birthday": "02/30/1990"})
    )
    (HERE / "facebook.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return truth


def main() -> None:
    rng = random.Random(SEED)
    customers = make_customers(rng)
    write_crm(rng, customers)
    truth = write_twitter(rng, customers) + write_facebook(rng, customers)
    with (HERE / "truth.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["profile_platform", "profile_id", "customer_id"])
        writer.writerows(truth)


if __name__ == "__main__":
    main()
