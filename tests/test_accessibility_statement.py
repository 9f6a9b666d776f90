"""The RGAA accessibility statement: one public page, in French and English, linked from every page's footer."""
from helpers import link_token

FOOTER_LINK = 'href="/accessibilite"'


def test_the_statement_says_the_state_the_tests_the_gaps_the_contact_and_the_recourse(app, client):
    app.config["ACCESSIBILITY_CONTACT"] = "accessibilite@departement.example"
    page = client.get("/accessibilite").get_data(as_text=True)
    for part in ("Déclaration d'accessibilité", "État de conformité", "non conforme", "RGAA 4.1",
                 "Ce qui est testé, et comment", "axe-core", "clavier", "Ce qui n'est pas encore accessible",
                 "Signaler un problème", "accessibilite@departement.example", "Voies de recours",
                 "Défenseur des droits", "Déclaration établie le"):
        assert part in page, part


def test_the_statement_exists_in_english(client):
    page = client.get("/accessibilite?lang=en").get_data(as_text=True)
    assert 'lang="en"' in page
    for part in ("Accessibility statement", "Compliance status", "not compliant", "What is tested, and how",
                 "What is not accessible yet", "Means of redress", "Accessibility: not compliant"):
        assert part in page, part


def test_every_page_links_to_the_statement_from_its_footer(client, workshop):
    pages = ["/", f"/j/{workshop.join_code}", f"/j/{workshop.join_code}/confidentialite", "/setup",
             f"/f/{link_token(workshop, 'facilitator')}", f"/r/{link_token(workshop, 'referent', 'experience')}",
             "/accessibilite", "/nowhere"]
    for path in pages:
        page = client.get(path).get_data(as_text=True)
        assert "<footer class=\"site-footer\">" in page, path
        footer = page[page.index("<footer class=\"site-footer\">"):]
        assert FOOTER_LINK in footer and "Accessibilité : non conforme" in footer, path
