"""The participant page is light: its first load, compressed as served, stays under 150 kB; nothing
comes from another host, no web font, and static files have versioned names cached for a year."""
from __future__ import annotations

import re
from pathlib import Path

from flask_babel import refresh

BUDGET = 150 * 1024
ACCEPT = {"Accept-Encoding": "gzip, deflate, br", "Accept-Language": "fr-FR"}
ASSET = re.compile(r'(?:src|href)="([^"]+)"')
STATIC = Path(__file__).resolve().parent.parent / "static"
IMPORT = re.compile(r'\b(?:from|import)\s*"(\.{1,2}/[^"]+)"')


def _phone_page(client, workshop):
    refresh()
    joined = client.post(f"/j/{workshop.join_code}", data={
        "pseudonym": "Awa", "category": "personne_accompagnee", "followed_here": "no"}, follow_redirects=True)
    assert 'id="compose"' in joined.text
    refresh()
    return client.get(f"/j/{workshop.join_code}", headers=ACCEPT)


def first_load(client, workshop) -> dict[str, int]:
    """Bytes on the wire for the page and every asset it names (pictograms of easy-read included)."""
    page = _phone_page(client, workshop)
    assert page.headers.get("Content-Encoding") in ("br", "gzip", "deflate")
    html = client.get(f"/j/{workshop.join_code}", headers={"Accept-Language": "fr-FR"}).text
    assert 'id="compose"' in html
    sizes = {"page": len(page.get_data())}
    config = re.search(r'id="page-config">(.*?)</script>', html, re.S).group(1)
    urls = set(ASSET.findall(html)) | set(re.findall(r'"(/static/[^"]+)"', config))
    pending = sorted(u.replace("&amp;", "&") for u in urls if u.startswith("/static/"))
    while pending:  # the page's assets, then every module the scripts import, once each
        url = pending.pop()
        if url in sizes:
            continue
        asset = client.get(url, headers=ACCEPT)
        assert asset.status_code == 200, url
        sizes[url] = len(asset.get_data())
        if url.split("?")[0].endswith(".js"):
            pending.extend(imported_modules(client, url))
    return sizes


def imported_modules(client, url: str) -> list[str]:
    """The absolute URLs a module imports (relative specifiers, as browsers resolve them)."""
    from urllib.parse import urljoin

    text = client.get(url).get_data(as_text=True)
    return [urljoin(url, spec) for spec in IMPORT.findall(text)]


def test_participant_first_load_is_under_150_kB(client, workshop):
    sizes = first_load(client, workshop)
    total = sum(sizes.values())
    print(f"\nparticipant page, first load: {total} bytes compressed ({total / 1024:.1f} kB) in {len(sizes)} responses")
    assert total <= BUDGET, f"{total} bytes > {BUDGET}: " + ", ".join(f"{k}={v}" for k, v in sizes.items())


def test_every_asset_is_local_versioned_and_cached_for_a_year(client, workshop):
    _phone_page(client, workshop)
    refresh()
    html = client.get(f"/j/{workshop.join_code}").text
    urls = ASSET.findall(html)
    for url in [u for u in urls if u.split("?")[0].endswith(".js")]:
        urls.extend(imported_modules(client, url.replace("&amp;", "&")))  # imported modules too
    for url in urls:
        assert url.startswith("/") or url.startswith("?lang="), f"external or odd URL: {url}"
        if url.startswith("/static/"):
            assert "?v=" in url, f"unversioned static URL: {url}"
            response = client.get(url.replace("&amp;", "&"))
            assert "immutable" in response.headers["Cache-Control"] and "max-age=31536000" in response.headers["Cache-Control"]


def test_no_web_font_over_30_kB():
    fonts = [p for p in STATIC.rglob("*") if p.suffix.lower() in (".woff", ".woff2", ".ttf", ".otf", ".eot")]
    assert all(p.stat().st_size <= 30 * 1024 for p in fonts), fonts


def test_scripts_and_styles_go_out_compressed(client):
    for path in ("/static/vendor/socket.io.min.js?v=1", "/static/js/live.js?v=1", "/static/css/base.css?v=1"):
        response = client.get(path, headers=ACCEPT)
        assert response.headers.get("Content-Encoding") == "br", path
        assert "Accept-Encoding" in response.headers.get("Vary", "")
