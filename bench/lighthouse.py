"""Lighthouse (from the npm registry) against Debian's Chromium, mobile profile."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from measure import ENV

from generator.tools.documents import CHROMIUM_FLAGS

NODE_DIR = Path(__file__).resolve().parent / ".node"
VERSION = "12.8.2"  # the last major that runs on Debian's Node 20 (13.x wants Node 22)
CATEGORIES = ("performance", "accessibility", "best-practices")
CHROME_FLAGS = " ".join(CHROMIUM_FLAGS)
METRICS = (
    "first-contentful-paint",
    "largest-contentful-paint",
    "total-blocking-time",
    "cumulative-layout-shift",
    "speed-index",
)


def chromium() -> str | None:
    return os.environ.get("CHROME_PATH") or shutil.which("chromium") or shutil.which("chromium-browser")


def binary() -> Path:
    return NODE_DIR / "node_modules" / ".bin" / "lighthouse"


def install() -> str:
    """npm install lighthouse into bench/.node (kept between runs). Returns the installed version."""
    if not binary().exists():
        NODE_DIR.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [
                "npm",
                "install",
                "--no-save",
                "--no-package-lock",
                "--prefix",
                str(NODE_DIR),
                f"lighthouse@{VERSION}",
            ],
            check=True,
            env=ENV,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
    package = NODE_DIR / "node_modules" / "lighthouse" / "package.json"
    return str(json.loads(package.read_text())["version"])


@dataclass
class Audit:
    title: str
    score: float
    display: str
    weight: float


@dataclass
class Report:
    url: str
    scores: dict[str, int]
    metrics: dict[str, str]
    transfer_kb: float
    lost: dict[str, list[Audit]] = field(default_factory=dict)  # category -> audits that cost points
    # What Lighthouse says would make the page faster: the metrics' causes, with estimated savings
    opportunities: list[Audit] = field(default_factory=list)
    error: str = ""
    performance_runs: list[int] = field(default_factory=list)  # every run's score, the median's included


def median_run(runs: list[Report]) -> Report:
    """The run with the median performance score (what Lighthouse's docs advise for noisy machines)."""
    done = sorted((r for r in runs if not r.error), key=lambda r: r.scores["performance"])
    if not done:
        return runs[-1]
    median = done[(len(done) - 1) // 2]
    median.performance_runs = [r.scores["performance"] for r in runs if not r.error]
    return median


def audit(url: str, out: Path) -> Report:
    """One Lighthouse run; the JSON report is kept in `out`."""
    chrome = chromium()
    if chrome is None:
        return Report(url, {}, {}, 0, error="Chromium not found")
    cmd = [
        str(binary()),
        url,
        f"--chrome-flags={CHROME_FLAGS}",
        f"--only-categories={','.join(CATEGORIES)}",
        "--output=json",
        f"--output-path={out}",
        "--form-factor=mobile",
        "--quiet",
    ]
    out.unlink(missing_ok=True)
    done = subprocess.run(
        cmd, env={**ENV, "CHROME_PATH": chrome}, capture_output=True, text=True, timeout=240, check=False
    )
    if done.returncode != 0 or not out.exists():
        return Report(url, {}, {}, 0, error=(done.stderr or done.stdout).strip()[-500:])
    data = json.loads(out.read_text(encoding="utf-8"))
    return _read(url, data)


def _read(url: str, data: dict) -> Report:  # type: ignore[type-arg]
    audits = data["audits"]
    scores = {}
    lost: dict[str, list[Audit]] = {}
    for key in CATEGORIES:
        category = data["categories"][key]
        scores[key] = round((category["score"] or 0) * 100)
        missing = []
        for ref in category["auditRefs"]:
            result = audits[ref["id"]]
            score = result.get("score")
            if ref.get("weight", 0) > 0 and score is not None and score < 1:
                missing.append(Audit(result["title"], score, result.get("displayValue", ""), ref["weight"]))
        lost[key] = sorted(missing, key=lambda a: (a.score - 1) * a.weight)
    metrics = {m: audits[m].get("displayValue", "") for m in METRICS if m in audits}
    opportunities = [
        Audit(a["title"], a["score"], a.get("displayValue", ""), a["details"].get("overallSavingsMs", 0))
        for a in audits.values()
        if (a.get("details") or {}).get("type") == "opportunity"
        and a.get("score") is not None
        and a["score"] < 1
    ]
    opportunities.sort(key=lambda a: -a.weight)
    requests = audits.get("network-requests", {}).get("details", {}).get("items", [])
    transfer = sum(item.get("transferSize", 0) for item in requests) / 1024
    return Report(url, scores, metrics, transfer, lost, opportunities)
