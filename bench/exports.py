"""Time every export of a 5,000-card workshop.

Run: .venv/bin/python bench/exports.py [--cards 5000]
Builds the test suite's realistic workshop (tests/factory.py) plus N perception cards in a
throw-away SQLite file, then prints the wall time and output size of each export.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]
os.environ.setdefault("INSTANCE_PATH", tempfile.mkdtemp(prefix="clts-bench-"))
os.environ.setdefault("SECRET_KEY", "bench-only")

from clts_forum import create_app  # noqa: E402
from clts_forum.extensions import db  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cards", type=int, default=5000)
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="clts-bench-db-")
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/bench.sqlite3", "ASYNC_MODE": "threading",
                      "SERVER_NAME": "bench.local", "REDIS_URL": None})
    with app.app_context(), app.test_request_context():
        import factory
        from clts_forum.exports import archive, document, pdf, report, sections, spreadsheet

        db.create_all()
        started = time.perf_counter()
        workshop = factory.build(extra_cards=args.cards - 9)
        print(f"built a workshop of {args.cards} cards in {time.perf_counter() - started:.2f} s")

        def timed(name, make):
            db.session.expire_all()  # every export starts from the database, as a request does
            begin = time.perf_counter()
            result = make()
            seconds = time.perf_counter() - begin
            size = len(result) if isinstance(result, (bytes, str)) else len(json.dumps(result))
            print(f"{name:<22} {seconds:7.2f} s  {size / 1024:9.0f} KiB")
            return result

        built = timed("report data", lambda: report.build(workshop))
        page = app.jinja_env.get_template("secretariat/report.html")
        timed("HTML page (from data)", lambda: page.render(workshop=workshop, report=built,
                                                           blocks=list(sections.blocks(built))))
        timed("PDF (incl. data)", lambda: pdf.render(report.build(workshop)))
        timed("DOCX (incl. data)", lambda: document.render(report.build(workshop)))
        timed("CSV cards (incl.)", lambda: spreadsheet.cards_csv(report.build(workshop)))
        timed("CSV positions (incl.)", lambda: spreadsheet.positions_csv(report.build(workshop)))
        data = timed("JSON archive", lambda: json.dumps(archive.export(workshop), ensure_ascii=False))
        timed("JSON import", lambda: str(archive.restore(json.loads(data)).id))


if __name__ == "__main__":
    main()
