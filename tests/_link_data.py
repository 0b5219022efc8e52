"""A tiny deterministic population for the linker tests: customers, their profiles,
namesakes (same name, not a customer) and relatives (same family and town)."""

from __future__ import annotations

import random

from identitylink import Customer, PartialDate, Place, SocialProfile

GIVEN = [
    "Jean",
    "Marie",
    "Pierre",
    "Sophie",
    "Lukas",
    "Anna",
    "Giulia",
    "Marco",
    "Carmen",
    "Javier",
    "Emily",
    "Oliver",
    "Chloé",
    "Théo",
    "Jürgen",
    "Katarzyna",
]
FAMILY = [
    "Dupont",
    "Lefèvre",
    "Müller",
    "Schneider",
    "Rossi",
    "Bianchi",
    "García López",
    "Fernández",
    "Smith",
    "Taylor",
    "Nowak",
    "van der Berg",
    "Moreau",
    "Girard",
    "Fontaine",
    "Brunet",
    "Keller",
    "Ricci",
    "Walker",
    "Kowalski",
]
CITIES = [
    ("Lyon", "FR"),
    ("Paris", "FR"),
    ("Berlin", "DE"),
    ("Roma", "IT"),
    ("Madrid", "ES"),
]


def population(
    n: int = 120, seed: int = 7
) -> tuple[list[Customer], list[SocialProfile], set[tuple[str, str, str]]]:
    """Customers, profiles and the true (platform, profile id, customer id) links."""
    rng = random.Random(seed)
    customers: list[Customer] = []
    profiles: list[SocialProfile] = []
    truth: set[tuple[str, str, str]] = set()
    used: set[tuple[str, str]] = set()
    while len(customers) < n:
        given, family = rng.choice(GIVEN), rng.choice(FAMILY)
        if (given, family) in used:
            continue
        used.add((given, family))
        city, country = rng.choice(CITIES)
        cid = f"C{len(customers):04d}"
        birth = PartialDate(
            year=rng.randint(1950, 2000),
            month=rng.randint(1, 12),
            day=rng.randint(1, 28),
        )
        local = f"{given}.{family}".lower().replace(" ", "")
        email = f"{local}{rng.randint(1, 99)}@example.org"
        customers.append(
            Customer(
                customer_id=cid,
                given_names=(given,),
                family_names=(family,),
                email=email,
                city=city,
                country=country,
                birth_date=birth,
            )
        )
        kind = len(customers) % 4
        if kind in (0, 1):  # a Facebook profile with e-mail and birthday
            pid = f"fb{cid}"
            profiles.append(
                SocialProfile(
                    platform="facebook",
                    profile_id=pid,
                    given_name=given,
                    family_name=family,
                    display_name=f"{given} {family}",
                    email=email,
                    birthday=PartialDate(month=birth.month, day=birth.day),
                    location=Place(name=f"{city}, {country}"),
                )
            )
            truth.add(("facebook", pid, cid))
        if kind in (1, 2):  # a Twitter profile, name swapped and handle-like username
            pid = f"tw{cid}"
            profiles.append(
                SocialProfile(
                    platform="twitter",
                    profile_id=pid,
                    display_name=f"{family.upper()} {given}",
                    username=email.split("@")[0].replace(".", "_"),
                    location_text=f"📍 {city}",
                )
            )
            truth.add(("twitter", pid, cid))
        if kind == 3 and rng.random() < 0.5:  # a namesake who is not a customer
            other_city = rng.choice([c for c in CITIES if c[0] != city])
            profiles.append(
                SocialProfile(
                    platform="facebook",
                    profile_id=f"ns{cid}",
                    given_name=given,
                    family_name=family,
                    display_name=f"{given} {family}",
                    birthday=PartialDate(month=(birth.month % 12) + 1, day=birth.day),
                    location=Place(name=f"{other_city[0]}, {other_city[1]}"),
                )
            )
    return customers, profiles, truth
