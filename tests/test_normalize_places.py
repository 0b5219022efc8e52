"""normalize_place and country_code: one city key per city, ISO-2 countries."""

from __future__ import annotations

import pytest

from identitylink.normalize import PlaceNormalized, country_code, normalize_place

# Spellings of one city that must give one key: (spellings, key, country).
SAME_CITY = [
    pytest.param(
        ("Lyon", "📍 Lyon", "LYON", "Lyon, France"), "lyon", "FR", id="fr-lyon"
    ),
    pytest.param(
        ("Paris", "Paris, France", "75011 Paris", "Paris 15e"),
        "paris",
        "FR",
        id="fr-paris",
    ),
    pytest.param(
        ("Saint-Étienne", "St-Etienne", "St Étienne"),
        "saint etienne",
        "FR",
        id="fr-saint",
    ),
    pytest.param(
        ("München", "Munich", "Muenchen", "Munchen"), "munich", "DE", id="de-munich"
    ),
    pytest.param(("Köln", "Cologne", "Koeln"), "koln", "DE", id="de-cologne"),
    pytest.param(
        ("Nürnberg", "Nuremberg", "Nuernberg"), "nuremberg", "DE", id="de-nuremberg"
    ),
    pytest.param(("Düsseldorf", "Duesseldorf"), "dusseldorf", "DE", id="de-dusseldorf"),
    pytest.param(
        ("Frankfurt", "Frankfurt am Main"), "frankfurt am main", "DE", id="de-frankfurt"
    ),
    pytest.param(
        ("London", "London, UK", "London, England"), "london", "GB", id="en-london"
    ),
    pytest.param(
        ("NYC", "New York, NY", "New York City"), "new york city", "US", id="en-nyc"
    ),
    pytest.param(("LA", "Los Angeles, CA"), "los angeles", "US", id="en-la-california"),
    pytest.param(
        ("San Francisco", "San Francisco Bay Area"), "san francisco", "US", id="en-area"
    ),
    pytest.param(("Sevilla", "Seville"), "sevilla", "ES", id="es-seville"),
    pytest.param(("A Coruña", "La Coruña"), "a coruna", "ES", id="es-coruna"),
    pytest.param(
        ("Barcelona", "BCN", "Barcelona, España"), "barcelona", "ES", id="es-barcelona"
    ),
    pytest.param(("Zaragoza",), "zaragoza", "ES", id="es-main-name-beats-alternate"),
    pytest.param(("Roma", "Rome"), "rome", "IT", id="it-rome"),
    pytest.param(("Milano", "Milan"), "milan", "IT", id="it-milan"),
    pytest.param(("Firenze", "Florence"), "florence", "IT", id="it-florence"),
    pytest.param(("Napoli", "Naples"), "naples", "IT", id="it-naples"),
    pytest.param(("Venezia", "Venice"), "venice", "IT", id="it-venice"),
    pytest.param(
        ("Den Haag", "The Hague", "'s-Gravenhage"), "the hague", "NL", id="nl-hague"
    ),
    pytest.param(
        ("Amsterdam", "Amsterdam, Nederland"), "amsterdam", "NL", id="nl-amsterdam"
    ),
    pytest.param(("Warszawa", "Warsaw"), "warsaw", "PL", id="pl-warsaw"),
    pytest.param(("Kraków", "Krakow", "Cracow"), "krakow", "PL", id="pl-krakow"),
    pytest.param(("Łódź", "Lodz"), "lodz", "PL", id="pl-lodz"),
    pytest.param(("Wrocław", "Breslau"), "wroclaw", "PL", id="pl-wroclaw"),
    pytest.param(("Gdańsk", "Danzig"), "gdansk", "PL", id="pl-gdansk"),
    pytest.param(("Lisboa", "Lisbon"), "lisbon", "PT", id="pt-lisbon"),
    pytest.param(("Porto", "Oporto"), "porto", "PT", id="pt-porto"),
    pytest.param(("São Paulo", "Sao Paulo"), "sao paulo", "BR", id="pt-sao-paulo"),
    pytest.param(
        ("Göteborg", "Gothenburg", "Goeteborg"), "gothenburg", "SE", id="sv-gothenburg"
    ),
    pytest.param(("Genève", "Geneva", "Genf"), "geneva", "CH", id="ch-geneva"),
    pytest.param(
        ("Bruxelles", "Brussels", "Brussel"), "brussels", "BE", id="be-brussels"
    ),
    pytest.param(("Antwerpen", "Anvers", "Antwerp"), "antwerp", "BE", id="be-antwerp"),
    pytest.param(
        ("Montréal, QC", "MTL", "Montreal, Quebec", "Montréal"),
        "montreal",
        "CA",
        id="qc-montreal",
    ),
    pytest.param(("Québec", "Quebec City"), "quebec", "CA", id="qc-quebec-city"),
    pytest.param(("Laval, QC",), "laval", "CA", id="qc-laval-not-france"),
]


@pytest.mark.parametrize(("spellings", "key", "country"), SAME_CITY)
def test_spellings_of_one_city_give_one_key(
    spellings: tuple[str, ...], key: str, country: str
) -> None:
    for text in spellings:
        place = normalize_place(text)
        assert (place.city_key, place.country, place.unknown) == (
            key,
            country,
            False,
        ), text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("Lyon | Paris", "lyon", id="fr-pipe"),
        pytest.param("Bordeaux / Toulouse", "bordeaux", id="fr-slash"),
        pytest.param("Lille & Roubaix", "lille", id="fr-ampersand"),
        pytest.param("Berlin • Hamburg", "berlin", id="de-bullet"),
        pytest.param("Madrid y Sevilla", "madrid", id="es-y"),
    ],
)
def test_several_cities_give_the_first(text: str, expected: str) -> None:
    assert normalize_place(text).city_key == expected


@pytest.mark.parametrize(
    ("text", "default", "key", "country"),
    [
        pytest.param("Paris", None, "paris", "FR", id="biggest-paris"),
        pytest.param("Paris", "US", "paris", "US", id="default-country-paris-texas"),
        pytest.param("Paris, TX", None, "paris", "US", id="text-names-state"),
        pytest.param("London", "CA", "london", "CA", id="default-country-ontario"),
        pytest.param("Valencia", "ES", "valencia", "ES", id="es-default"),
        pytest.param("Lisbon", "FR", "lisbon", "PT", id="well-known-foreign-city"),
        pytest.param("Muenchen", "DE", "munich", "DE", id="crm-digraph-with-country"),
        pytest.param("Munchen", "DE", "munich", "DE", id="crm-bare-with-country"),
        pytest.param(
            "Roubaix, France", "FR", "roubaix", "FR", id="facebook-city-country"
        ),
    ],
)
def test_country_resolves_ambiguity(
    text: str, default: str | None, key: str, country: str
) -> None:
    place = normalize_place(text, default)
    assert (place.city_key, place.country) == (key, country)


@pytest.mark.parametrize(
    ("text", "default", "key", "country"),
    [
        pytest.param(
            "Charron Ouest, Quebec", None, "charron ouest", "CA", id="qc-province-name"
        ),
        pytest.param(
            "Charron-Ouest, QC", None, "charron ouest", "CA", id="qc-province-code"
        ),
        pytest.param("Faure", "FR", "faure", "FR", id="fr-unknown-town-default"),
        pytest.param("Kleinhausen", "DE", "kleinhausen", "DE", id="de-unknown-town"),
        pytest.param(
            "Kleinmuellerhausen-Ost",
            "DE",
            "kleinmullerhausen ost",
            "DE",
            id="de-digraph",
        ),
        pytest.param(
            "Kleinmüllerhausen Ost", "DE", "kleinmullerhausen ost", "DE", id="de-umlaut"
        ),
        pytest.param(
            "Rothenburg ob der Tauber",
            None,
            "rothenburg ob der tauber",
            None,
            id="de-long",
        ),
        pytest.param(
            "Sant'Ambrogio Di Valpolicella",
            None,
            "sant'ambrogio di valpolicella",
            None,
            id="it-long-name-is-a-town",
        ),
        pytest.param(
            "St-Rémi-de-Nowhere, QC", None, "saint remi de nowhere", "CA", id="qc-saint"
        ),
        pytest.param(
            "New Darrenland", None, "new darrenland", None, id="no-country-at-all"
        ),
    ],
)
def test_towns_outside_the_gazetteer_keep_a_folded_key(
    text: str, default: str | None, key: str, country: str | None
) -> None:
    place = normalize_place(text, default)
    assert (place.city_key, place.country, place.unknown) == (key, country, False)


@pytest.mark.parametrize(
    ("text", "key", "country"),
    [
        pytest.param("Köln-Ehrenfeld", "koln", "DE", id="de-city-district"),
        pytest.param("Frankfurt a.M.", "frankfurt am main", "DE", id="de-abbreviated"),
        pytest.param(
            "Plateau Mont-Royal, Montréal", "montreal", "CA", id="qc-district"
        ),
        pytest.param("Berlin, BE", "berlin", "DE", id="de-land-code-not-belgium"),
        pytest.param("München, BY", "munich", "DE", id="de-land-code-not-belarus"),
        pytest.param("Madrid, MD", "madrid", "ES", id="es-community-code"),
        pytest.param("Roma, RM", "rome", "IT", id="it-province-code"),
    ],
)
def test_districts_and_region_codes(text: str, key: str, country: str) -> None:
    place = normalize_place(text)
    assert (place.city_key, place.country) == (key, country)


@pytest.mark.parametrize(
    ("text", "country"),
    [
        pytest.param("Bavaria, Germany", "DE", id="de-region-country"),
        pytest.param("North Rhine-Westphalia", "DE", id="de-region-english"),
        pytest.param("California, United States", "US", id="en-state-country"),
        pytest.param("Île-de-France, France", "FR", id="fr-region-country"),
        pytest.param("Ontario, Canada", "CA", id="qc-province-country"),
        pytest.param("France", "FR", id="fr"),
        pytest.param("Deutschland", "DE", id="de-native"),
        pytest.param("España", "ES", id="es-native"),
        pytest.param("Italia 🇮🇹", "IT", id="it-native-flag"),
        pytest.param("Polska", "PL", id="pl-native"),
        pytest.param("USA", "US", id="en-usa"),
        pytest.param("🇵🇹", "PT", id="flag-only"),
        pytest.param("Bavaria", "DE", id="de-region"),
        pytest.param("Catalunya", "ES", id="ca-region"),
        pytest.param("Île-de-France", "FR", id="fr-region"),
    ],
)
def test_country_or_region_alone_gives_country_without_city(
    text: str, country: str
) -> None:
    assert normalize_place(text) == PlaceNormalized(
        original=text, city_key=None, city_name=None, country=country, unknown=False
    )


@pytest.mark.parametrize(
    "text",
    [
        "somewhere", "Somewhere 🌈", "🌍", "🌎🌏", "the moon", "The Moon 🌙", "Earth",
        "planet earth", "everywhere", "in your heart", "worldwide", "the internet",
        "partout", "nulle part", "überall", "ovunque", "en todas partes", "overal",
        "wszędzie", "he/him", "Europe", "🏠", "", "   ", "???", "n/a",
        "somewhere over the rainbow", "dans ma bulle", "entre deux avions ✈️",
        "Là où il fait beau", "mi casa", "localhost", "in my head",
    ],
)  # fmt: skip
def test_jokes_and_non_places_are_unknown(text: str) -> None:
    assert normalize_place(text) == PlaceNormalized(original=text)


def test_none_is_unknown() -> None:
    place = normalize_place(None, "FR")
    assert place.unknown
    assert place.city_key is None


def test_default_country_given_as_a_name() -> None:
    assert normalize_place("Valencia", "Spain").country == "ES"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("FR", "FR", id="code"),
        pytest.param("fr", "FR", id="code-lower"),
        pytest.param("DEU", "DE", id="alpha3"),
        pytest.param("UK", "GB", id="uk-alias"),
        pytest.param("France", "FR", id="fr-en"),
        pytest.param("Allemagne", "DE", id="fr-germany"),
        pytest.param("Frankreich", "FR", id="de-france"),
        pytest.param("Deutschland", "DE", id="de-native"),
        pytest.param("España", "ES", id="es-native"),
        pytest.param("Espagne", "ES", id="fr-spain"),
        pytest.param("Italia", "IT", id="it-native"),
        pytest.param("Italie", "IT", id="fr-italy"),
        pytest.param("Nederland", "NL", id="nl-native"),
        pytest.param("Pays-Bas", "NL", id="fr-netherlands"),
        pytest.param("Holland", "NL", id="holland"),
        pytest.param("Polska", "PL", id="pl-native"),
        pytest.param("Niemcy", "DE", id="pl-germany"),
        pytest.param("Portugal", "PT", id="pt"),
        pytest.param("Alemanha", "DE", id="pt-germany"),
        pytest.param("Brasil", "BR", id="pt-brazil"),
        pytest.param("Schweiz", "CH", id="de-switzerland"),
        pytest.param("Suisse", "CH", id="fr-switzerland"),
        pytest.param("England", "GB", id="england"),
        pytest.param("Scotland", "GB", id="scotland"),
        pytest.param("USA", "US", id="usa"),
        pytest.param("United States of America", "US", id="us-long"),
        pytest.param("États-Unis", "US", id="fr-us"),
        pytest.param("Estados Unidos", "US", id="es-us"),
        pytest.param("the Netherlands", "NL", id="article"),
        pytest.param("Québec", "CA", id="qc-province"),
        pytest.param("Ontario", "CA", id="on-province"),
        pytest.param("Bayern", "DE", id="de-land"),
    ],
)
def test_country_code(text: str, expected: str) -> None:
    assert country_code(text) == expected


@pytest.mark.parametrize(
    "text", [None, "", "  ", "and", "can", "Atlantis", "the moon", "XX", "🌍"]
)
def test_country_code_none(text: str | None) -> None:
    assert country_code(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [("Cádiz", "ES"), ("Valencia", "ES"), ("London", "GB"), ("Milan", "IT")],
)
def test_bare_city_prefers_the_crm_countries(text: str, expected: str) -> None:
    # London stays in GB: London, Ontario is not a tenth of its size.
    got = normalize_place(text, preferred_countries=("ES", "CA"))
    assert expected == got.country
    assert got.in_gazetteer


def test_bare_city_without_preference_is_the_largest() -> None:
    assert normalize_place("Valencia").country != "ES"


def test_text_outside_the_gazetteer_is_flagged() -> None:
    village = normalize_place("Kleinkleckersdorf")
    assert (village.city_key, village.in_gazetteer) == ("kleinkleckersdorf", False)
    assert normalize_place("between two trains").city_key is None
