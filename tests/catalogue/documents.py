"""Small crafted cahier documents for parser tests."""

FICHE = """# {region}

{territory}

## {title}<sup>1</sup>

Descriptif du projet\tValeur ajoutée de la démarche
<p>{description}</p> <p>Second paragraphe avec <i>PLIE</i>.</p>\t<ul style="list-style-type: none"> <li>• Premier point ;</li> <li>• Second point.</li> </ul>

**Organisme porteur du projet :** {porteur}

**Public cible :** Jeunes

**Partenariats mobilisés :** Pôle emploi, Mission locale (antenne de Rennes, Brest), *PLIE*

**Lien :** <https://example.org/{slug}>

**Référent DIRECCTE :**{hard_break}
[bretag.direction@direccte.gouv.fr](mailto:bretag.direction@direccte.gouv.fr)

Résultats :

- 10 jeunes accompagnés ;
- 5 en emploi.

<sup>1</sup> {footnote}
"""

HEAD = """# Le cahier des initiatives

INCLUSION

dgefp

## Edito

Ce cahier est composé de {claimed} fiches.

Jeanne Martin

Déléguée générale

# Liste des fiches

## Bretagne

{fiche_list}

## Repères pour la recherche :

### Par mot-clé :

- Mobilité – fiches 1 / 2
- Jeunesse – fiche 2

### Par type de public visé :

- Jeunes – fiches 1 / 2

## Financements spécifiques :

- FSE / IEJ – fiches 1

## Glossaire (sigles en italique dans le texte)

PLIE\tPlan local pluriannuel pour l'insertion et l'emploi
FSE\tFonds social européen

"""


def document(
    fiches=(
        ("Bretagne", "Rennes", "Premier projet", "Projet présenté à la Jite 2018"),
        (
            "Bretagne",
            "Brest",
            "Second projet",
            "Projet ayant répondu à l'appel « Trophées FSE » de 2019 retenu catégorie Mobilité",
        ),
    ),
    claimed=None,
    list_titles=None,
) -> str:
    list_titles = list_titles or [title for _, _, title, _ in fiches]
    fiche_list = "\n".join(f"- {n} - {t}" for n, t in enumerate(list_titles, start=1))
    body = "\n".join(
        FICHE.format(
            region=region,
            territory=territory,
            title=title,
            description=f"Description de {title}.",
            porteur=f"Association {title}",
            slug=title.lower().replace(" ", "-"),
            footnote=footnote,
            hard_break="  ",
        )
        for region, territory, title, footnote in fiches
    )
    head = HEAD.format(claimed=claimed or len(fiches), fiche_list=fiche_list)
    return head + body


def line_of(text: str, needle: str) -> int:
    """1-based number of the first line containing *needle*."""
    for number, line in enumerate(text.split("\n"), start=1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in document")
