from django.template import Context, Template

from cahier.core.typography import NBSP, NNBSP, french_spacing


def test_spaces_before_high_punctuation_and_inside_guillemets():
    assert french_spacing("Public cible: DE") == f"Public cible{NBSP}: DE"
    assert french_spacing("Vraiment ?Oui!") == f"Vraiment{NNBSP}?Oui{NNBSP}!"
    assert french_spacing("fin ; suite") == f"fin{NNBSP}; suite"
    assert french_spacing("«Trophées FSE»") == f"«{NBSP}Trophées FSE{NBSP}»"
    assert french_spacing("« nul n'est inemployable »") == f"«{NBSP}nul n'est inemployable{NBSP}»"


def test_leaves_urls_emails_times_and_tags_alone():
    assert french_spacing("https://a.fr/p?x=1") == "https://a.fr/p?x=1"
    assert french_spacing("voir https://a.fr/p?x=1 : ok") == f"voir https://a.fr/p?x=1{NBSP}: ok"
    assert french_spacing("à 20:30") == "à 20:30"
    assert french_spacing("ara.direction@direccte.gouv.fr") == "ara.direction@direccte.gouv.fr"
    assert french_spacing('<a href="http://x?y">x</a>?') == f'<a href="http://x?y">x</a>{NNBSP}?'
    assert french_spacing("a &amp; b ; c") == f"a &amp; b{NNBSP}; c"


def test_idempotent():
    once = french_spacing("Lien : « x » ?")
    assert french_spacing(once) == once


def test_template_filter_escapes_then_spaces():
    rendered = Template("{% load typography %}{{ v|fr }}").render(Context({"v": "<b>Public: x"}))
    assert rendered == f"&lt;b&gt;Public{NBSP}: x"


def test_edito_subheadings_and_lists():
    from cahier.editions.templatetags.editions import edito

    html = edito("Premier paragraphe : ici.\n\nPrésentation du carnet\n\n- un\n- deux")
    assert html == (
        "<p>Premier paragraphe\u00a0: ici.</p><h3>Présentation du carnet</h3>"
        "<ul><li>un</li><li>deux</li></ul>"
    )


def test_percent_sign_is_kept_with_its_number():
    assert (
        french_spacing("59% ont un emploi, 26 % non") == f"59{NNBSP}% ont un emploi, 26{NNBSP}% non"
    )
    assert french_spacing("https://a.fr/?p=10%20x") == "https://a.fr/?p=10%20x"
