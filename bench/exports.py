"""Time every export, and the import, of a 5,000-card and a 100,000-card workshop.

Run: .venv/bin/python bench/exports.py [--cards 5000 100000] [--skip pdf,docx]
For each size, builds the test suite's realistic workshop (tests/factory.py) plus that many
perception cards in a throw-away SQLite file, then prints the wall time and output size of the
report's data (built once from the database, as every report export does first), of each format
made from that data, of the JSON archive and of its import. Time per 1,000 cards shows whether each
stays linear in size.
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


def bench(cards: int, skip: set[str]) -> None:
    folder = tempfile.mkdtemp(prefix="clts-bench-db-")
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/bench.sqlite3", "ASYNC_MODE": "threading",
                      "SERVER_NAME": "bench.local", "REDIS_URL": None})
    with app.app_context(), app.test_request_context():
        import factory
        from clts_forum.exports import archive, document, pdf, report, sections, spreadsheet

        db.create_all()
        started = time.perf_counter()
        workshop = factory.build(extra_cards=cards - 9)
        print(f"\n{cards} cards: built in {time.perf_counter() - started:.1f} s")
        print(f"{'export':<24} {'time':>9} {'per 1,000 cards':>16} {'size':>11}")

        def timed(name, make):
            if name.split()[0].lower() in skip:
                return None
            db.session.expire_all()  # every export starts from the database, as a request does
            begin = time.perf_counter()
            result = make()
            seconds = time.perf_counter() - begin
            size = len(result) if isinstance(result, (bytes, str)) else len(json.dumps(result, default=str))
            print(f"{name:<24} {seconds:8.2f}s {1000 * seconds / cards:15.3f}s {size / 1024:9.0f} KiB", flush=True)
            return result

        built = timed("report data", lambda: report.build(workshop))
        page = app.jinja_env.get_template("secretariat/report.html")
        timed("HTML page (from data)", lambda: page.render(workshop=workshop, report=built,
                                                           blocks=list(sections.blocks(built))))
        timed("PDF (from data)", lambda: pdf.render(built))
        timed("DOCX (from data)", lambda: document.render(built))
        timed("XLSX (from data)", lambda: spreadsheet.workbook(built))
        timed("CSV cards (from data)", lambda: spreadsheet.cards_csv(built))
        timed("CSV positions (from data)", lambda: spreadsheet.positions_csv(built))
        data = timed("JSON archive", lambda: json.dumps(archive.export(workshop), ensure_ascii=False).encode())
        if data is not None:
            timed("JSON import", lambda: str(archive.restore(archive.parse(data)).id))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cards", type=int, nargs="+", default=[5000, 100_000])
    parser.add_argument("--skip", default="", help="comma-separated first words of exports to leave out")
    args = parser.parse_args()
    for cards in args.cards:
        bench(cards, {s.strip().lower() for s in args.skip.split(",") if s.strip()})


if __name__ == "__main__":
    main()
