# Name and place tables are laid out by hand, several entries a line:
# ruff: noqa: E501
"""Names for ``gen_world.py``: who is called what, per naming culture.

Built from public facts about naming, not from the dev generator: Nordic
patronymics (-sson, -sen) and ornamental compounds (Lind + ström), Iberian double
family names (Spain: father's then mother's; Portugal and Brazil: mother's then
father's, with de/da/dos), Dutch tussenvoegsels and German von/zu, Polish
-ski/-ska, Turkish surnames of 1934 (often compounds: Öz + türk), Vietnamese
family + middle + given (Nguyễn is about 38 % of the country), Chinese family name
first (the top 10 cover about 40 %), Indian and Egyptian names with their many
romanisations, Russian and Greek names written in their own script, with a
feminine form of the family name. Lists are ordered by frequency; ``pick`` draws
with a Zipf-like weight so the head names are common and namesakes are real.
"""

from __future__ import annotations

import random
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class Name:
    """One person's name as the CRM knows it, plus what they use online."""

    culture: str
    sex: str  # "f" or "m"
    given: str  # given name(s) in Latin letters, local diacritics kept
    family: str  # family name(s), particles included ("de Vries", "da Silva Santos")
    middle: str = ""  # Vietnamese middle, Russian patronymic, Egyptian father's name
    family_first: bool = False  # native order is family name first
    native_given: str = ""  # own script (Cyrillic, Greek, Han, Arabic)
    native_family: str = ""
    nicks: tuple[str, ...] = field(default=())  # informal given names
    western: str = ""  # a Western given name used online (Vietnam, China)


def pick(rng: random.Random, items: Sequence[T], s: float = 0.9) -> T:
    """An item drawn with weight 1 / rank**s (the list is in frequency order)."""
    weights = _zipf(len(items), s)
    return rng.choices(items, cum_weights=weights)[0]


_ZIPF: dict[tuple[int, float], list[float]] = {}


def _zipf(n: int, s: float) -> list[float]:
    key = (n, s)
    if key not in _ZIPF:
        total, cum = 0.0, []
        for i in range(n):
            total += 1.0 / (i + 1) ** s
            cum.append(total)
        _ZIPF[key] = cum
    return _ZIPF[key]


def fold(text: str, culture: str = "") -> str:
    """ASCII the way people type it on a keyboard without the letters."""
    table = (
        _FOLD_DE
        if culture in ("DE", "NL")
        else _FOLD_NORDIC
        if culture in ("NO", "DK")
        else {}
    )
    out = "".join(table.get(ch, ch) for ch in text)
    out = "".join(_FOLD.get(ch, ch) for ch in out)
    decomposed = unicodedata.normalize("NFKD", out)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


_FOLD = {"ß": "ss", "ø": "o", "Ø": "O", "æ": "ae", "Æ": "Ae", "ł": "l", "Ł": "L",
         "đ": "d", "Đ": "D", "ı": "i", "œ": "oe"}  # fmt: skip
_FOLD_DE = {"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue"}
_FOLD_NORDIC = {"å": "aa", "Å": "Aa", "ø": "oe", "Ø": "Oe", "æ": "ae", "Æ": "Ae"}

# --- Nordic -----------------------------------------------------------------
SE_M = ("Lars", "Mikael", "Anders", "Johan", "Erik", "Per", "Karl", "Peter", "Thomas",
        "Jan", "Daniel", "Fredrik", "Hans", "Andreas", "Stefan", "Mats", "Magnus",
        "Björn", "Oskar", "Gustav", "Axel", "Nils", "Jonas", "Håkan", "Göran", "Åke",
        "Olof", "Viktor", "Emil", "Linus")  # fmt: skip
SE_F = ("Anna", "Eva", "Maria", "Karin", "Sara", "Kristina", "Lena", "Emma", "Kerstin",
        "Ingrid", "Marie", "Malin", "Jenny", "Birgitta", "Sofia", "Linnéa", "Elin",
        "Åsa", "Ebba", "Maja", "Agnes", "Astrid", "Märta", "Ulla", "Britt", "Hanna",
        "Ida", "Frida", "Wilma", "Signe")  # fmt: skip
SE_PATRON = ("Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson",
             "Olsson", "Persson", "Svensson", "Gustafsson", "Pettersson", "Jonsson",
             "Jansson", "Hansson", "Bengtsson", "Jönsson", "Carlsson", "Petersson",
             "Magnusson", "Mattsson")  # fmt: skip
SE_HEAD = ("Lindberg", "Lindström", "Lindqvist", "Lindgren", "Berg", "Bergström",
           "Lundberg", "Lundgren", "Lundqvist", "Sjöberg", "Åberg", "Öberg", "Holm",
           "Engström", "Ekström", "Löfgren", "Söderberg", "Nyström", "Sandberg",
           "Forsberg", "Hägglund", "Björk", "Wallin", "Åkesson", "Strömberg")  # fmt: skip
SE_PART1 = ("Lind", "Berg", "Sjö", "Ek", "Ström", "Sund", "Holm", "Löv", "Björk", "Ås",
            "Dahl", "Norr", "Söder", "Öst", "Väst", "Gran", "Al", "Asp", "Hag", "Lund",
            "Fors", "Sten", "Ny", "Wall", "Hed", "Mal", "Sand", "Rosen", "Lilje", "Ahl")  # fmt: skip
SE_PART2 = ("ström", "berg", "lund", "gren", "qvist", "holm", "dahl", "sten", "blad",
            "bäck", "hed", "mark", "vall", "kvist", "man", "ling", "näs", "by")  # fmt: skip
NO_M = ("Jan", "Per", "Bjørn", "Ole", "Lars", "Kjell", "Knut", "Arne", "Svein", "Hans",
        "Thomas", "Geir", "Tor", "Morten", "Terje", "Odd", "Martin", "Erik", "Anders",
        "Rune", "Jonas", "Håkon", "Sindre", "Magnus", "Øystein", "Eirik", "Trond",
        "Espen", "Sigurd", "Ståle")  # fmt: skip
NO_F = ("Anne", "Inger", "Kari", "Marit", "Ingrid", "Liv", "Eva", "Berit", "Astrid",
        "Bjørg", "Hilde", "Anna", "Solveig", "Marianne", "Randi", "Ida", "Nina",
        "Ragnhild", "Silje", "Ingeborg", "Tone", "Kristin", "Åse", "Sølvi", "Gro",
        "Tuva", "Sigrid", "Hege", "Mari", "Guro")  # fmt: skip
NO_HEAD = ("Hansen", "Johansen", "Olsen", "Larsen", "Andersen", "Pedersen", "Nilsen",
           "Kristiansen", "Jensen", "Karlsen", "Johnsen", "Pettersen", "Eriksen",
           "Berg", "Haugen", "Hagen", "Johannessen", "Andreassen", "Jacobsen",
           "Dahl", "Jørgensen", "Halvorsen", "Henriksen", "Lund", "Sørensen",
           "Jakobsen", "Moen", "Gundersen", "Iversen", "Strand", "Solberg", "Svendsen",
           "Eide", "Knutsen", "Martinsen", "Paulsen", "Bakken", "Kristoffersen",
           "Mathisen", "Lie", "Amundsen", "Nguyen", "Rasmussen", "Ali", "Lunde",
           "Solheim", "Berge", "Moe", "Nygård", "Bakke")  # fmt: skip
NO_PART1 = ("Berg", "Haug", "Bakk", "Myr", "Strand", "Nord", "Sør", "Øst", "Vest",
            "Lund", "Fjell", "Dal", "Aas", "Sæ", "Brå", "Grøn", "Løk", "Kvam", "Tveit",
            "Rønn", "Vik", "Holm", "Eng", "Fløy", "Skog")  # fmt: skip
NO_PART2 = ("heim", "vik", "li", "land", "berg", "rud", "stad", "bø", "dal", "seth",
            "vold", "gård", "haug", "ås", "nes", "lien")  # fmt: skip
DK_M = ("Peter", "Jens", "Lars", "Michael", "Henrik", "Thomas", "Søren", "Jan",
        "Niels", "Christian", "Martin", "Morten", "Jesper", "Anders", "Rasmus",
        "Mads", "Frederik", "Kasper", "Mikkel", "Jørgen", "Poul", "Bent", "Ole",
        "Kim", "Jakob", "Emil", "Magnus", "Torben", "Steen", "Bjarne")  # fmt: skip
DK_F = ("Anne", "Kirsten", "Mette", "Hanne", "Helle", "Anna", "Susanne", "Lene",
        "Maria", "Marianne", "Lone", "Camilla", "Louise", "Pia", "Charlotte", "Inge",
        "Tina", "Bente", "Ida", "Emma", "Sofie", "Freja", "Karen", "Birgitte",
        "Søs", "Dorthe", "Maja", "Line", "Signe", "Grethe")  # fmt: skip
DK_HEAD = ("Nielsen", "Jensen", "Hansen", "Pedersen", "Andersen", "Christensen",
           "Larsen", "Sørensen", "Rasmussen", "Jørgensen", "Petersen", "Madsen",
           "Kristensen", "Olsen", "Thomsen", "Christiansen", "Poulsen", "Johansen",
           "Møller", "Mortensen", "Knudsen", "Jakobsen", "Jacobsen", "Mikkelsen",
           "Olesen", "Frederiksen", "Laursen", "Henriksen", "Lund", "Schmidt",
           "Holm", "Kjær", "Eriksen", "Østergaard", "Simonsen", "Andreasen",
           "Clausen", "Bach", "Nørgaard", "Ravn", "Mølgaard", "Dam", "Vestergaard",
           "Søndergaard", "Bruun", "Lauridsen", "Skov", "Bech", "Winther", "Kjeldsen")  # fmt: skip
DK_PART1 = ("Øster", "Vester", "Sønder", "Nør", "Dam", "Mølle", "Kjær", "Skov",
            "Bjerg", "Lyk", "Fær", "Bøg", "Ege", "Hede", "Stryh", "Lind", "Tof")  # fmt: skip
DK_PART2 = ("gaard", "bjerg", "holm", "lund", "by", "skov", "dal", "høj", "strup",
            "rup", "sted", "toft")  # fmt: skip

# --- Iberian ------------------------------------------------------------------
PT_FAMILY = ("Silva", "Santos", "Ferreira", "Pereira", "Oliveira", "Costa",
             "Rodrigues", "Martins", "Jesus", "Sousa", "Fernandes", "Gonçalves",
             "Gomes", "Lopes", "Marques", "Alves", "Almeida", "Ribeiro", "Pinto",
             "Carvalho", "Teixeira", "Moreira", "Correia", "Mendes", "Nunes", "Soares",
             "Vieira", "Monteiro", "Cardoso", "Rocha", "Raposo", "Neves", "Coelho",
             "Cruz", "Cunha", "Pires", "Ramos", "Reis", "Simões", "Antunes", "Matos",
             "Fonseca", "Machado", "Araújo", "Barbosa", "Tavares", "Lourenço", "Castro",
             "Figueiredo", "Azevedo", "Freitas", "Magalhães", "Lima", "Barros",
             "Nascimento", "Moura", "Campos", "Andrade", "Brandão", "Conceição",
             "Assunção", "Baptista", "Quintas", "Valente", "Sequeira", "Mota", "Loureiro",
             "Esteves", "Paiva", "Faria", "Branco", "Guerreiro", "Melo", "Sá", "Leite")  # fmt: skip
# the particle a family name usually takes when it takes one
PT_PARTICLE = {"Silva": "da", "Santos": "dos", "Costa": "da", "Sousa": "de",
               "Oliveira": "de", "Jesus": "de", "Conceição": "da", "Nascimento": "do",
               "Reis": "dos", "Neves": "das", "Cruz": "da", "Assunção": "da",
               "Almeida": "de", "Carvalho": "de", "Fonseca": "da", "Rocha": "da",
               "Cunha": "da", "Mota": "da", "Sá": "de", "Melo": "de", "Andrade": "de",
               "Castro": "de", "Freitas": "de", "Moura": "de", "Matos": "de"}  # fmt: skip
PT_M = ("João", "José", "António", "Francisco", "Manuel", "Pedro", "Luís", "Rui",
        "Paulo", "Carlos", "Miguel", "Tiago", "Nuno", "Ricardo", "Jorge", "Fernando",
        "Diogo", "Duarte", "Gonçalo", "Afonso", "Rodrigo", "Tomás", "Bruno", "Vasco",
        "Joaquim", "Sérgio", "André", "Hugo", "Filipe", "Vítor")  # fmt: skip
PT_F = ("Maria", "Ana", "Joana", "Sofia", "Beatriz", "Inês", "Mariana", "Catarina",
        "Rita", "Sara", "Marta", "Carla", "Patrícia", "Sandra", "Teresa", "Helena",
        "Isabel", "Cláudia", "Filipa", "Leonor", "Matilde", "Francisca", "Margarida",
        "Raquel", "Susana", "Alice", "Lúcia", "Conceição", "Fátima", "Graça")  # fmt: skip
BR_M = ("José", "João", "Antônio", "Francisco", "Carlos", "Paulo", "Pedro", "Lucas",
        "Luiz", "Marcos", "Luís", "Gabriel", "Rafael", "Daniel", "Marcelo", "Bruno",
        "Eduardo", "Felipe", "Raimundo", "Rodrigo", "Thiago", "Mateus", "Gustavo",
        "Guilherme", "Leonardo", "Vinícius", "Fábio", "Sebastião", "Murilo", "Caio")  # fmt: skip
BR_F = ("Maria", "Ana", "Francisca", "Antônia", "Adriana", "Juliana", "Márcia",
        "Fernanda", "Patrícia", "Aline", "Sandra", "Camila", "Amanda", "Bruna",
        "Jéssica", "Letícia", "Júlia", "Luciana", "Vanessa", "Mariana", "Gabriela",
        "Vera", "Vitória", "Larissa", "Cláudia", "Beatriz", "Luana", "Rita",
        "Sônia", "Raimunda")  # fmt: skip
PT_COMPOUND = ("Maria João", "João Pedro", "Ana Rita", "Ana Paula", "Maria José",
               "José Carlos", "Luiz Carlos", "Maria Eduarda", "João Paulo",
               "Ana Luísa", "Pedro Miguel", "Maria Clara", "Luís Filipe")  # fmt: skip
ES_FAMILY = ("García", "Rodríguez", "González", "Fernández", "López", "Martínez",
             "Sánchez", "Pérez", "Gómez", "Martín", "Jiménez", "Ruiz", "Hernández",
             "Díaz", "Moreno", "Muñoz", "Álvarez", "Romero", "Alonso", "Gutiérrez",
             "Navarro", "Torres", "Domínguez", "Vázquez", "Ramos", "Gil", "Ramírez",
             "Serrano", "Blanco", "Molina", "Morales", "Suárez", "Ortega", "Delgado",
             "Castro", "Ortiz", "Rubio", "Marín", "Sanz", "Núñez", "Iglesias", "Medina",
             "Garrido", "Cortés", "Castillo", "Santos", "Lozano", "Guerrero", "Cano",
             "Prieto", "Méndez", "Cruz", "Calvo", "Gallego", "Vidal", "León", "Márquez",
             "Herrera", "Peña", "Flores", "Cabrera", "Campos", "Vega", "Fuentes",
             "Carrasco", "Diez", "Caballero", "Reyes", "Nieto", "Aguilar", "Pascual",
             "Santana", "Herrero", "Lorenzo", "Montero", "Hidalgo", "Giménez", "Ibáñez",
             "Ferrer", "Durán", "Santiago", "Benítez", "Mora", "Vicente", "Vargas",
             "Arias", "Carmona", "Crespo", "Román", "Pastor", "Soto", "Sáez", "Velasco",
             "Moya", "Soler", "Parra", "Esteban", "Bravo", "Gallardo", "Rojas")  # fmt: skip
ES_M = ("Antonio", "Manuel", "José", "Francisco", "David", "Juan", "Javier", "Daniel",
        "José Antonio", "Francisco Javier", "José Luis", "Carlos", "Jesús", "Alejandro",
        "Miguel", "José Manuel", "Rafael", "Pablo", "Pedro", "Ángel", "Sergio",
        "Fernando", "Jorge", "Luis", "Alberto", "Juan Carlos", "Álvaro", "Adrián",
        "Diego", "Raúl")  # fmt: skip
ES_F = ("María Carmen", "María", "Carmen", "Ana María", "Laura", "María Pilar",
        "Josefa", "Isabel", "María Dolores", "Ana", "Cristina", "Marta", "Lucía",
        "María Isabel", "Francisca", "Dolores", "Antonia", "Elena", "Sara", "Paula",
        "Pilar", "Raquel", "Rosa María", "Mercedes", "Manuela", "Beatriz", "Rocío",
        "Nuria", "Silvia", "Julia")  # fmt: skip

# --- Dutch, German ------------------------------------------------------------
NL_FAMILY = ("de Jong", "Jansen", "de Vries", "van den Berg", "van Dijk", "Bakker",
             "Janssen", "Visser", "Smit", "Meijer", "de Boer", "Mulder", "de Groot",
             "Bos", "Vos", "Peters", "Hendriks", "van Leeuwen", "Dekker", "Brouwer",
             "de Wit", "Dijkstra", "Smits", "de Graaf", "van der Meer", "van der Linden",
             "Kok", "Jacobs", "de Haan", "Vermeulen", "van den Heuvel", "van der Veen",
             "van den Broek", "de Bruijn", "de Bruin", "van der Heijden", "Schouten",
             "van Beek", "Willems", "van Vliet", "van de Ven", "Hoekstra", "Maas",
             "Verhoeven", "Koster", "van Dam", "van der Wal", "Prins", "Blom",
             "Huisman", "Peeters", "de Jonge", "Kuipers", "van Veen", "Post", "Kuiper",
             "Veenstra", "Kramer", "van den Brink", "Scholten", "van Wijk", "Postma",
             "Martens", "Vink", "de Ruiter", "Timmermans", "Groen", "Gerritsen",
             "Jonker", "van Loon", "Boer", "van der Velde", "Willemsen", "Smeets",
             "de Lange", "de Vos", "Bosch", "van Dongen", "Schipper", "de Koning",
             "van der Laan", "Koning", "van der Velden", "Driessen", "van Doorn",
             "Hermans", "Evers", "van den Bosch", "van der Meulen", "Hofman", "Bosman",
             "Wolters", "Sanders", "van der Horst", "Mol", "Kuijpers", "Molenaar",
             "van de Pol", "de Leeuw", "Verbeek", "ter Horst", "van 't Hof")  # fmt: skip
NL_M = ("Jan", "Johannes", "Cornelis", "Hendrik", "Willem", "Pieter", "Gerrit",
        "Jacobus", "Daan", "Sem", "Lucas", "Thomas", "Bram", "Ruben", "Joost", "Bas",
        "Tim", "Koen", "Niels", "Sander", "Martijn", "Jeroen", "Wouter", "Stijn",
        "Maarten", "Thijs", "Sjoerd", "Ruud", "Arjen", "Gijs")  # fmt: skip
NL_F = ("Maria", "Anna", "Johanna", "Cornelia", "Elisabeth", "Emma", "Sophie",
        "Julia", "Anne", "Lisa", "Eva", "Sanne", "Femke", "Lotte", "Fleur", "Anouk",
        "Marieke", "Esther", "Ingrid", "Linda", "Monique", "Sandra", "Petra",
        "Marloes", "Inge", "Saskia", "Ilse", "Noor", "Tess", "Sara")  # fmt: skip
DE_FAMILY = ("Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner",
             "Becker", "Schulz", "Hoffmann", "Schäfer", "Koch", "Bauer", "Richter",
             "Klein", "Wolf", "Schröder", "Neumann", "Schwarz", "Zimmermann", "Braun",
             "Krüger", "Hofmann", "Hartmann", "Lange", "Schmitt", "Werner", "Schmitz",
             "Krause", "Meier", "Lehmann", "Schmid", "Schulze", "Maier", "Köhler",
             "Herrmann", "König", "Walter", "Mayer", "Huber", "Kaiser", "Fuchs",
             "Peters", "Lang", "Scholz", "Möller", "Weiß", "Jung", "Hahn", "Schubert",
             "Vogel", "Friedrich", "Keller", "Günther", "Frank", "Berger", "Winkler",
             "Roth", "Beck", "Lorenz", "Baumann", "Franke", "Albrecht", "Schuster",
             "Simon", "Ludwig", "Böhm", "Winter", "Kraus", "Martin", "Schumacher",
             "Krämer", "Vogt", "Stein", "Jäger", "Otto", "Sommer", "Groß", "Seidel",
             "Heinrich", "Brandt", "Haas", "Schreiber", "Graf", "Schulte", "Dietrich",
             "Ziegler", "Kuhn", "Kühn", "Pohl", "Engel", "Horn", "Busch", "Bergmann",
             "Thomas", "Voigt", "Sauer", "Arnold", "Wolff", "Pfeiffer")  # fmt: skip
DE_NOBLE = ("von Bülow", "von Arnim", "von der Heide", "von Stein", "von Weizsäcker",
            "zu Dohna", "von der Lippe", "von Hagen", "von Knobelsdorff", "von Moltke")  # fmt: skip
DE_M = ("Peter", "Michael", "Thomas", "Andreas", "Wolfgang", "Klaus", "Jürgen",
        "Stefan", "Christian", "Uwe", "Werner", "Frank", "Matthias", "Hans-Peter",
        "Karl-Heinz", "Jörg", "Lukas", "Jonas", "Leon", "Felix", "Maximilian", "Paul",
        "Tobias", "Sebastian", "Florian", "Dieter", "Günter", "Horst", "Bernd", "Ralf")  # fmt: skip
DE_F = ("Ursula", "Monika", "Petra", "Sabine", "Andrea", "Renate", "Karin", "Claudia",
        "Susanne", "Birgit", "Gabriele", "Stefanie", "Anna", "Lena", "Lea", "Hannah",
        "Sophie", "Katharina", "Julia", "Laura", "Jana", "Jessica", "Nicole", "Sandra",
        "Heike", "Anja", "Brigitte", "Jutta", "Anne-Marie", "Käthe")  # fmt: skip

# --- Poland, Turkey -----------------------------------------------------------
PL_FAMILY = ("Nowak", "Kowalski", "Wiśniewski", "Wójcik", "Kowalczyk", "Kamiński",
             "Lewandowski", "Zieliński", "Szymański", "Woźniak", "Dąbrowski",
             "Kozłowski", "Jankowski", "Mazur", "Wojciechowski", "Kwiatkowski",
             "Krawczyk", "Kaczmarek", "Piotrowski", "Grabowski", "Zając", "Pawłowski",
             "Michalski", "Król", "Wieczorek", "Jabłoński", "Wróbel", "Nowakowski",
             "Majewski", "Olszewski", "Stępień", "Malinowski", "Jaworski", "Adamczyk",
             "Dudek", "Nowicki", "Pawlak", "Górski", "Witkowski", "Walczak", "Sikora",
             "Baran", "Rutkowski", "Michalak", "Szewczyk", "Ostrowski", "Tomaszewski",
             "Pietrzak", "Zalewski", "Wróblewski", "Marciniak", "Jasiński", "Zawadzki",
             "Bąk", "Jakubowski", "Sadowski", "Duda", "Włodarczyk", "Wilk",
             "Chmielewski", "Borkowski", "Sokołowski", "Szczepański", "Sawicki", "Lis",
             "Kucharski", "Mazurek", "Kubiak", "Kalinowski", "Wysocki", "Żak",
             "Kołodziej", "Czarnecki", "Urbański", "Przybylski", "Ślusarczyk")  # fmt: skip
PL_M = ("Piotr", "Krzysztof", "Andrzej", "Tomasz", "Paweł", "Jan", "Michał", "Marcin",
        "Stanisław", "Jakub", "Adam", "Marek", "Łukasz", "Grzegorz", "Mateusz",
        "Wojciech", "Mariusz", "Dariusz", "Zbigniew", "Jerzy", "Maciej", "Rafał",
        "Kamil", "Szymon", "Józef", "Ryszard", "Tadeusz", "Jacek", "Bartłomiej", "Kacper")  # fmt: skip
PL_F = ("Anna", "Maria", "Katarzyna", "Małgorzata", "Agnieszka", "Barbara", "Ewa",
        "Krystyna", "Magdalena", "Elżbieta", "Joanna", "Aleksandra", "Monika",
        "Zofia", "Teresa", "Danuta", "Natalia", "Karolina", "Marta", "Beata",
        "Dorota", "Halina", "Jadwiga", "Jolanta", "Iwona", "Grażyna", "Julia",
        "Zuzanna", "Wiktoria", "Bożena")  # fmt: skip
TR_FAMILY = ("Yılmaz", "Kaya", "Demir", "Şahin", "Çelik", "Yıldız", "Yıldırım",
             "Öztürk", "Aydın", "Özdemir", "Arslan", "Doğan", "Kılıç", "Aslan", "Çetin",
             "Kara", "Koç", "Kurt", "Özkan", "Şimşek", "Polat", "Özcan", "Korkmaz",
             "Çakır", "Erdoğan", "Yavuz", "Can", "Acar", "Şen", "Aktaş", "Güler",
             "Yalçın", "Güneş", "Bozkurt", "Bulut", "Keskin", "Ünal", "Turan", "Gül",
             "Özer", "Işık", "Kaplan", "Avcı", "Sarı", "Tekin", "Taş", "Köse", "Yüksel",
             "Ateş", "Aksoy")  # fmt: skip
TR_PART1 = ("Öz", "Kara", "Ak", "Gök", "Er", "Ay", "Yıl", "Al", "Kor", "Tun", "Demir",
            "Çelik", "Uz", "Şen", "Gül", "Baş", "Ekin", "Tur")  # fmt: skip
TR_PART2 = ("türk", "kaya", "soy", "han", "taş", "el", "dağ", "can", "göz", "oğlu",
            "er", "ay", "tekin", "bay", "alp")  # fmt: skip
TR_M = ("Mehmet", "Mustafa", "Ahmet", "Ali", "Hüseyin", "Hasan", "İbrahim", "İsmail",
        "Osman", "Yusuf", "Murat", "Ömer", "Ramazan", "Halil", "Süleyman", "Abdullah",
        "Mahmut", "Emre", "Burak", "Serkan", "Fatih", "Kemal", "Can", "Onur", "Uğur",
        "Gökhan", "Barış", "Çağlar", "Yiğit", "Eren")  # fmt: skip
TR_F = ("Fatma", "Ayşe", "Emine", "Hatice", "Zeynep", "Elif", "Meryem", "Şerife",
        "Zehra", "Sultan", "Hanife", "Merve", "Havva", "Zeliha", "Esra", "Fadime",
        "Özlem", "Hülya", "Yasemin", "Büşra", "Gülsüm", "Derya", "Ebru", "Seda",
        "Tuğba", "Gizem", "Damla", "Çiğdem", "Şule", "İrem")  # fmt: skip

# --- Vietnam, China -----------------------------------------------------------
VN_FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ",
             "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý")  # fmt: skip
VN_FAMILY_W = (38.4, 11, 9.5, 7, 5.1, 4.0, 4.5, 3.9, 2.5, 2.1, 2, 1.4, 1.3, 1.3, 1, 0.5)
VN_MIDDLE_M = ("Văn", "Hữu", "Đức", "Minh", "Quang", "Thanh", "Công", "Xuân")
VN_MIDDLE_F = ("Thị", "Ngọc", "Thu", "Thanh", "Kim", "Hồng", "Minh", "Bảo")
VN_M = ("Anh", "Minh", "Hùng", "Dũng", "Tuấn", "Hải", "Nam", "Long", "Hưng", "Phúc",
        "Thắng", "Khánh", "Quân", "Huy", "Bảo", "Đạt", "Sơn", "Trung", "Tài", "Vinh",
        "Cường", "Thành", "Toàn", "Hiếu", "Lộc")  # fmt: skip
VN_F = ("Lan", "Hương", "Hoa", "Linh", "Mai", "Ngọc", "Trang", "Thảo", "Hà", "Huyền",
        "Phương", "Thủy", "Nhung", "Yến", "Vy", "Chi", "My", "Hạnh", "Nga", "Loan",
        "Uyên", "Trâm", "Thư", "Hằng", "Quỳnh")  # fmt: skip
WESTERN_M = ("Kevin", "Tony", "David", "Peter", "Jack", "Henry", "Michael", "Eric",
             "Jason", "Andy", "Leo", "Vincent", "Steven", "Alex", "Brian")  # fmt: skip
WESTERN_F = ("Jenny", "Lisa", "Anna", "Vivian", "Tina", "Kelly", "Amy", "Cindy",
             "Grace", "Emily", "Linda", "Helen", "Sophie", "Cherry", "Annie")  # fmt: skip
# (Han, toned pinyin); toneless pinyin is the fold of the toned one
CN_FAMILY = (("王", "Wáng"), ("李", "Lǐ"), ("张", "Zhāng"), ("刘", "Liú"),
             ("陈", "Chén"), ("杨", "Yáng"), ("黄", "Huáng"), ("赵", "Zhào"),
             ("吴", "Wú"), ("周", "Zhōu"), ("徐", "Xú"), ("孙", "Sūn"), ("马", "Mǎ"),
             ("朱", "Zhū"), ("胡", "Hú"), ("郭", "Guō"), ("何", "Hé"), ("高", "Gāo"),
             ("林", "Lín"), ("罗", "Luó"), ("郑", "Zhèng"), ("梁", "Liáng"),
             ("谢", "Xiè"), ("宋", "Sòng"), ("唐", "Táng"), ("韩", "Hán"),
             ("冯", "Féng"), ("邓", "Dèng"), ("曹", "Cáo"), ("彭", "Péng"))  # fmt: skip
CN_FAMILY_W = (7.1, 7.1, 6.8, 5.4, 4.6, 3.1, 2.4, 2.3, 2.1, 2.1, 1.7, 1.5, 1.5, 1.3,
               1.3, 1.2, 1.2, 1.1, 1.1, 1.0, 1.0, 0.9, 0.9, 0.8, 0.8, 0.8, 0.7, 0.7,
               0.7, 0.7)  # fmt: skip
CN_SYLLABLE_M = (("伟", "wěi"), ("强", "qiáng"), ("磊", "lěi"), ("军", "jūn"),
                 ("洋", "yáng"), ("勇", "yǒng"), ("杰", "jié"), ("涛", "tāo"),
                 ("明", "míng"), ("超", "chāo"), ("刚", "gāng"), ("平", "píng"),
                 ("建", "jiàn"), ("国", "guó"), ("海", "hǎi"), ("宇", "yǔ"),
                 ("浩", "hào"), ("鹏", "péng"), ("俊", "jùn"), ("文", "wén"),
                 ("志", "zhì"), ("晓", "xiǎo"), ("东", "dōng"), ("华", "huá"))  # fmt: skip
CN_SYLLABLE_F = (("芳", "fāng"), ("娜", "nà"), ("敏", "mǐn"), ("静", "jìng"),
                 ("丽", "lì"), ("艳", "yàn"), ("娟", "juān"), ("秀", "xiù"),
                 ("霞", "xiá"), ("英", "yīng"), ("玲", "líng"), ("婷", "tíng"),
                 ("雪", "xuě"), ("慧", "huì"), ("红", "hóng"), ("梅", "méi"),
                 ("琳", "lín"), ("燕", "yàn"), ("晓", "xiǎo"), ("颖", "yǐng"),
                 ("欣", "xīn"), ("佳", "jiā"), ("月", "yuè"), ("华", "huá"))  # fmt: skip

# --- India, Egypt ---------------------------------------------------------------
IN_M = ("Rahul", "Amit", "Rajesh", "Suresh", "Vijay", "Sanjay", "Arjun", "Rohan",
        "Vikram", "Anil", "Deepak", "Manoj", "Ravi", "Srinivas", "Venkatesh", "Karthik",
        "Aditya", "Pradeep", "Mohammed", "Sunil", "Ramesh", "Ashok", "Nitin", "Gaurav",
        "Harish", "Prakash", "Ajay", "Abhishek", "Siddharth", "Ganesh")  # fmt: skip
IN_F = ("Priya", "Anjali", "Pooja", "Neha", "Sunita", "Lakshmi", "Kavita", "Deepa",
        "Divya", "Sneha", "Meena", "Asha", "Shreya", "Ananya", "Swati", "Lalitha",
        "Padma", "Aishwarya", "Geeta", "Rekha", "Nisha", "Shalini", "Sangeeta",
        "Radha", "Usha", "Savitri", "Kamala", "Jyoti", "Aarti", "Bhavana")  # fmt: skip
IN_FAMILY = ("Sharma", "Singh", "Kumar", "Patel", "Verma", "Gupta", "Shah", "Reddy",
             "Rao", "Nair", "Iyer", "Menon", "Pillai", "Das", "Banerjee", "Chatterjee",
             "Mukherjee", "Ghosh", "Bose", "Joshi", "Kulkarni", "Deshpande", "Patil",
             "Jain", "Agarwal", "Mehta", "Chopra", "Kapoor", "Malhotra", "Bhat", "Naidu",
             "Choudhary", "Yadav", "Mishra", "Pandey", "Tiwari", "Srivastava", "Saxena",
             "Krishnan", "Subramanian", "Khan", "Desai", "Sinha", "Thakur", "Chauhan",
             "Bhatt", "Goyal", "Arora", "Sethi", "Hegde")  # fmt: skip
EG_M = ("Mohamed", "Ahmed", "Mahmoud", "Mostafa", "Ali", "Omar", "Youssef", "Khaled",
        "Hassan", "Hussein", "Ibrahim", "Amr", "Tarek", "Karim", "Abdel Rahman",
        "Abdallah", "Sherif", "Hany", "Mohab", "Ashraf")  # fmt: skip
EG_F = ("Fatma", "Aya", "Mariam", "Nour", "Sara", "Yasmin", "Heba", "Mona", "Dina",
        "Salma", "Esraa", "Rania", "Reem", "Nada", "Amira", "Hana", "Shaimaa",
        "Doaa", "Asmaa", "Nesma")  # fmt: skip
EG_FAMILY = ("Hassan", "Ali", "Mohamed", "Ahmed", "Ibrahim", "Mahmoud", "Abdel Aziz",
             "El-Sayed", "Mostafa", "Youssef", "Khalil", "Saleh", "Farouk", "Salem",
             "El-Masry", "Gamal", "Abdallah", "Soliman", "Fathy", "Shahin", "Naguib",
             "Hegazy", "Mansour", "Ashour", "Kamal", "Said", "Ramadan", "Zaki",
             "Badawi", "Fawzy", "Hussein", "Omar", "Abdel Rahman", "Hamdy", "Nasser")  # fmt: skip
ARABIC_SCRIPT = {
    "Mohamed": "محمد", "Ahmed": "أحمد", "Mahmoud": "محمود", "Mostafa": "مصطفى",
    "Ali": "علي", "Omar": "عمر", "Youssef": "يوسف", "Khaled": "خالد", "Hassan": "حسن",
    "Hussein": "حسين", "Ibrahim": "إبراهيم", "Amr": "عمرو", "Tarek": "طارق",
    "Karim": "كريم", "Abdel Rahman": "عبد الرحمن", "Abdallah": "عبد الله",
    "Sherif": "شريف", "Hany": "هاني", "Mohab": "مهاب", "Ashraf": "أشرف",
    "Fatma": "فاطمة", "Aya": "آية", "Mariam": "مريم", "Nour": "نور", "Sara": "سارة",
    "Yasmin": "ياسمين", "Heba": "هبة", "Mona": "منى", "Dina": "دينا", "Salma": "سلمى",
    "Esraa": "إسراء", "Rania": "رانيا", "Reem": "ريم", "Nada": "ندى", "Amira": "أميرة",
    "Hana": "هناء", "Shaimaa": "شيماء", "Doaa": "دعاء", "Asmaa": "أسماء",
    "Nesma": "نسمة", "Abdel Aziz": "عبد العزيز", "El-Sayed": "السيد",
    "Khalil": "خليل", "Saleh": "صالح", "Farouk": "فاروق", "Salem": "سالم",
    "El-Masry": "المصري", "Gamal": "جمال", "Soliman": "سليمان", "Fathy": "فتحي",
    "Shahin": "شاهين", "Naguib": "نجيب", "Hegazy": "حجازي", "Mansour": "منصور",
    "Ashour": "عاشور", "Kamal": "كمال", "Said": "سعيد", "Ramadan": "رمضان",
    "Zaki": "زكي", "Badawi": "بدوي", "Fawzy": "فوزي", "Hamdy": "حمدي", "Nasser": "ناصر",
}  # fmt: skip
# other romanisations of the same Arabic or Indian name, as people write them
VARIANTS = {
    "Mohamed": ("Mohammed", "Muhammad", "Mohammad", "Mohamad"), "Ahmed": ("Ahmad",),
    "Mahmoud": ("Mahmud",), "Mostafa": ("Mustafa", "Moustafa"),
    "Youssef": ("Yousef", "Yusuf"), "Hussein": ("Hussain", "Husein"),
    "Abdel Rahman": ("Abdelrahman", "Abdulrahman", "Abd El Rahman"),
    "Abdallah": ("Abdullah", "Abdulla"), "Tarek": ("Tariq", "Tareq"),
    "Khaled": ("Khalid",), "Sherif": ("Shareef", "Sharif"), "Fatma": ("Fatima",),
    "Esraa": ("Israa",), "Mariam": ("Maryam",), "Nour": ("Noor",),
    "Yasmin": ("Yasmine", "Jasmin"), "Shaimaa": ("Shaima",), "Asmaa": ("Asma",),
    "El-Sayed": ("Elsayed", "El Sayed", "Al-Sayed"), "El-Masry": ("Elmasry", "Al-Masri"),
    "Abdel Aziz": ("Abdelaziz", "Abdulaziz"), "Soliman": ("Suleiman", "Sulaiman"),
    "Fathy": ("Fathi",), "Hegazy": ("Hegazi", "Higazi"), "Fawzy": ("Fawzi",),
    "Hamdy": ("Hamdi",), "Zaki": ("Zaky",), "Said": ("Saeed", "Sayed"),
    "Lakshmi": ("Laxmi",), "Srinivas": ("Shrinivas", "Sreenivas"),
    "Choudhary": ("Chaudhary", "Chowdhury"), "Mohammed": ("Mohammad", "Mohd."),
    "Aishwarya": ("Aishwariya",), "Pooja": ("Puja",), "Deepa": ("Dipa",),
    "Venkatesh": ("Venkatesan",), "Jyoti": ("Jyothi",), "Aarti": ("Arti", "Aarthi"),
    "Lalitha": ("Lalita",), "Karthik": ("Kartik", "Karthick"),
    "Srivastava": ("Shrivastava",), "Agarwal": ("Aggarwal", "Agrawal"),
}  # fmt: skip

# --- Russia, Greece (own script; Latin in the CRM) ------------------------------
RU_M = ("Александр", "Сергей", "Дмитрий", "Андрей", "Алексей", "Иван", "Михаил",
        "Евгений", "Николай", "Владимир", "Максим", "Павел", "Артём", "Юрий", "Игорь",
        "Олег", "Роман", "Виктор", "Денис", "Антон")  # fmt: skip
RU_F = ("Елена", "Ольга", "Наталья", "Татьяна", "Анна", "Мария", "Ирина",
        "Екатерина", "Светлана", "Юлия", "Анастасия", "Марина", "Людмила", "Дарья",
        "Галина", "Ксения", "Валентина", "Алина", "Виктория", "Надежда")  # fmt: skip
RU_NICK = {"Александр": "Саша", "Сергей": "Серёжа", "Дмитрий": "Дима", "Алексей": "Лёша",
           "Иван": "Ваня", "Михаил": "Миша", "Евгений": "Женя", "Николай": "Коля",
           "Владимир": "Володя", "Павел": "Паша", "Юрий": "Юра", "Елена": "Лена",
           "Ольга": "Оля", "Наталья": "Наташа", "Татьяна": "Таня", "Мария": "Маша",
           "Ирина": "Ира", "Екатерина": "Катя", "Светлана": "Света", "Юлия": "Юля",
           "Анастасия": "Настя", "Людмила": "Люда", "Дарья": "Даша", "Ксения": "Ксюша",
           "Надежда": "Надя", "Анна": "Аня", "Максим": "Макс", "Антон": "Тоша"}  # fmt: skip
RU_FAMILY = ("Иванов", "Смирнов", "Кузнецов", "Попов", "Васильев", "Петров",
             "Соколов", "Михайлов", "Новиков", "Фёдоров", "Морозов", "Волков",
             "Алексеев", "Лебедев", "Семёнов", "Егоров", "Павлов", "Козлов",
             "Степанов", "Николаев", "Орлов", "Андреев", "Макаров", "Никитин",
             "Захаров", "Зайцев", "Соловьёв", "Борисов", "Яковлев", "Григорьев",
             "Романов", "Воробьёв", "Сергеев", "Кузьмин", "Фролов", "Александров",
             "Дмитриев", "Королёв", "Гусев", "Киселёв", "Ильин", "Максимов", "Поляков",
             "Сорокин", "Виноградов", "Ковалёв", "Белов", "Медведев", "Антонов",
             "Тарасов", "Жуков", "Баранов", "Филиппов", "Комаров", "Давыдов",
             "Беляев", "Герасимов", "Богданов", "Осипов", "Сидоров", "Матвеев",
             "Титов", "Марков", "Миронов", "Крылов", "Куликов", "Карпов", "Власов",
             "Мельников", "Денисов", "Щербаков", "Чернышёв", "Юдин", "Цветков")  # fmt: skip
GR_M = (("Γεώργιος", "Γιώργος"), ("Ιωάννης", "Γιάννης"), ("Κωνσταντίνος", "Κώστας"),
        ("Δημήτριος", "Δημήτρης"), ("Νικόλαος", "Νίκος"), ("Παναγιώτης", "Πάνος"),
        ("Βασίλειος", "Βασίλης"), ("Χρήστος", "Χρήστος"), ("Αθανάσιος", "Θανάσης"),
        ("Μιχαήλ", "Μιχάλης"), ("Ευάγγελος", "Βαγγέλης"), ("Σπυρίδων", "Σπύρος"),
        ("Αντώνιος", "Αντώνης"), ("Θεόδωρος", "Θοδωρής"), ("Άγγελος", "Άγγελος"))  # fmt: skip
GR_F = (("Μαρία", "Μαρία"), ("Ελένη", "Ελένη"), ("Αικατερίνη", "Κατερίνα"),
        ("Βασιλική", "Βάσω"), ("Σοφία", "Σοφία"), ("Αγγελική", "Αγγελική"),
        ("Γεωργία", "Γωγώ"), ("Δήμητρα", "Δήμητρα"), ("Κωνσταντίνα", "Ντίνα"),
        ("Παρασκευή", "Βούλα"), ("Χριστίνα", "Χριστίνα"), ("Ευαγγελία", "Λίτσα"),
        ("Ιωάννα", "Γιάννα"), ("Αναστασία", "Τασία"), ("Θεοδώρα", "Δώρα"))  # fmt: skip
# (masculine, feminine): the feminine is the genitive of the masculine
GR_FAMILY = (("Παπαδόπουλος", "Παπαδοπούλου"), ("Παπαγεωργίου", "Παπαγεωργίου"),
             ("Οικονόμου", "Οικονόμου"), ("Γεωργίου", "Γεωργίου"),
             ("Βασιλείου", "Βασιλείου"), ("Νικολάου", "Νικολάου"),
             ("Καραγιάννης", "Καραγιάννη"), ("Παππάς", "Παππά"),
             ("Δημητρίου", "Δημητρίου"), ("Ιωάννου", "Ιωάννου"),
             ("Αθανασίου", "Αθανασίου"), ("Μακρής", "Μακρή"),
             ("Αντωνίου", "Αντωνίου"), ("Κωνσταντινίδης", "Κωνσταντινίδου"),
             ("Παπαδάκης", "Παπαδάκη"), ("Ζαχαρίου", "Ζαχαρίου"),
             ("Αλεξίου", "Αλεξίου"), ("Χριστοδούλου", "Χριστοδούλου"),
             ("Μαυρίδης", "Μαυρίδου"), ("Λαμπρόπουλος", "Λαμπροπούλου"),
             ("Παπανικολάου", "Παπανικολάου"), ("Σταθόπουλος", "Σταθοπούλου"),
             ("Κωστόπουλος", "Κωστοπούλου"), ("Αγγελόπουλος", "Αγγελοπούλου"),
             ("Νικολαΐδης", "Νικολαΐδου"), ("Γεωργιάδης", "Γεωργιάδου"),
             ("Μιχαηλίδης", "Μιχαηλίδου"), ("Πετρόπουλος", "Πετροπούλου"),
             ("Σαββίδης", "Σαββίδου"), ("Τσακίρης", "Τσακίρη"))  # fmt: skip

# --- long tails ------------------------------------------------------------------
# A country's surnames run into the tens of thousands; the lists above are the head.
# The tail is built the way the names were formed: German compounds of place and
# trade words, Dutch place names with van/van de/ter, trades and -sen patronymics,
# Polish -ski/-cki adjectives of places, Greek patronymic suffixes (-όπουλος,
# -ίδης, -άκης) on given-name roots, Russian -ов/-ин from given names and trades.
DE_PART1 = ("Stein", "Berg", "Wald", "Feld", "Bach", "Brunn", "Hof", "Holz", "Kirch", "Lind",
            "Rosen", "Schön", "Stern", "Sonnen", "Eich", "Buch", "Hirsch", "Adler", "Falk",
            "Wein", "Korn", "Mühl", "Neu", "Alt", "Hoch", "Tann", "Brand", "Wies", "Hart")  # fmt: skip
DE_PART2 = ("mann", "er", "ner", "hoff", "berger", "meier", "bach", "stein", "feld", "hauser",
            "huber", "wald", "rath", "inger", "ler", "brink", "kamp", "dorf", "heim")  # fmt: skip
NL_PLACE = ("Dijk", "Berg", "Beek", "Dam", "Veen", "Wijk", "Brink", "Heuvel", "Broek", "Vliet",
            "Loon", "Doorn", "Leeuwen", "Rijn", "Zanden", "Velden", "Laar", "Hout", "Akker",
            "Bosch", "Mierlo", "Gils", "Essen", "Hal", "Woude", "Kampen", "Hoorn", "Zand")  # fmt: skip
NL_PARTICLE = ("van", "van de", "van der", "van den", "ter", "de", "van 't", "in 't")
NL_TRADE = ("Bakker", "Smit", "Visser", "Mulder", "Kuiper", "Schipper", "Brouwer", "Koster",
            "Verver", "Wever", "Timmer", "Metselaar", "Molenaar", "Schoenmaker", "Kleermaker",
            "Snijder", "Verhagen", "Verbruggen", "Kramer", "Boer", "Hoekstra", "Bouwman")  # fmt: skip
NL_PATRON = ("Jan", "Hendrik", "Gerrit", "Willem", "Pieter", "Claas", "Dirk", "Thijs", "Maarten",
             "Joost", "Wouter", "Arend", "Evert", "Harm", "Lambert", "Reinder", "Sijbrand")  # fmt: skip
PL_ROOT = ("Brzozow", "Dębow", "Lipow", "Sosnow", "Wierzbic", "Olszow", "Kamień", "Górec",
           "Zalew", "Borow", "Leszczyń", "Krzyżanow", "Wol", "Stawi", "Mostow", "Kaliń", "Rud",
           "Sadow", "Piasec", "Bielaw", "Czarnow", "Głowac", "Miłkow", "Starzyń", "Rakow",
           "Sokol", "Wilczyń", "Chojnac", "Łopuszań", "Żuraw", "Kowalew", "Grochow", "Jaros")  # fmt: skip
GR_ROOT = ("Γεωργ", "Δημητρ", "Νικολ", "Κωνσταντιν", "Σταυρ", "Πετρ", "Αλεξ", "Μαυρ", "Σπυρ",
           "Λαμπρ", "Θεοδωρ", "Αναστασ", "Χριστ", "Παναγιωτ", "Αντων", "Βασιλ", "Στεφαν",
           "Αγγελ", "Καλ", "Κυριακ", "Ζαχαρ", "Μανωλ", "Φωτ", "Σαββ", "Ηλι", "Γιαννακ")  # fmt: skip
GR_SUFFIX = (
    ("όπουλος", "οπούλου"),
    ("ίδης", "ίδου"),
    ("άκης", "άκη"),
    ("άτος", "άτου"),
)
RU_ROOT = ("Антон", "Максим", "Роман", "Денис", "Олег", "Тимур", "Гончар", "Рыбак", "Пастух",
           "Плотник", "Бондарь", "Кузьм", "Берёз", "Голуб", "Снегир", "Журавл", "Щеглов",
           "Дрозд", "Лисиц", "Воронц", "Мельник", "Кожевник", "Пахом", "Прохор", "Савв",
           "Тимофе", "Игнат", "Фом", "Харитон", "Ерм", "Лук", "Ник", "Сав", "Шуб", "Бел")  # fmt: skip
CN_FAMILY_MORE = (("许", "Xǔ"), ("傅", "Fù"), ("沈", "Shěn"), ("曾", "Zēng"), ("苏", "Sū"),
                  ("卢", "Lú"), ("蒋", "Jiǎng"), ("蔡", "Cài"), ("贾", "Jiǎ"), ("丁", "Dīng"),
                  ("魏", "Wèi"), ("薛", "Xuē"), ("叶", "Yè"), ("阎", "Yán"), ("余", "Yú"),
                  ("潘", "Pān"), ("杜", "Dù"), ("戴", "Dài"), ("夏", "Xià"), ("钟", "Zhōng"),
                  ("汪", "Wāng"), ("田", "Tián"), ("任", "Rèn"), ("姜", "Jiāng"), ("范", "Fàn"),
                  ("方", "Fāng"), ("石", "Shí"), ("姚", "Yáo"), ("谭", "Tán"), ("廖", "Liào"))  # fmt: skip
CN_ALL = CN_FAMILY + CN_FAMILY_MORE
CN_ALL_W = CN_FAMILY_W + (0.6,) * len(CN_FAMILY_MORE)
# Zipf exponents: the share of the commonest name is about 1 / sum(1 / rank**s)
GIVEN_S = 0.3  # top given name about 7 % of one sex (a 30-name list)
FAMILY_S = 0.4
