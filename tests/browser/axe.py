"""Run axe-core (from node_modules, injected into the page) and describe what it finds."""

import functools
import json
from collections import Counter
from pathlib import Path

from django.conf import settings

AXE_JS = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
REPORTS = Path(settings.BASE_DIR) / "artifacts" / "axe"
BLOCKING = ("critical", "serious")
IMPACT_ORDER = ("critical", "serious", "moderate", "minor")

RUN_AXE = """
const done = arguments[arguments.length - 1];
axe.run(document, {resultTypes: ["violations"]})
  .then((results) => done({violations: results.violations}))
  .catch((error) => done({error: String(error)}));
"""


@functools.cache
def axe_source():
    return AXE_JS.read_text(encoding="utf-8")


def run_axe(browser):
    """Every axe violation on the current page (all rules axe enables by default)."""
    browser.execute_script(axe_source())
    result = browser.execute_async_script(RUN_AXE)
    if "error" in result:
        raise AssertionError(f"axe-core failed on {browser.current_url}: {result['error']}")
    return result["violations"]


def by_impact(violations):
    """{'serious': 2, 'moderate': 1}: elements affected, per impact."""
    counts = Counter()
    for violation in violations:
        counts[violation["impact"]] += len(violation["nodes"])
    return {impact: counts[impact] for impact in IMPACT_ORDER if counts[impact]}


def blocking(violations):
    return [violation for violation in violations if violation["impact"] in BLOCKING]


def describe(violations, limit_nodes=5):
    """One readable block per rule: id, impact, what it means, the elements and the fix."""
    lines = []
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation['impact']}): {violation['help']} "
            f"[{len(violation['nodes'])} element(s)] {violation['helpUrl']}"
        )
        for node in violation["nodes"][:limit_nodes]:
            target = " ".join(str(part) for part in node["target"])
            fix = " ".join(node.get("failureSummary", "").split())
            lines.append(f"    {target}\n      {node['html'][:160]}\n      {fix}")
        if len(violation["nodes"]) > limit_nodes:
            lines.append(f"    … and {len(violation['nodes']) - limit_nodes} more")
    return "\n".join(lines)


def save_report(name, url, violations):
    """Keep the full result under artifacts/axe/ so a failing run can be read afterwards."""
    REPORTS.mkdir(parents=True, exist_ok=True)
    report = {"url": url, "by_impact": by_impact(violations), "violations": violations}
    (REPORTS / f"{name}.json").write_text(json.dumps(report, indent=1, ensure_ascii=False))


def save_summary(summary):
    """One line per page: its violations by impact, for the closing note."""
    REPORTS.mkdir(parents=True, exist_ok=True)
    lines = [f"{name:28} {counts or 'no violations'}" for name, counts in summary.items()]
    (REPORTS / "summary.txt").write_text("\n".join(lines) + "\n")
