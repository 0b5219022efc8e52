# Name and place tables are laid out by hand, several entries a line:
# ruff: noqa: E501
"""Countries for ``gen_world.py``: cities, postcodes, mobile numbers, mail domains.

Each country has its cities under their local name (as a CRM holds them) and the
English one (as Facebook's location pages and many bios write them), the postcode
pattern of its postal service (``#`` a digit, ``A`` a capital), the mobile number
plan (country code, trunk prefix, mobile prefixes, number length) with the
grouping people write locally and internationally, and the mail providers people
there use. ``CULTURES`` says which naming cultures live in each country.
"""

from __future__ import annotations

import random
import string
from dataclasses import dataclass


@dataclass(frozen=True)
class City:
    local: str
    english: str
    postcode: str  # the first characters of its postcodes


@dataclass(frozen=True)
class Country:
    code: str
    english: str
    native: str  # the country's own name for itself
    weight: float  # share of the CRM's customers
    cities: tuple[City, ...]
    cc: str  # calling code
    trunk: str  # national prefix dialled before the number ("" when none)
    mobile: tuple[str, ...]  # mobile prefixes of the national number
    length: int  # national significant number length
    local: str  # grouping of trunk + national number, '#' a digit
    intl: str  # grouping of the national number after +cc
    domains: tuple[str, ...]


def _cities(*rows: tuple[str, str, str]) -> tuple[City, ...]:
    return tuple(City(*row) for row in rows)


COUNTRIES: tuple[Country, ...] = (
    Country("SE", "Sweden", "Sverige", 7, _cities(
        ("Stockholm", "Stockholm", "11"), ("Göteborg", "Gothenburg", "41"),
        ("Malmö", "Malmo", "21"), ("Uppsala", "Uppsala", "75"),
        ("Västerås", "Vasteras", "72"), ("Örebro", "Orebro", "70"),
        ("Linköping", "Linkoping", "58"), ("Umeå", "Umea", "90"),
        ("Jönköping", "Jonkoping", "55"), ("Norrköping", "Norrkoping", "60")),
        "46", "0", ("70", "72", "73", "76", "79"), 9, "###-### ## ##",
        "## ### ## ##", ("gmail.com", "hotmail.com", "telia.com", "hotmail.se",
                         "outlook.com", "yahoo.se", "live.se", "bredband.net")),
    Country("NO", "Norway", "Norge", 6, _cities(
        ("Oslo", "Oslo", "0"), ("Bergen", "Bergen", "5"), ("Trondheim", "Trondheim", "7"),
        ("Stavanger", "Stavanger", "4"), ("Tromsø", "Tromso", "9"),
        ("Bærum", "Baerum", "13"), ("Kristiansand", "Kristiansand", "46"),
        ("Drammen", "Drammen", "30"), ("Fredrikstad", "Fredrikstad", "16"),
        ("Ålesund", "Alesund", "60")),
        "47", "", ("40", "41", "45", "46", "47", "48", "90", "91", "92", "93",
                           "94", "95", "97", "98", "99"), 8, "### ## ###", "### ## ###",
        ("gmail.com", "online.no", "hotmail.com", "outlook.com", "live.no", "yahoo.no")),
    Country("DK", "Denmark", "Danmark", 6, _cities(
        ("København", "Copenhagen", "1"), ("Aarhus", "Aarhus", "8"),
        ("Odense", "Odense", "5"), ("Aalborg", "Aalborg", "9"),
        ("Esbjerg", "Esbjerg", "67"), ("Randers", "Randers", "89"),
        ("Kolding", "Kolding", "60"), ("Horsens", "Horsens", "87"),
        ("Vejle", "Vejle", "71"), ("Roskilde", "Roskilde", "40")),
        "45", "", ("20", "22", "26", "28", "30", "40", "42", "50", "60", "61"),
        8, "## ## ## ##", "## ## ## ##",
        ("gmail.com", "hotmail.com", "mail.dk", "outlook.dk", "live.dk", "yahoo.dk")),
    Country("PT", "Portugal", "Portugal", 6, _cities(
        ("Lisboa", "Lisbon", "1"), ("Porto", "Porto", "4"), ("Braga", "Braga", "47"),
        ("Coimbra", "Coimbra", "30"), ("Setúbal", "Setubal", "29"),
        ("Funchal", "Funchal", "90"), ("Aveiro", "Aveiro", "38"),
        ("Évora", "Evora", "70"), ("Faro", "Faro", "80"), ("Guimarães", "Guimaraes", "48")),
        "351", "", ("91", "92", "93", "96"), 9, "### ### ###", "### ### ###",
        ("gmail.com", "sapo.pt", "hotmail.com", "outlook.pt", "iol.pt", "netcabo.pt")),
    Country("BR", "Brazil", "Brasil", 9, _cities(
        ("São Paulo", "Sao Paulo", "01"), ("Rio de Janeiro", "Rio de Janeiro", "20"),
        ("Belo Horizonte", "Belo Horizonte", "30"), ("Brasília", "Brasilia", "70"),
        ("Salvador", "Salvador", "40"), ("Fortaleza", "Fortaleza", "60"),
        ("Curitiba", "Curitiba", "80"), ("Recife", "Recife", "50"),
        ("Porto Alegre", "Porto Alegre", "90"), ("Belém", "Belem", "66")),
        "55", "", ("119", "219", "319", "619", "719", "859", "419", "819",
                               "519", "919"), 11, "(##) #####-####", "## ##### ####",
        ("gmail.com", "hotmail.com", "uol.com.br", "bol.com.br", "yahoo.com.br",
         "terra.com.br", "outlook.com")),
    Country("ES", "Spain", "España", 8, _cities(
        ("Madrid", "Madrid", "28"), ("Barcelona", "Barcelona", "08"),
        ("Valencia", "Valencia", "46"), ("Sevilla", "Seville", "41"),
        ("Zaragoza", "Zaragoza", "50"), ("Málaga", "Malaga", "29"),
        ("Murcia", "Murcia", "30"), ("Palma", "Palma", "07"), ("Bilbao", "Bilbao", "48"),
        ("A Coruña", "A Coruna", "15")),
        "34", "", ("6",), 9, "### ## ## ##", "### ### ###",
        ("gmail.com", "hotmail.com", "yahoo.es", "telefonica.net", "hotmail.es",
         "outlook.es")),
    Country("NL", "Netherlands", "Nederland", 7, _cities(
        ("Amsterdam", "Amsterdam", "10"), ("Rotterdam", "Rotterdam", "30"),
        ("Den Haag", "The Hague", "25"), ("Utrecht", "Utrecht", "35"),
        ("Eindhoven", "Eindhoven", "56"), ("Groningen", "Groningen", "97"),
        ("Tilburg", "Tilburg", "50"), ("Almere", "Almere", "13"),
        ("Breda", "Breda", "48"), ("Nijmegen", "Nijmegen", "65")),
        "31", "0", ("61", "62", "63", "64", "65", "68"), 9, "##-########", "# ########",
        ("gmail.com", "hotmail.com", "ziggo.nl", "kpnmail.nl", "live.nl", "outlook.com",
         "home.nl", "planet.nl")),
    Country("DE", "Germany", "Deutschland", 10, _cities(
        ("Berlin", "Berlin", "10"), ("Hamburg", "Hamburg", "20"),
        ("München", "Munich", "80"), ("Köln", "Cologne", "50"),
        ("Frankfurt am Main", "Frankfurt", "60"), ("Stuttgart", "Stuttgart", "70"),
        ("Düsseldorf", "Dusseldorf", "40"), ("Leipzig", "Leipzig", "04"),
        ("Nürnberg", "Nuremberg", "90"), ("Hannover", "Hanover", "30")),
        "49", "0", ("151", "152", "157", "160", "162", "170", "171", "172",
                           "175", "176", "177", "178", "179"), 11, "#### ########",
        "### ########", ("gmail.com", "web.de", "gmx.de", "t-online.de", "gmx.net",
                         "yahoo.de", "outlook.de")),
    Country("PL", "Poland", "Polska", 7, _cities(
        ("Warszawa", "Warsaw", "0"), ("Kraków", "Krakow", "3"), ("Łódź", "Lodz", "9"),
        ("Wrocław", "Wroclaw", "5"), ("Poznań", "Poznan", "6"), ("Gdańsk", "Gdansk", "8"),
        ("Szczecin", "Szczecin", "7"), ("Bydgoszcz", "Bydgoszcz", "85"),
        ("Lublin", "Lublin", "2"), ("Katowice", "Katowice", "4")),
        "48", "", ("50", "51", "53", "57", "60", "66", "69", "72", "73", "78",
                            "79", "88"), 9, "### ### ###", "###-###-###",
        ("gmail.com", "wp.pl", "onet.pl", "o2.pl", "interia.pl", "op.pl")),
    Country("TR", "Turkey", "Türkiye", 7, _cities(
        ("İstanbul", "Istanbul", "34"), ("Ankara", "Ankara", "06"),
        ("İzmir", "Izmir", "35"), ("Bursa", "Bursa", "16"), ("Antalya", "Antalya", "07"),
        ("Konya", "Konya", "42"), ("Adana", "Adana", "01"),
        ("Gaziantep", "Gaziantep", "27"), ("Eskişehir", "Eskisehir", "26"),
        ("Diyarbakır", "Diyarbakir", "21")),
        "90", "0", ("530", "532", "533", "535", "542", "505", "544", "555"), 10,
        "#### ### ## ##", "### ### ## ##",
        ("gmail.com", "hotmail.com", "yahoo.com", "outlook.com", "yandex.com.tr")),
    Country("VN", "Vietnam", "Việt Nam", 6, _cities(
        ("Hà Nội", "Hanoi", "10"), ("Thành phố Hồ Chí Minh", "Ho Chi Minh City", "70"),
        ("Đà Nẵng", "Da Nang", "55"), ("Hải Phòng", "Haiphong", "18"),
        ("Cần Thơ", "Can Tho", "94"), ("Huế", "Hue", "53"),
        ("Nha Trang", "Nha Trang", "65"), ("Biên Hòa", "Bien Hoa", "81")),
        "84", "0", ("90", "91", "93", "94", "96", "97", "98", "32", "33", "35",
                            "70", "77", "86"), 9, "#### ### ###", "## ### ## ##",
        ("gmail.com", "yahoo.com.vn", "yahoo.com", "hotmail.com")),
    Country("CN", "China", "中国", 5, _cities(
        ("北京", "Beijing", "100"), ("上海", "Shanghai", "200"),
        ("广州", "Guangzhou", "510"), ("深圳", "Shenzhen", "518"),
        ("成都", "Chengdu", "610"), ("杭州", "Hangzhou", "310"),
        ("武汉", "Wuhan", "430"), ("南京", "Nanjing", "210")),
        "86", "", ("138", "139", "135", "136", "137", "150", "151", "158", "186",
                          "188", "130", "131", "132", "155", "133", "153", "189"), 11,
        "### #### ####", "### #### ####",
        ("qq.com", "163.com", "126.com", "sina.com", "gmail.com", "sohu.com")),
    Country("IN", "India", "Bhārat", 6, _cities(
        ("Mumbai", "Mumbai", "400"), ("New Delhi", "New Delhi", "110"),
        ("Bengaluru", "Bangalore", "560"), ("Chennai", "Chennai", "600"),
        ("Hyderabad", "Hyderabad", "500"), ("Kolkata", "Kolkata", "700"),
        ("Pune", "Pune", "411"), ("Ahmedabad", "Ahmedabad", "380")),
        "91", "", ("98", "99", "97", "96", "95", "94", "93", "90", "88", "87",
                           "70", "73", "77", "78", "79", "80", "81", "62", "63"), 10,
        "##### #####", "##### #####",
        ("gmail.com", "yahoo.co.in", "rediffmail.com", "hotmail.com", "outlook.com")),
    Country("EG", "Egypt", "مصر", 4, _cities(
        ("Cairo", "Cairo", "11"), ("Alexandria", "Alexandria", "21"),
        ("Giza", "Giza", "12"), ("Port Said", "Port Said", "42"),
        ("Suez", "Suez", "43"), ("Luxor", "Luxor", "85"), ("Mansoura", "Mansoura", "35"),
        ("Tanta", "Tanta", "31")),
        "20", "0", ("10", "11", "12", "15"), 10, "### #### ####", "## #### ####",
        ("gmail.com", "yahoo.com", "hotmail.com", "outlook.com")),
    Country("RU", "Russia", "Россия", 7, _cities(
        ("Moskva", "Moscow", "10"), ("Sankt-Peterburg", "Saint Petersburg", "19"),
        ("Novosibirsk", "Novosibirsk", "63"), ("Yekaterinburg", "Yekaterinburg", "62"),
        ("Kazan", "Kazan", "42"), ("Nizhny Novgorod", "Nizhny Novgorod", "60"),
        ("Samara", "Samara", "44"), ("Krasnodar", "Krasnodar", "35")),
        "7", "8", ("9",), 10, "# (###) ###-##-##", "### ###-##-##",
        ("mail.ru", "yandex.ru", "gmail.com", "rambler.ru", "bk.ru", "list.ru",
         "inbox.ru")),
    Country("GR", "Greece", "Ελλάδα", 5, _cities(
        ("Athína", "Athens", "10"), ("Thessaloníki", "Thessaloniki", "54"),
        ("Pátra", "Patras", "26"), ("Irákleio", "Heraklion", "71"),
        ("Lárisa", "Larissa", "41"), ("Vólos", "Volos", "38"),
        ("Ioánnina", "Ioannina", "45"), ("Chaniá", "Chania", "73")),
        "30", "", ("69",), 10, "### ### ####", "### ### ####",
        ("gmail.com", "yahoo.gr", "hotmail.com", "otenet.gr", "hotmail.gr")),
)  # fmt: skip
BY_CODE = {c.code: c for c in COUNTRIES}
# The naming cultures living in each country (residence -> culture weights).
CULTURES: dict[str, tuple[tuple[str, float], ...]] = {
    "SE": (("SE", 0.9), ("EG", 0.04), ("PL", 0.03), ("TR", 0.03)),
    "NO": (("NO", 0.92), ("PL", 0.04), ("VN", 0.02), ("SE", 0.02)),
    "DK": (("DK", 0.93), ("TR", 0.04), ("DE", 0.03)),
    "PT": (("PT", 0.95), ("BR", 0.05)),
    "BR": (("BR", 0.97), ("PT", 0.02), ("CN", 0.01)),
    "ES": (("ES", 0.95), ("BR", 0.02), ("EG", 0.03)),
    "NL": (("NL", 0.9), ("TR", 0.05), ("EG", 0.03), ("DE", 0.02)),
    "DE": (("DE", 0.86), ("TR", 0.07), ("PL", 0.04), ("RU", 0.02), ("GR", 0.01)),
    "PL": (("PL", 0.99), ("VN", 0.01)),
    "TR": (("TR", 1.0),),
    "VN": (("VN", 1.0),),
    "CN": (("CN", 1.0),),
    "IN": (("IN", 1.0),),
    "EG": (("EG", 1.0),),
    "RU": (("RU", 1.0),),
    "GR": (("GR", 1.0),),
}


def digits(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(string.digits) for _ in range(n))


def postcode(rng: random.Random, country: Country, city: City) -> str:
    """A postcode of ``city``: its prefix, then the country's pattern filled in.

    ``Stockholm`` (prefix ``11``, pattern ``### ##``) gives ``114 55``.
    """
    full = {
        "SE": "### ##", "NO": "####", "DK": "####", "PT": "####-###", "BR": "#####-###",
        "ES": "#####", "NL": "#### AA", "DE": "#####", "PL": "##-###", "TR": "#####",
        "VN": "######", "CN": "######", "IN": "######", "EG": "#####", "RU": "######",
        "GR": "### ##",
    }[country.code]  # fmt: skip
    out, prefix = [], list(city.postcode)
    for ch in full:
        if ch == "#":
            out.append(prefix.pop(0) if prefix else rng.choice(string.digits))
        elif ch == "A":
            out.append(rng.choice("ABCDEGHJKLMNPRSTVWXZ"))
        else:
            out.append(ch)
    return "".join(out)


def _group(number: str, pattern: str) -> str:
    out, i = [], 0
    for ch in pattern:
        if ch == "#":
            out.append(number[i] if i < len(number) else "")
            i += 1
        else:
            out.append(ch)
    return "".join(out) + number[i:]


def mobile(rng: random.Random, country: Country) -> str:
    """A national significant number of a mobile line."""
    prefix = rng.choice(country.mobile)
    return prefix + digits(rng, country.length - len(prefix))


def write_phone(rng: random.Random, country: Country, nsn: str) -> str:
    """``nsn`` as a person types it: local, international, or bare E.164."""
    style = rng.random()
    if style < 0.55:
        return _group(country.trunk + nsn, country.local)
    if style < 0.85:
        return f"+{country.cc} " + _group(nsn, country.intl)
    if style < 0.95 or country.code in ("BR", "CN", "IN", "VN", "RU", "EG"):
        return f"+{country.cc}{nsn}"
    return f"00{country.cc} {nsn}"  # the European international prefix
