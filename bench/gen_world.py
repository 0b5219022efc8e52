"""A second, independent data set: customers of 16 countries and their profiles.

    .venv/bin/python bench/gen_world.py --size small   # 5k customers, 3k profiles
    .venv/bin/python bench/gen_world.py --size large   # 200k, 100k
    .venv/bin/python bench/gen_world.py --out /tmp/world --mojibake 0

Writes ``crm.csv``, ``twitter.jsonl`` (X API v2 user objects), ``facebook.jsonl``
(Graph API users), ``truth.csv`` (profile_platform, profile_id, customer_id),
``crm_mapping.json`` (the column mapping for ``identitylink link --crm-mapping``)
and ``world.json`` (what was generated) into ``--out`` (default
``bench/.world/SIZE-seedSEED``, git-ignored).

It shares no code or list with the dev generator. The CRM has another layout: one
``full_name`` column written "Given Family", "FAMILY Given" or "Family, Given" (the
family name first where that is the culture's order), ``e_mail``,
``mobile_phone`` in each country's local or international way, ``post_code``,
``town`` under its local name, ``country_iso``, ``date_of_birth`` as DD/MM/YYYY
and a ``tier`` column no field claims. Names come from ``_world_names`` (the naming
facts are in its docstring), written online by ``_world_people``. Some people have
two accounts on one platform, households share an e-mail address, profiles of
non-customers include namesakes of customers, and ``--mojibake`` of the CRM rows
(default 1 %) hold UTF-8 read as cp1252 and written again (bytes cp1252 lacks
become U+FFFD). The same ``--seed`` gives the same files.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import random
import sys
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from _world_names import Name, pick
from _world_people import (
    CHANGES_NAME,
    ascii_handle,
    crm_full_name,
    email_local,
    is_latin,
    make_name,
    online_name,
)
from _world_places import (
    COUNTRIES,
    CULTURES,
    Country,
    mobile,
    postcode,
    write_phone,
)

BENCH = Path(__file__).resolve().parent
SIZES = {"small": (5_000, 3_000), "large": (200_000, 100_000)}
LINKED_SHARE = 0.46  # of the profiles, the share that belongs to a customer
CRM_COLUMNS = (
    "client_ref",
    "full_name",
    "e_mail",
    "mobile_phone",
    "post_code",
    "town",
    "country_iso",
    "date_of_birth",
    "signup_date",
    "tier",
)
MAPPING = {
    "columns": {
        "customer_id": "client_ref", "full_name": "full_name", "email": "e_mail",
        "phone": "mobile_phone", "postcode": "post_code", "city": "town",
        "country": "country_iso", "birth_date": "date_of_birth",
    },
    "date_format": "%d/%m/%Y",
}  # fmt: skip
TWITTER_EPOCH_MS = 1288834974657


@dataclass
class Person:
    """Someone of the world: a customer, or only a profile owner."""

    name: Name
    country: Country
    city: int
    postcode: str
    birth: date
    email: str
    phone: str  # national significant number, "" when none
    customer_id: str = ""


def generator_hash() -> str:
    """A hash of this generator's source: data from another version is stale."""
    digest = hashlib.sha256()
    for path in sorted([Path(__file__), *BENCH.glob("_world_*.py")]):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def default_out(size: str, seed: int) -> Path:
    return BENCH / ".world" / f"{size}-seed{seed}"


def _country(rng: random.Random) -> Country:
    return rng.choices(COUNTRIES, weights=[c.weight for c in COUNTRIES])[0]


def _email(rng: random.Random, name: Name, country: Country, year: int) -> str:
    domain = pick(rng, country.domains, 1.0)
    if domain == "qq.com" or (country.code == "CN" and rng.random() < 0.2):
        return f"{rng.randint(10_000_000, 2_999_999_999)}@qq.com"
    return f"{email_local(rng, name, year)}@{domain}"


def _person(rng: random.Random, country: Country | None = None) -> Person:
    country = country or _country(rng)
    cultures = CULTURES[country.code]
    culture = rng.choices([c for c, _ in cultures], weights=[w for _, w in cultures])[0]
    name = make_name(rng, culture, rng.choice("fm"))
    birth = date(1940, 1, 1) + timedelta(days=rng.randrange(67 * 365))
    city = min(int(rng.paretovariate(1.2)) - 1, len(country.cities) - 1)
    return Person(
        name=name,
        country=country,
        city=city,
        postcode=postcode(rng, country, country.cities[city]),
        birth=birth,
        email=_email(rng, name, country, birth.year),
        phone=mobile(rng, country) if rng.random() < 0.85 else "",
    )


def _partner(rng: random.Random, other: Person) -> Person:
    """Someone of ``other``'s household: same address, often the same e-mail."""
    p = _person(rng, other.country)
    sex = "m" if other.name.sex == "f" else "f"
    name = make_name(rng, other.name.culture, sex)
    if other.name.culture in CHANGES_NAME or other.name.culture in ("DE", "NL"):
        name = Name(**{**name.__dict__, "family": other.name.family,
                       "native_family": other.name.native_family})  # fmt: skip
    p.name, p.city, p.postcode = name, other.city, other.postcode
    if rng.random() < 0.7:
        p.email = other.email  # the household's one address
    return p


def _crm_row(rng: random.Random, p: Person, mojibake: bool) -> list[str]:
    city = p.country.cities[p.city]
    town = city.local
    if p.country.code == "CN" and rng.random() < 0.7:
        town = city.english
    full = crm_full_name(rng, p.name)
    if full.isupper() and rng.random() < 0.7:
        town = town.upper()
    if mojibake:  # UTF-8 bytes read as cp1252, then written as UTF-8 again
        full = full.encode("utf-8").decode("cp1252", errors="replace")
        town = town.encode("utf-8").decode("cp1252", errors="replace")
    signup = datetime(2012, 1, 1) + timedelta(minutes=rng.randrange(13 * 365 * 1440))
    return [
        p.customer_id,
        full,
        p.email if rng.random() < 0.9 else "",
        write_phone(rng, p.country, p.phone) if p.phone else "",
        p.postcode if rng.random() < 0.92 else "",
        town if rng.random() < 0.95 else "",
        p.country.code if rng.random() < 0.97 else "",
        p.birth.strftime("%d/%m/%Y") if rng.random() < 0.8 else "",
        signup.strftime("%d/%m/%Y %H:%M"),
        rng.choice(("gold", "silver", "bronze", "")),
    ]


class Ids:
    """Unique profile ids and handles."""

    def __init__(self) -> None:
        self.used: set[str] = set()

    def fresh(self, make: object) -> str:
        assert callable(make)
        while True:
            value = str(make())
            if value not in self.used:
                self.used.add(value)
                return value


def _x_display(rng: random.Random, display: str, first: str, last: str) -> str:
    r = rng.random()
    if is_latin(display) and last and r < 0.12:
        return f"{first} {last[0]}."
    if r < 0.2:
        return display.lower()
    if r < 0.24:
        return first
    if r < 0.29:
        return f"{display} {rng.choice(('☀️', '⚽', '🌍', '✨', '❤️', '🇺🇦'))}"
    return display


def _location(rng: random.Random, p: Person, facebook: bool) -> str:
    city = p.country.cities[p.city]
    if facebook:
        return f"{city.english}, {p.country.english}"
    r = rng.random()
    if r < 0.3:
        return city.local
    if r < 0.45:
        return city.english
    if r < 0.55:
        return f"{city.english}, {p.country.english}"
    if r < 0.65:
        return p.country.native
    if r < 0.72:
        return f"{city.local} ✈ {rng.choice(COUNTRIES).english}"
    return ""


BIOS = (
    "coffee & code",
    "mum of two",
    "runner",
    "engineer",
    "teacher",
    "photography",
    "football",
    "student",
    "nurse",
    "travel",
    "designer",
    "music lover",
    "entrepreneur",
    "views are my own",
    "family first",
    "gamer",
    "chef",
)


def twitter_user(
    rng: random.Random, ids: Ids, handles: Ids, p: Person
) -> dict[str, object]:
    display, first, last = online_name(rng, p.name)
    display = _x_display(rng, display, first, last)
    created = datetime(2007, 3, 1) + timedelta(seconds=rng.randrange(18 * 365 * 86400))
    ms = int(created.timestamp() * 1000)
    if ms > TWITTER_EPOCH_MS:
        make_id = lambda: ((ms - TWITTER_EPOCH_MS) << 22) | rng.getrandbits(22)  # noqa: E731  # a one-line id maker
    else:
        make_id = lambda: rng.randint(10_000, 200_000_000)  # noqa: E731  # same
    base = ascii_handle(first + last)[:11] or f"user{rng.randint(1, 9999)}"

    def handle() -> str:
        r = rng.random()
        if r < 0.35:
            return base[:15]
        if r < 0.7:
            return f"{base[:11]}{rng.randint(1, 9999)}"
        if r < 0.85:
            return f"{ascii_handle(first)[:7]}_{p.birth.year}"[:15]
        return f"{rng.choice(('the', 'real', 'its', 'im'))}{base[:10]}"[:15]

    bio = ""
    if rng.random() < 0.5:
        bio = rng.choice(BIOS)
        if rng.random() < 0.3:
            bio += f" | {p.country.cities[p.city].local}"
    return {
        "id": ids.fresh(make_id),
        "name": display,
        "username": handles.fresh(handle),
        "created_at": created.strftime("%Y-%m-%dT%H:%M:%S.000Z"),
        "description": bio,
        "location": _location(rng, p, facebook=False),
        "url": "",
        "verified": rng.random() < 0.01,
        "protected": rng.random() < 0.05,
        "public_metrics": {
            "followers_count": int(rng.paretovariate(1.1) * 20),
            "following_count": rng.randint(0, 2000),
            "tweet_count": rng.randint(0, 40_000),
            "listed_count": rng.randint(0, 5),
            "like_count": rng.randint(0, 20_000),
        },
        "profile_image_url": "https://pbs.twimg.com/profile_images/"
        f"{rng.getrandbits(60)}/{rng.getrandbits(24):x}_normal.jpg",
    }


def facebook_user(
    rng: random.Random, ids: Ids, p: Person, email: str, sparse: bool
) -> dict[str, object]:
    display, first, last = online_name(rng, p.name)
    family_first = p.name.family_first and rng.random() < 0.5
    name = (
        f"{last}{'' if not is_latin(last) and p.name.culture == 'CN' else ' '}{first}"
        if family_first
        else f"{first} {last}"
    )
    user: dict[str, object] = {
        "id": ids.fresh(lambda: rng.randint(10**14, 10**17 - 1)),
        "name": name.strip() or display,
        "first_name": first,
        "last_name": last,
    }
    if email and not sparse:
        user["email"] = email
    r = rng.random()
    if not sparse and r < 0.3:
        user["birthday"] = p.birth.strftime("%m/%d/%Y")
    elif not sparse and r < 0.5:
        user["birthday"] = p.birth.strftime("%m/%d")
    elif not sparse and r < 0.55:
        user["birthday"] = p.birth.strftime("%Y")
    if not sparse and rng.random() < 0.5:
        user["location"] = {
            "id": str(108_000_000_000_000 + abs(hash_city(p.country.code, p.city))),
            "name": _location(rng, p, facebook=True),
        }
    return user


def hash_city(country: str, city: int) -> int:
    """A stable page id per city (no ``hash()``: it changes per process)."""
    return sum(ord(ch) * 31**i for i, ch in enumerate(country)) * 100 + city


@dataclass
class World:
    customers: list[Person]
    twitter: list[dict[str, object]]
    facebook: list[dict[str, object]]
    truth: list[tuple[str, str, str]]
    two_accounts: int
    namesakes: int
    shared_emails: int


def generate(n_customers: int, n_profiles: int, seed: int) -> World:
    rng = random.Random(seed)
    customers: list[Person] = []
    for i in range(n_customers):
        if customers and rng.random() < 0.05:
            p = _partner(rng, rng.choice(customers[-500:]))
        else:
            p = _person(rng)
        p.customer_id = f"K{i + 1:07d}"
        customers.append(p)
    emails: dict[str, int] = {}
    for c in customers:
        emails[c.email] = emails.get(c.email, 0) + 1
    shared = sum(v for v in emails.values() if v > 1)

    tw_ids, fb_ids, handles = Ids(), Ids(), Ids()
    twitter: list[dict[str, object]] = []
    facebook: list[dict[str, object]] = []
    truth: list[tuple[str, str, str]] = []
    two = 0
    order = list(range(n_customers))
    rng.shuffle(order)
    target = int(n_profiles * LINKED_SHARE)
    for idx in order:
        if len(truth) >= target:
            break
        c = customers[idx]
        r = rng.random()
        on_x, on_fb = r < 0.55, r >= 0.35
        accounts = [("twitter", on_x), ("facebook", on_fb)]
        for platform, present in accounts:
            if not present:
                continue
            copies = (
                2 if rng.random() < (0.05 if platform == "twitter" else 0.02) else 1
            )
            two += copies - 1
            for k in range(copies):
                if platform == "twitter":
                    user = twitter_user(rng, tw_ids, handles, c)
                    twitter.append(user)
                else:
                    email = (
                        c.email
                        if rng.random() < 0.7
                        else _email(rng, c.name, c.country, c.birth.year)
                    )
                    user = facebook_user(
                        rng, fb_ids, c, email if rng.random() < 0.45 else "", k == 1
                    )
                    facebook.append(user)
                truth.append((platform, str(user["id"]), c.customer_id))
    namesakes = 0
    while len(twitter) + len(facebook) < n_profiles:
        p = _person(rng)
        if rng.random() < 0.12:  # a namesake of a customer: same name, another person
            p.name = rng.choice(customers).name
            namesakes += 1
        if rng.random() < 0.47:
            twitter.append(twitter_user(rng, tw_ids, handles, p))
        else:
            facebook.append(
                facebook_user(
                    rng, fb_ids, p, p.email if rng.random() < 0.4 else "", False
                )
            )
    rng.shuffle(twitter)
    rng.shuffle(facebook)
    return World(customers, twitter, facebook, truth, two, namesakes, shared)


def write(
    world: World, out: Path, seed: int, mojibake: float, size: str
) -> dict[str, object]:
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed + 1)
    broken = 0
    with (out / "crm.csv").open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(CRM_COLUMNS)
        for c in world.customers:
            bad = rng.random() < mojibake
            broken += bad
            writer.writerow(_crm_row(rng, c, bad))
    for platform, users in (("twitter", world.twitter), ("facebook", world.facebook)):
        with (out / f"{platform}.jsonl").open("w", encoding="utf-8") as f:
            for user in users:
                f.write(json.dumps(user, ensure_ascii=False) + "\n")
    with (out / "truth.csv").open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(("profile_platform", "profile_id", "customer_id"))
        writer.writerows(sorted(world.truth))
    (out / "crm_mapping.json").write_text(
        json.dumps(MAPPING, indent=2) + "\n", encoding="utf-8"
    )
    countries: dict[str, int] = {}
    for c in world.customers:
        countries[c.country.code] = countries.get(c.country.code, 0) + 1
    summary: dict[str, object] = {
        "size": size,
        "seed": seed,
        "mojibake": mojibake,
        "generator": generator_hash(),
        "customers": len(world.customers),
        "twitter": len(world.twitter),
        "facebook": len(world.facebook),
        "true_links": len(world.truth),
        "mojibake_rows": broken,
        "second_accounts": world.two_accounts,
        "namesake_profiles": world.namesakes,
        "customers_sharing_an_email": world.shared_emails,
        "customers_per_country": dict(sorted(countries.items())),
    }
    (out / "world.json").write_text(
        json.dumps(summary, indent=2) + "\n", encoding="utf-8"
    )
    return summary


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", choices=sorted(SIZES), default="small")
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument(
        "--mojibake", type=float, default=0.01, help="share of CRM rows double-encoded"
    )
    parser.add_argument("--out", type=Path, help="output directory")
    args = parser.parse_args(argv)
    n_customers, n_profiles = SIZES[args.size]
    out = args.out or default_out(args.size, args.seed)
    world = generate(n_customers, n_profiles, args.seed)
    summary = write(world, out, args.seed, args.mojibake, args.size)
    print(f"wrote {out}")
    print(json.dumps(summary, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
