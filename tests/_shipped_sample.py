"""The sample shipped in ``examples/data``, read and trained once, for the index
tests."""

from __future__ import annotations

import json
from pathlib import Path

import identitylink as il

DATA = Path(__file__).resolve().parents[1] / "examples" / "data"


class Sample:
    """The shipped CRM and profiles, and a spec trained on them."""

    def __init__(self) -> None:
        mapping = json.loads((DATA / "crm_mapping.json").read_text(encoding="utf-8"))
        self.crm = il.read_crm(DATA / "crm.csv", mapping=mapping, errors="collect")
        tw = il.read_twitter(DATA / "twitter.jsonl", errors="collect")
        fb = il.read_facebook(DATA / "facebook.jsonl", errors="collect")
        self.twitter, self.facebook = list(tw.records), list(fb.records)
        self.profiles = self.twitter + self.facebook
        self.spec = il.Linker().train(self.crm, self.profiles)
