"""Plausible, invented names: companies with the legal form of their country, people by region.

The names are made from syllables so that they read like real firms without being real ones;
web sites and e-mail addresses use the reserved `.example` top-level domain (RFC 2606), so no
demo address can ever reach a real company.
"""

from __future__ import annotations

import random
import re
import unicodedata

from steadfast.network.models import SupplierCategory

LEGAL_FORMS: dict[str, tuple[str, ...]] = {
    "DE": ("{} GmbH", "{} AG", "{} GmbH & Co. KG"), "AT": ("{} GmbH", "{} AG"), "CH": ("{} AG", "{} SA"),
    "GB": ("{} Ltd", "{} plc"), "IE": ("{} Ltd", "{} DAC"), "US": ("{} Inc.", "{} LLC", "{} Corp."),
    "CA": ("{} Inc.", "{} Ltd."), "CN": ("{} Co., Ltd.",), "HK": ("{} Limited",),
    "TW": ("{} Co., Ltd.", "{} Corporation"), "JP": ("{} Co., Ltd.", "{} K.K."), "KR": ("{} Co., Ltd.",),
    "FR": ("{} SAS", "{} SA"), "BE": ("{} NV", "{} SA", "{} BV"), "NL": ("{} B.V.", "{} N.V."),
    "LU": ("{} S.A.", "{} S.à r.l."), "IT": ("{} S.p.A.", "{} S.r.l."), "ES": ("{} S.A.", "{} S.L."),
    "PT": ("{} S.A.", "{} Lda."), "SE": ("{} AB",), "FI": ("{} Oy", "{} Oyj"), "NO": ("{} AS", "{} ASA"),
    "DK": ("{} A/S", "{} ApS"), "IS": ("{} ehf.",), "EE": ("{} OÜ", "{} AS"), "LV": ("SIA {}",),
    "LT": ("UAB {}",), "PL": ("{} Sp. z o.o.", "{} S.A."), "CZ": ("{} s.r.o.", "{} a.s."), "SK": ("{} s.r.o.",),
    "HU": ("{} Kft.", "{} Zrt."), "SI": ("{} d.o.o.",), "HR": ("{} d.o.o.",), "RS": ("{} d.o.o.",),
    "RO": ("{} S.R.L.", "{} S.A."), "BG": ("{} EOOD", "{} AD"), "GR": ("{} S.A.",), "CY": ("{} Ltd",),
    "MT": ("{} Ltd",), "UA": ("{} LLC",), "MD": ("{} S.R.L.",), "GE": ("{} LLC",), "AM": ("{} LLC",),
    "KZ": ("{} LLP",), "UZ": ("{} LLC",), "MY": ("{} Sdn. Bhd.",), "SG": ("{} Pte. Ltd.",),
    "VN": ("{} Co., Ltd.", "{} JSC"), "TH": ("{} Co., Ltd.", "{} Public Co., Ltd."),
    "PH": ("{} Inc.", "{} Corporation"), "ID": ("PT {}", "PT {} Tbk"), "IN": ("{} Pvt. Ltd.", "{} Ltd."),
    "PK": ("{} (Pvt.) Ltd.",), "BD": ("{} Ltd.",), "LK": ("{} (Pvt) Ltd",), "AE": ("{} LLC", "{} FZE"),
    "SA": ("{} LLC",), "QA": ("{} W.L.L.",), "IL": ("{} Ltd.",), "TR": ("{} A.Ş.", "{} Ltd. Şti."),
    "EG": ("{} S.A.E.",), "MA": ("{} SARL", "{} S.A."), "TN": ("{} SARL",), "NG": ("{} Ltd",),
    "KE": ("{} Ltd",), "ZA": ("{} (Pty) Ltd",), "GH": ("{} Ltd",), "ET": ("{} PLC",), "RW": ("{} Ltd",),
    "MX": ("{} S.A. de C.V.",), "BR": ("{} Ltda.", "{} S.A."), "AR": ("{} S.A.", "{} S.R.L."),
    "CL": ("{} SpA", "{} S.A."), "CO": ("{} S.A.S.",), "PE": ("{} S.A.C.",), "EC": ("{} S.A.",),
    "UY": ("{} S.A.",), "PA": ("{} S.A.",), "CR": ("{} S.A.",), "GT": ("{} S.A.",), "DO": ("{} S.R.L.",),
    "AU": ("{} Pty Ltd",), "NZ": ("{} Limited",),
}

_STEM_PARTS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "chinese": (("Hua", "Xin", "Jia", "Hong", "Sheng", "Tai", "Long", "Feng", "Kai", "Rui", "Zhong", "Jin",
                 "Yong", "Heng", "Bo", "Tian", "Chuang", "Ming", "Guang", "Wei"),
                ("xin", "tai", "sheng", "da", "hua", "wei", "cheng", "tong", "yuan", "feng", "li", "an", "rui",
                 "xun", "ke", "jie", "hong", "yu")),
    "japanese": (("Yama", "Taka", "Kawa", "Naka", "Fuji", "Mori", "Hoshi", "Saka", "Matsu", "Ishi", "Kita",
                  "Mizu", "Sato", "Tachi", "Hiro", "Kure", "Oka", "Aki"),
                 ("moto", "hara", "shima", "zawa", "mura", "ta", "da", "saki", "kawa", "no", "wa", "yama", "gawa")),
    "korean": (("Han", "Dae", "Sam", "Hyun", "Sung", "Jin", "Woo", "Dong", "Kwang", "Seo", "Il", "Young"),
               ("il", "sung", "jin", "kwang", "won", "san", "hwa", "yang", "tech", "jeon", "min")),
    "latin": (("Al", "Ar", "Bel", "Cor", "Dal", "El", "Fen", "Gal", "Hel", "Ir", "Kal", "Lu", "Mar", "Nor",
               "Or", "Pra", "Quan", "Ro", "Sil", "Tar", "Ul", "Ver", "Wen", "Xen", "Ves", "Zen", "Aster", "Bran",
               "Cal", "Mer", "Ner", "Sol", "Tri", "Vol", "Lin", "Sen", "Cir", "Ax", "Dyn", "Ky"),
              ("tek", "tron", "vis", "nova", "lux", "dyne", "tex", "mar", "gen", "lan", "ion", "is", "ex", "on",
               "ia", "ora", "ium", "ant", "ica", "ent", "ara", "ix", "os", "ard", "win", "ton", "field", "way",
               "core", "line", "wave", "point", "stone", "bridge", "path", "lite", "sys", "net")),
}
_STEM_STYLE = {"CN": "chinese", "TW": "chinese", "HK": "chinese", "SG": "chinese", "JP": "japanese", "KR": "korean"}

SECTOR_WORDS: dict[str, tuple[str, ...]] = {
    SupplierCategory.COMPONENTS: ("Electronics", "Semiconductor", "Microsystems", "Optoelectronics", "Precision",
                                  "Components", "Circuits", "Photonics", "Materials", "Metals", "Plastics",
                                  "Connectors", "Magnetics", "Power Devices", "Crystal", "Cable", "Chemicals"),
    SupplierCategory.MANUFACTURING: ("Manufacturing", "Electronics Manufacturing", "Industries", "Assembly",
                                     "Technologies", "Precision Engineering", "Contract Manufacturing", "EMS"),
    SupplierCategory.LOGISTICS: ("Logistics", "Freight", "Shipping", "Forwarding", "Transport", "Cargo",
                                 "Supply Chain Services", "Express"),
    SupplierCategory.SOFTWARE: ("Software", "Systems", "Labs", "Technologies", "Digital", "Informatics", "Code",
                                "Security"),
    SupplierCategory.CLOUD: ("Cloud", "Data Centres", "IT Services", "Hosting", "Networks", "Infrastructure",
                             "Managed Services"),
    SupplierCategory.PROFESSIONAL: ("Consulting", "Advisory", "Engineering Services", "Partners", "Associates",
                                    "Services", "Compliance"),
}

_PEOPLE: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "chinese": (("Wei", "Li", "Jing", "Hao", "Min", "Yan", "Lei", "Xiaoming", "Fang", "Jun", "Ying", "Tao",
                 "Mei", "Chen", "Yu"), ("Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Huang", "Zhao", "Wu",
                                        "Zhou", "Xu", "Sun", "Lin", "Guo", "He")),
    "japanese": (("Haruto", "Yui", "Sota", "Aoi", "Kenji", "Yuki", "Takumi", "Emi", "Hiroshi", "Naoko",
                  "Daiki", "Akiko"), ("Sato", "Suzuki", "Takahashi", "Tanaka", "Watanabe", "Ito", "Yamamoto",
                                      "Nakamura", "Kobayashi", "Kato", "Yoshida", "Yamada")),
    "korean": (("Min-jun", "Seo-yeon", "Ji-ho", "Ha-eun", "Joon", "Soo-jin", "Hyun-woo", "Ji-woo", "Dong-hyun",
                "Yuna"), ("Kim", "Lee", "Park", "Choi", "Jung", "Kang", "Cho", "Yoon", "Jang", "Lim")),
    "south_asian": (("Aarav", "Priya", "Rahul", "Ananya", "Vikram", "Sneha", "Arjun", "Kavya", "Rohan", "Neha",
                     "Imran", "Fatima", "Sanjay", "Deepa"), ("Sharma", "Patel", "Iyer", "Reddy", "Singh", "Gupta",
                                                             "Nair", "Khan", "Rao", "Mehta", "Das", "Kumar")),
    "southeast_asian": (("Nguyen Van", "Siti", "Ahmad", "Nurul", "Somchai", "Maria", "Jose", "Thanh", "Putri",
                         "Arif", "Mai", "Kittipong"), ("Tan", "Lim", "Nguyen", "Tran", "Abdullah", "Santos",
                                                        "Reyes", "Wongsakul", "Pratama", "Hassan", "Le", "Ong")),
    "nordic": (("Erik", "Anna", "Lars", "Maria", "Johan", "Sofia", "Mikko", "Aino", "Henrik", "Ingrid", "Jonas",
                "Elin"), ("Andersson", "Johansson", "Nielsen", "Hansen", "Virtanen", "Korhonen", "Larsen",
                          "Lindqvist", "Berg", "Nyström", "Tamm", "Saar")),
    "western_european": (("Thomas", "Julia", "Pierre", "Claire", "Marco", "Giulia", "Jan", "Eva", "Lucas",
                          "Sophie", "Carlos", "Lucía", "Pieter", "Ana"), ("Müller", "Schmidt", "Martin", "Bernard",
                                                                          "Rossi", "Bianchi", "De Vries", "Janssens",
                                                                          "García", "Fernández", "Silva", "Weber",
                                                                          "Dubois", "Fischer")),
    "eastern_european": (("Piotr", "Katarzyna", "Jan", "Petra", "Andrei", "Elena", "Tomáš", "Zsófia", "Marek",
                          "Olena", "Dmytro", "Ivana"), ("Kowalski", "Nowak", "Novák", "Horváth", "Popescu",
                                                        "Ionescu", "Shevchenko", "Kovač", "Petrov", "Szabó",
                                                        "Dvořák", "Wiśniewska")),
    "anglo": (("James", "Emma", "Michael", "Olivia", "David", "Sarah", "Daniel", "Emily", "Chris", "Laura",
               "Ryan", "Megan"), ("Smith", "Johnson", "Brown", "Taylor", "Wilson", "Davies", "Miller", "Clarke",
                                  "Walker", "Murphy", "Thompson", "O'Brien")),
    "latin_american": (("Juan", "María", "Luis", "Camila", "Diego", "Valentina", "Pedro", "Gabriela", "Rafael",
                        "Fernanda"), ("Hernández", "González", "Rodríguez", "López", "Martínez", "Pérez",
                                      "Oliveira", "Santos", "Souza", "Ramírez")),
    "middle_eastern": (("Mohammed", "Fatima", "Omar", "Layla", "Yusuf", "Noor", "Ahmed", "Sara", "Avi", "Noa",
                        "Emre", "Elif"), ("Al-Rashid", "Haddad", "Mansour", "Khalil", "Cohen", "Levi", "Yılmaz",
                                          "Kaya", "Nasser", "Saleh", "Demir", "Farouk")),
    "african": (("Chinedu", "Amara", "Kwame", "Wanjiru", "Thabo", "Naledi", "Tunde", "Ama", "Abebe", "Aisha",
                 "Jean-Paul", "Grace"), ("Okafor", "Mensah", "Kamau", "Nkosi", "Adeyemi", "Otieno", "Dlamini",
                                         "Boateng", "Tesfaye", "Uwimana", "Mwangi", "Nwosu")),
}
_PEOPLE_REGION = {
    "CN": "chinese", "TW": "chinese", "HK": "chinese", "SG": "southeast_asian", "JP": "japanese",
    "KR": "korean", "IN": "south_asian", "PK": "south_asian", "BD": "south_asian", "LK": "south_asian",
    "MY": "southeast_asian", "VN": "southeast_asian", "TH": "southeast_asian", "PH": "southeast_asian",
    "ID": "southeast_asian", "SE": "nordic", "FI": "nordic", "NO": "nordic", "DK": "nordic", "IS": "nordic",
    "EE": "nordic", "US": "anglo", "CA": "anglo", "GB": "anglo", "IE": "anglo", "AU": "anglo", "NZ": "anglo",
    "MX": "latin_american", "BR": "latin_american", "AR": "latin_american", "CL": "latin_american",
    "CO": "latin_american", "PE": "latin_american", "EC": "latin_american", "UY": "latin_american",
    "PA": "latin_american", "CR": "latin_american", "GT": "latin_american", "DO": "latin_american",
    "PL": "eastern_european", "CZ": "eastern_european", "SK": "eastern_european", "HU": "eastern_european",
    "RO": "eastern_european", "BG": "eastern_european", "UA": "eastern_european", "RS": "eastern_european",
    "HR": "eastern_european", "SI": "eastern_european", "LV": "eastern_european", "LT": "eastern_european",
    "MD": "eastern_european", "GE": "eastern_european", "AM": "eastern_european", "KZ": "eastern_european",
    "UZ": "eastern_european", "AE": "middle_eastern", "SA": "middle_eastern", "QA": "middle_eastern",
    "IL": "middle_eastern", "TR": "middle_eastern", "EG": "middle_eastern", "MA": "middle_eastern",
    "TN": "middle_eastern", "NG": "african", "KE": "african", "ZA": "african", "GH": "african",
    "ET": "african", "RW": "african",
}


def company_stem(rng: random.Random, country: str) -> str:
    heads, tails = _STEM_PARTS[_STEM_STYLE.get(country, "latin")]
    return rng.choice(heads) + rng.choice(tails)


def legal_name(rng: random.Random, *, stem: str, country: str, category: str) -> str:
    form = rng.choice(LEGAL_FORMS.get(country, ("{} Ltd",)))
    return form.format(trade_name(stem=stem, category=category, rng=rng))


# Components suppliers at tier 3 are materials companies; above it they make electronic parts.
MATERIALS_WORDS = ("Materials", "Metals", "Plastics", "Chemicals", "Minerals", "Alloys", "Resources")


def trade_name(*, stem: str, category: str, rng: random.Random, tier: int = 1) -> str:
    if category == SupplierCategory.COMPONENTS:
        words = MATERIALS_WORDS if tier >= 3 else tuple(w for w in SECTOR_WORDS[category] if w not in MATERIALS_WORDS)
        return f"{stem} {rng.choice(words)}"
    return f"{stem} {rng.choice(SECTOR_WORDS[category])}"


def person_name(rng: random.Random, country: str) -> str:
    first, last = _PEOPLE[_PEOPLE_REGION.get(country, "western_european")]
    return f"{rng.choice(first)} {rng.choice(last)}"


def ascii_slug(text: str, separator: str = "") -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", separator, plain).strip(separator)
