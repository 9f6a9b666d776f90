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
    for url in sorted(u.replace("&amp;", "&") for u in urls):
        if not url.startswith("/static/"):
            continue
        asset = client.get(url, headers=ACCEPT)
        assert asset.status_code == 200, url
        sizes[url] = len(asset.get_data())
    return sizes


def test_participant_first_load_is_under_150_kB(client, workshop):
    sizes = first_load(client, workshop)
    total = sum(sizes.values())
    print(f"\nparticipant page, first load: {total} bytes compressed ({total / 1024:.1f} kB) in {len(sizes)} responses")
    assert total <= BUDGET, f"{total} bytes > {BUDGET}: " + ", ".join(f"{k}={v}" for k, v in sizes.items())


def test_every_asset_is_local_versioned_and_cached_for_a_year(client, workshop):
    _phone_page(client, workshop)
    refresh()
    html = client.get(f"/j/{workshop.join_code}").text
    for url in ASSET.findall(html):
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
