"""axe-core (installed from the npm registry by scripts/test into node_modules/) run inside a page."""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import Page

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"

# Every rule axe enables by default: WCAG 2.0/2.1 A and AA, plus its best practices (landmarks, headings…).
RUN_AXE = """async () => {
  const result = await axe.run(document, { resultTypes: ["violations"] });
  return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 4).map((n) => n.target.join(" ") + " — " + (n.failureSummary || "").replace(/\\s+/g, " ")) }));
}"""


def require_axe() -> None:
    if not AXE.exists():
        reason = f"axe-core not installed at {AXE} (run ./scripts/test, which installs it with npm)"
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)


def violations(page: Page, where: str) -> list[str]:
    """The page's violations as readable lines, each naming the page or state it was found on."""
    page.wait_for_timeout(400)  # let the entering animation of new cards finish (contrast is measured)
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    return [f"[{where}] {v['id']} ({v['impact']}): {v['help']}\n      " + "\n      ".join(v["nodes"])
            for v in page.evaluate(RUN_AXE)]
