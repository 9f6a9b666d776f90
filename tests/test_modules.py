"""Scripts are served with versioned imports: a module's version follows every module it imports."""
from __future__ import annotations

import os
import re

from clts_forum.views.modules import module, module_version


def test_a_module_names_the_version_of_what_it_imports_and_changes_with_it(tmp_path):
    (tmp_path / "vendor").mkdir()
    (tmp_path / "vendor" / "lib.js").write_text('export const x = 1;\n')
    (tmp_path / "live.js").write_text('import{x as y}from"./vendor/lib.js";\nexport const live = y;\n')
    (tmp_path / "page.js").write_text('import { live } from "./live.js";\nimport "./vendor/lib.js";\n')
    body, before = module(tmp_path / "page.js")
    text = body.decode()
    assert f'from "./live.js?v={module_version(tmp_path / "live.js")}"' in text
    assert f'import "./vendor/lib.js?v={module_version(tmp_path / "vendor" / "lib.js")}"' in text
    assert re.search(r'from"\./vendor/lib\.js\?v=\w{10}"', module(tmp_path / "live.js")[0].decode())  # minified

    lib = tmp_path / "vendor" / "lib.js"
    lib.write_text('export const x = 2;\n')
    os.utime(lib, (lib.stat().st_atime, lib.stat().st_mtime + 5))
    assert module_version(tmp_path / "page.js") != before  # two levels up, the entry's URL changes


def test_served_scripts_are_versioned_modules_and_other_files_unchanged(client):
    served = client.get("/static/js/phone.js")
    assert served.status_code == 200 and served.headers["Content-Type"].startswith("text/javascript")
    imports = re.findall(r'from "(\.{1,2}/[^"]+)"', served.get_data(as_text=True))
    assert imports and all("?v=" in spec for spec in imports)
    assert client.get("/static/js/phone.js", headers={"If-None-Match": served.headers["ETag"]}).status_code == 304
    assert client.get("/static/js/missing.js").status_code == 404
    assert client.get("/static/css/base.css").status_code == 200
