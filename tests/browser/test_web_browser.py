"""The web page at / of `arbeidsmigratie serve`, driven in headless Chromium through each part:
the law browser, one applicant, a population under several regimes and the costing."""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request

import pytest

pytestmark = pytest.mark.browser

CRITERION = "kennismigranten.looncriterium.dertig_jaar_en_ouder"
THRESHOLD = "voorstellen.brede_welvaartstoets.toelatingsdrempel"


def _open(page, hash_: str = "#/wet"):
    page.goto(f"{page.base_url}/{hash_}")
    page.wait_for_selector("#main h1")


def _number(text: str) -> float:
    return float(text.replace(".", "").replace(",", ".").replace("+", ""))


def test_a_browser_gets_the_page_and_an_api_client_the_welcome_answer(page):
    _open(page)
    assert page.title().startswith("Arbeidsmigratie")
    with pytest.raises(urllib.error.HTTPError) as answer:  # OpenFisca answers its welcome with a 300
        urllib.request.urlopen(page.base_url + "/")
    assert answer.value.code == 300
    assert answer.value.headers["Content-Type"].startswith("application/json")
    assert "welcome" in json.load(answer.value)


def test_law_browser_finds_a_parameter_by_its_english_name_and_shows_its_history(page, screenshots):
    _open(page)
    page.fill("#law-search", "salary criterion highly skilled 30 and over")
    page.click(f"#law-results a[href='#/wet/parameter/{CRITERION}']")
    page.wait_for_selector("#parameter-title")
    assert page.inner_text("#parameter-title") == CRITERION
    rows = page.locator("#law-detail tbody tr")
    history = {rows.nth(i).locator("td").nth(0).inner_text(): rows.nth(i).locator("td").nth(1).inner_text() for i in range(rows.count())}
    assert history["2026-01-01"] == "5942"
    assert history["2025-01-01"] == "5688"
    assert "gat" in history["2027-01-01"]  # the 2027 amount is not published: a gap, not the 2026 value
    assert page.locator("#law-detail svg[role=img]").count() == 1
    assert page.locator("#law-detail a[href*='wetten.overheid.nl']").count() > 0
    page.screenshot(path=str(screenshots / "wetgeving.png"))


def test_law_browser_marks_an_assumption_and_finds_a_variable_by_its_dutch_name(page):
    _open(page, f"#/wet/parameter/{THRESHOLD}")
    page.wait_for_selector("#parameter-title")
    assert "aanname" in page.inner_text("#law-detail .box.assumption")
    page.fill("#law-search", "toegelaten")
    page.select_option("#law-kind", "variables")
    page.click("#law-results a[href='#/wet/variabele/toegelaten']")
    page.wait_for_selector("#variable-title")
    assert "Toelatingsroute.geweigerd" in page.inner_text("#law-detail pre:last-of-type")
    assert "tests/yaml/" in page.inner_text("#variable-cases")  # the drafters' cases that expect it
    page.goto(f"{page.base_url}/#/wet/grond/wav_8_1_a_prioriteitgenietend_aanbod")
    page.wait_for_selector("#grond-wav_8_1_a_prioriteitgenietend_aanbod")
    row = page.locator("tr", has=page.locator("#grond-wav_8_1_a_prioriteitgenietend_aanbod"))
    assert "BWBR0007149" in row.locator("a").first.get_attribute("href")


def test_one_applicant_refused_under_current_law_shows_the_ground_and_its_citation(page, screenshots):
    _open(page, "#/aanvrager")
    page.fill("#f-nationaliteit", "IN")
    page.fill("#f-bruto_maandloon", "3000")
    page.select_option("#f-prioriteitgenietend_aanbod_beschikbaar", "true")
    page.press("#f-bruto_maandloon", "Enter")  # submit from the keyboard
    card = page.locator("article.card[data-regime='huidig_recht']")
    card.wait_for()
    assert "Geweigerd" in card.inner_text()
    assert "wav_8_1_a_prioriteitgenietend_aanbod" in card.inner_text()
    link = card.locator("a[href*='BWBR0007149']").first
    assert "artikel=8" in link.get_attribute("href")
    assert "Wet arbeid vreemdelingen art. 8 lid 1" in link.inner_text()
    assert page.locator("article.card[data-regime='brede_welvaartstoets']").count() == 1
    assert page.evaluate("document.activeElement.tagName") == "H2"  # the keyboard continues at the results
    yaml_link = page.get_attribute("#yaml-link", "href")
    with urllib.request.urlopen(page.base_url + yaml_link) as answer:
        text = answer.read().decode()
    assert "prioriteitgenietend_aanbod_beschikbaar: true" in text
    assert "weigeringsgrond: wav_8_1_a_prioriteitgenietend_aanbod" in text
    page.screenshot(path=str(screenshots / "aanvrager.png"), full_page=True)


def test_a_case_link_reproduces_an_admission_with_route_and_capped_validity(page):
    # 300 weeks of work: the kennismigrant permit is capped at five years
    query = urllib.parse.urlencode({"period": "2026-01", "regimes": "", "nationaliteit": "IN", "geboortedatum": "1990-01-01", "bruto_maandloon": "5942", "erkend_referent": "true", "beoogde_duur_arbeid_weken": "300"})
    _open(page, f"#/aanvrager?{query}")
    card = page.locator("article.card[data-regime='huidig_recht']")
    card.wait_for()
    assert "Toegelaten" in card.inner_text()
    assert card.locator("dd.route abbr").inner_text() == "kennismigrant"
    assert "60 maanden" in card.locator("dd.validity").inner_text()


def test_a_bad_form_value_is_shown_beside_its_field(page):
    _open(page, "#/aanvrager")
    page.fill("#f-bruto_maandloon", "veel")
    page.fill("#f-nationaliteit", "XX")
    page.click("#a-compute")
    page.wait_for_selector("#f-bruto_maandloon[aria-invalid=true]")
    assert "not a number" in page.inner_text("#f-bruto_maandloon-err")
    assert "ISO 3166-1" in page.inner_text("#f-nationaliteit-err")
    assert page.evaluate("document.activeElement.id") in {"f-nationaliteit", "f-bruto_maandloon"}
    assert page.locator("article.card").count() == 0


def test_an_uploaded_file_with_a_bad_row_is_answered_with_row_and_column(page, tmp_path, screenshots):
    bad = tmp_path / "aanvragers.csv"
    bad.write_text(
        "persoon_id,werkgever_id,huishouden_id,nationaliteit,bruto_maandloon\n"
        "1,1,1,IN,3000\n"
        "2,2,2,PL,veel\n",
        encoding="utf-8",
    )
    _open(page, "#/bevolking")
    page.set_input_files("#p-file", str(bad))
    page.click("#p-run")
    problems = page.locator("#p-result .problems")
    problems.wait_for()
    text = problems.inner_text()
    assert "row 2, column 'bruto_maandloon', value 'veel'" in text
    assert "422" in text
    page.screenshot(path=str(screenshots / "bevolking-fout.png"), full_page=True)


def _admitted(page, regime: str) -> float:
    return _number(page.inner_text(f"#p-summary [data-admitted='{regime}']"))


def test_a_higher_points_test_threshold_admits_fewer_than_the_default(page, screenshots):
    config = json.dumps({"period": "2026-01", "regimes": [{"regime": "brede_welvaartstoets"}]})
    _open(page, "#/bevolking?" + urllib.parse.urlencode({"config": config}))
    page.click("#p-run")
    page.wait_for_selector("#p-summary")
    current_law, default = _admitted(page, "huidig_recht"), _admitted(page, "brede_welvaartstoets")
    assert default != current_law
    page.click(".regime-row details.params summary")
    field = page.locator(f"[data-parameter='{THRESHOLD}']")
    field.wait_for()
    assert page.locator(".param-edit:visible").count() > 50  # the whole points table
    page.fill(".regime-row .params input[type=search]", "toelatingsdrempel")
    assert page.locator(".param-edit:visible").count() == 1
    assert "aanname" in page.inner_text(".param-edit:visible")
    field.fill("40")
    page.fill(".regime-row input[aria-label='Label']", "drempel_40")
    page.click("#p-run")
    page.wait_for_selector("#p-summary [data-admitted='drempel_40']")
    stricter = _admitted(page, "drempel_40")
    assert _admitted(page, "huidig_recht") == current_law
    assert stricter < default
    refusals = page.inner_text("#p-refusals")
    assert "drempel_40" in refusals
    assert "puntentoets_totaal" in refusals
    assert page.locator("#p-refusals a[href*='BWBR0007149']").count() > 0  # grounds with their citations
    assert "drempel_40" in page.inner_text("#p-validity")
    # the configuration is a link that reproduces it
    link = page.get_attribute("#p-config-link", "href")
    assert THRESHOLD in urllib.parse.unquote(link)
    page.screenshot(path=str(screenshots / "bevolking.png"), full_page=True)


def test_a_costing_shows_its_summary(page, screenshots):
    _open(page, "#/kosten?" + urllib.parse.urlencode({"years": 2, "draws": 0, "regimes": "vijfjarige_vergunning"}))
    page.click("#k-run")
    page.wait_for_selector("#k-summary", timeout=120_000)
    text = page.inner_text("#k-summary")
    assert "Toelatingen" in text
    assert "vijfjarige_vergunning" in text
    assert page.locator("#k-result a[download='costing.json']").count() == 1
    page.screenshot(path=str(screenshots / "kostenraming.png"), full_page=True)


def test_the_english_switch_and_the_glossary(page):
    _open(page, "#/aanvrager")
    page.click("#lang")
    page.wait_for_selector("text=One applicant")
    assert page.inner_text("#tabs a[data-view='wet']") == "Law"
    tip = page.locator("abbr.term", has_text="huidig_recht").first
    assert "Current law" in tip.get_attribute("data-tip")
    page.click("#lang")
    page.wait_for_selector("text=Eén aanvrager")


def test_the_page_can_be_used_from_the_keyboard_and_on_a_narrow_screen(page):
    page.set_viewport_size({"width": 390, "height": 800})
    _open(page, "#/aanvrager")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Naar de inhoud"
    labelled = page.evaluate(
        "[...document.querySelectorAll('#applicant-form input, #applicant-form select')]"
        ".filter(e => e.type !== 'checkbox' && !(e.labels && e.labels.length)).map(e => e.id)"
    )
    assert labelled == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
