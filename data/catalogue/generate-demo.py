#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Writes the demo catalogue: about a thousand fictional training offers.

Every centre, offer and session date here is invented. The category shares
follow the first season of the Paris Code programme; addresses use real
Paris street names with the postcode of their arrondissement so that search
by district behaves as it would with real data.

The output is the same, byte for byte, on every run (fixed seed), saved as
a French spreadsheet saves a CSV: UTF-8 with a BOM, ';' between fields, CRLF
line ends. A test checks the committed file against this script.

    /usr/bin/python3 generate-demo.py [--output FILE]
"""

import argparse
import csv
import datetime
import os
import random

SEED = 2017
TOTAL = 1000

HEADER = ["id", "title", "category", "provider", "address", "postcode",
          "modality", "audience", "min_level", "hours", "start_date",
          "end_date", "seats", "info_session", "description"]

# Offers per category, out of TOTAL: season one's 33 / 19 / 17 / 11 / 3 %,
# and the remaining 17 % spread over the smaller fields.
CATEGORY_COUNTS = [
    ("developer", 330),
    ("digital_marketing", 190),
    ("project_manager", 170),
    ("ecommerce", 110),
    ("cybersecurity", 30),
    ("data", 60),
    ("web", 50),
    ("iot", 30),
    ("other", 30),
]

# Two streets per postcode, each really in that arrondissement.
STREETS = {
    "75001": ["rue de Rivoli", "rue Saint-Honoré"],
    "75002": ["rue du Sentier", "rue Montorgueil"],
    "75003": ["rue de Bretagne", "rue Réaumur"],
    "75004": ["rue Saint-Antoine", "rue de la Verrerie"],
    "75005": ["rue Mouffetard", "boulevard Saint-Marcel"],
    "75006": ["rue de Rennes", "rue du Cherche-Midi"],
    "75007": ["rue Cler", "rue de Grenelle"],
    "75008": ["rue de Miromesnil", "boulevard Haussmann"],
    "75009": ["rue des Martyrs", "rue La Fayette"],
    "75010": ["rue du Faubourg-Saint-Denis", "quai de Jemmapes"],
    "75011": ["rue Oberkampf", "boulevard Voltaire"],
    "75012": ["avenue Daumesnil", "rue de Charenton"],
    "75013": ["avenue d'Italie", "rue de Tolbiac"],
    "75014": ["rue d'Alésia", "avenue du Maine"],
    "75015": ["rue de la Convention", "rue de Vaugirard"],
    "75016": ["rue de Passy", "rue d'Auteuil"],
    "75116": ["avenue Kléber", "avenue Victor-Hugo"],
    "75017": ["avenue de Clichy", "rue Guy-Môquet"],
    "75018": ["rue Ordener", "boulevard Ney"],
    "75019": ["avenue de Flandre", "rue de Crimée"],
    "75020": ["rue des Pyrénées", "rue de Ménilmontant"],
}

# A dozen invented training centres, each with sites in several districts;
# together they cover all twenty, with more sites in the north and east
# where most priority neighbourhoods are.
CENTRES = [
    ("Atelier Numérique du Faubourg", ["75010", "75011", "75003"]),
    ("École des Codeuses de Belleville", ["75020", "75019", "75011"]),
    ("Campus Pixel Parmentier", ["75011", "75012", "75004"]),
    ("Institut Clavier & Cie", ["75013", "75014", "75005"]),
    ("La Passerelle du Web", ["75018", "75017", "75009"]),
    ("Fabrique Digitale de la Villette", ["75019", "75010", "75018"]),
    ("Centre Octet Montparnasse", ["75014", "75015", "75006"]),
    ("Les Ateliers du Canal", ["75010", "75019", "75002"]),
    ("Académie Réseaux et Données", ["75008", "75116", "75017"]),
    ("Maison de la Reconversion Numérique", ["75012", "75020", "75013"]),
    ("Collectif Code Solidaire", ["75018", "75020", "75001"]),
    ("Studio Formation Grenelle", ["75015", "75007", "75016"]),
]

TITLES = {
    "developer": [
        "Développeuse / développeur web et web mobile",
        "Développeuse / développeur d'applications Python",
        "Développeuse / développeur JavaScript full stack",
        "Développeuse / développeur Java",
        "Développeuse / développeur PHP et Symfony",
        "Développeuse / développeur mobile Android et iOS",
        "Conceptrice / concepteur développeur d'applications",
        "Intégratrice / intégrateur développeur front-end",
        "Développeuse / développeur C# et .NET",
        "Technicienne / technicien développeur",
    ],
    "digital_marketing": [
        "Chargée / chargé de marketing digital",
        "Traffic manager",
        "Spécialiste du référencement naturel et payant (SEO, SEA)",
        "Growth hacker",
        "Rédactrice / rédacteur web",
        "Assistante / assistant marketing digital",
        "Chargée / chargé de communication numérique",
    ],
    "project_manager": [
        "Cheffe / chef de projet digital",
        "Community manager",
        "Consultante / consultant en transformation numérique",
        "Product owner",
        "Scrum master",
        "Assistante / assistant de projet web",
        "Consultante / consultant CRM",
    ],
    "ecommerce": [
        "Vendeuse / vendeur conseil en e-commerce",
        "Responsable de boutique en ligne",
        "Chargée / chargé de e-commerce",
        "Gestionnaire de places de marché",
        "Webmarchandiseuse / webmarchandiseur",
    ],
    "cybersecurity": [
        "Analyste en centre de sécurité (SOC)",
        "Technicienne / technicien en cybersécurité",
        "Administratrice / administrateur systèmes et sécurité",
    ],
    "data": [
        "Data analyst",
        "Analyste de données métier",
        "Technicienne / technicien data",
        "Assistante / assistant tableaux de bord et données",
    ],
    "web": [
        "Webdesigner",
        "Intégratrice / intégrateur web",
        "Créatrice / créateur de sites WordPress",
        "Designer UX/UI",
    ],
    "iot": [
        "Technicienne / technicien objets connectés",
        "Développeuse / développeur embarqué et IoT",
        "Fabrication numérique et objets connectés",
    ],
    "other": [
        "Technicienne / technicien d'assistance informatique",
        "Médiatrice / médiateur numérique",
        "Technicienne / technicien support et réseaux",
        "Testeuse / testeur logiciel",
    ],
}

TOPICS = {
    "developer": ["HTML, CSS et JavaScript", "Python et Django", "Java et Spring",
                  "PHP ; Symfony ; bases de données SQL", "Git, tests et revue de code",
                  "React et API REST", "Kotlin et Swift"],
    "digital_marketing": ["référencement ; publicité en ligne", "réseaux sociaux et e-mailing",
                          "Google Analytics, tableaux de bord", "rédaction pour le web",
                          "stratégie de contenu"],
    "project_manager": ["méthodes agiles (Scrum, Kanban)", "cahier des charges ; recette",
                        "animation de communautés", "outils collaboratifs", "gestion de budget"],
    "ecommerce": ["catalogue produits et fiches", "logistique ; relation client",
                  "places de marché", "paiement en ligne et sécurité"],
    "cybersecurity": ["réseaux et pare-feu", "analyse de journaux ; détection d'incidents",
                      "sécurité Linux et Windows"],
    "data": ["tableurs avancés et SQL", "Python, pandas ; visualisation", "tableaux de bord"],
    "web": ["maquettes et ergonomie", "HTML, CSS ; accessibilité", "WordPress et thèmes"],
    "iot": ["Arduino et Raspberry Pi", "capteurs ; électronique de base", "impression 3D"],
    "other": ["matériel et systèmes", "accompagnement des usagers", "tests et qualité logicielle"],
}

AUDIENCE_SUFFIX = {
    "all": "",
    "women": " — promotion 100 % femmes",
    "under_26": " — jeunes de moins de 26 ans",
    "over_45": " — spécial 45 ans et plus",
    "no_diploma": " — accessible sans diplôme",
}

AUDIENCE_SENTENCE = {
    "all": "Ouverte à toutes et à tous.",
    "women": "Réservée aux femmes, pour plus de mixité dans les métiers du numérique.",
    "under_26": "Réservée aux jeunes de moins de 26 ans.",
    "over_45": "Pensée pour les personnes de 45 ans et plus en reconversion.",
    "no_diploma": "Pour les personnes sans diplôme : aucun prérequis scolaire.",
}

LEVEL_SENTENCE = {
    "none": "Aucun diplôme demandé",
    "cap_bep": "Niveau CAP ou BEP demandé",
    "bac": "Niveau baccalauréat demandé",
    "bac2": "Niveau bac + 2 demandé",
    "bac3plus": "Niveau bac + 3 ou plus demandé",
}

MOTTOS = [
    'Devise de la promotion : "apprendre en faisant".',
    'Les stagiaires le disent : "on repart avec un vrai projet".',
    "Projet final présenté devant des employeurs partenaires.",
    "Stage de quatre semaines en entreprise.",
    "Accompagnement vers l'emploi pendant six mois après la formation.",
    "Ordinateur prêté pendant toute la durée de la formation.",
]

WEEKDAYS = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]
MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet",
          "août", "septembre", "octobre", "novembre", "décembre"]


def french_day(day):
    number = "1er" if day.day == 1 else str(day.day)
    return f"{WEEKDAYS[day.weekday()]} {number} {MONTHS[day.month - 1]} {day.year}"


def french_time(rng):
    hour = rng.choice([9, 10, 14, 16, 18])
    minutes = rng.choice(["", "", " 30"])
    return f"{hour} h{minutes}"


def make_sites(rng):
    """Each centre's street addresses, fixed once so a centre keeps its sites."""
    sites = {}
    for name, postcodes in CENTRES:
        sites[name] = [(f"{rng.randrange(2, 140)} {rng.choice(STREETS[p])}", p)
                       for p in postcodes]
    return sites


def start_dates():
    """Mondays from the first week of January 2027 to the last of December."""
    day = datetime.date(2027, 1, 4)
    mondays = []
    while day.year == 2027:
        mondays.append(day)
        day += datetime.timedelta(days=7)
    return mondays


def pick_audience(rng):
    return rng.choices(["all", "women", "under_26", "over_45", "no_diploma"],
                       weights=[78, 8, 6, 5, 3])[0]


def pick_level(rng, audience):
    if audience == "no_diploma":
        return "none"
    return rng.choices(["none", "cap_bep", "bac", "bac2", "bac3plus"],
                       weights=[35, 15, 30, 15, 5])[0]


def info_session(rng, start, modality, address, postcode):
    day = start - datetime.timedelta(days=rng.choice([3, 6, 10, 13, 14, 17, 20, 24, 27]))
    when = f"{french_day(day)} à {french_time(rng)}"
    if modality == "remote":
        return f"{when}, en visioconférence (lien envoyé par SMS)"
    return f"{when}, {address}, {postcode} Paris"


def description(rng, category, audience, level, hours):
    topics = rng.sample(TOPICS[category], k=min(2, len(TOPICS[category])))
    parts = [
        "Offre fictive de démonstration.",
        f"Au programme : {topics[0]} ; {topics[1]}.",
        f"{hours} heures de formation gratuite, financée par la Ville de Paris et France Travail (ex-Pôle emploi).",
        AUDIENCE_SENTENCE[audience],
    ]
    if rng.random() < 0.5:
        parts.append(rng.choice(MOTTOS))
    text = " ".join(parts)
    # Some cells hold a line break, as a person typing Alt+Entrée leaves.
    if rng.random() < 0.15:
        text += f"\nPrérequis : {LEVEL_SENTENCE[level].lower()}, motivation et curiosité."
    return text


def make_offers(rng):
    sites = make_sites(rng)
    mondays = start_dates()
    categories = [name for name, count in CATEGORY_COUNTS for _ in range(count)]
    rng.shuffle(categories)

    offers = []
    for number, category in enumerate(categories, start=1):
        centre = rng.choice(CENTRES)[0]
        address, postcode = rng.choice(sites[centre])
        modality = rng.choices(["on_site", "hybrid", "remote"], weights=[60, 25, 15])[0]
        audience = pick_audience(rng)
        level = pick_level(rng, audience)
        hours = rng.randrange(150, 901, 10)
        start = rng.choice(mondays)
        # 35 hours a week, ending on a Friday, plus a stage for longer courses.
        weeks = -(-hours // 35) + (4 if hours >= 500 else 0)
        end = start + datetime.timedelta(weeks=weeks, days=-3)
        offers.append([
            f"PC17-{number:04d}",
            rng.choice(TITLES[category]) + AUDIENCE_SUFFIX[audience],
            category,
            centre,
            address,
            postcode,
            modality,
            audience,
            level,
            str(hours),
            start.isoformat(),
            end.isoformat(),
            str(rng.randrange(8, 21)),
            info_session(rng, start, modality, address, postcode),
            description(rng, category, audience, level, hours),
        ])
    return offers


def write_catalogue(path, offers):
    with open(path, "w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out, delimiter=";", quotechar='"',
                            lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
        writer.writerow(HEADER)
        writer.writerows(offers)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    parser = argparse.ArgumentParser(description="Write the fictional demo catalogue.")
    parser.add_argument("--output", default=os.path.join(here, "demo-catalogue.csv"),
                        help="where to write the CSV (default: beside this script)")
    args = parser.parse_args()

    assert sum(count for _, count in CATEGORY_COUNTS) == TOTAL
    write_catalogue(args.output, make_offers(random.Random(SEED)))


if __name__ == "__main__":
    main()
