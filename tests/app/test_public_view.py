"""The public view of the trends page (AppTest): no town filter, no count of 1-2 anywhere a town is
shown, the town breakdown the map, ranking and download agree on; staff see everything."""
from __future__ import annotations

import json

import pyarrow as pa

from bohan import db, privacy
from bohan.filters import CrimeFilter
from bohan.i18n import t
from tests.app.conftest import as_staff, open_page

PAGE = "pages/1_trends.py"
NARROW_FILTER = CrimeFilter(offence_group=("窃盗犯",), period="year", start=2023, end=2023)  # many towns have 1 or 2
NARROW = NARROW_FILTER.to_url()
TINY = CrimeFilter(offence=("車上ねらい",), period="year", start=2023, end=2023).to_url()  # no town at 3 or more


def chart_rows(at, field: str) -> list[dict]:
    """The rows of the Altair chart whose data has ``field`` (e.g. the town ranking)."""
    for chart in at.get("vega_lite_chart"):
        for d in chart.proto.datasets:
            rows = pa.ipc.open_stream(d.data.data).read_all().to_pylist()
            if rows and field in rows[0] and "n" in rows[0]:
                return rows
    raise AssertionError(f"no chart with {field}")


def deck_rows(at) -> list[dict]:
    deck = json.loads(at.get("deck_gl_json_chart")[-1].proto.json)
    return [row for layer in deck["layers"] if layer["id"] == "areas" for row in layer["data"]]


def test_public_sees_towns_only_as_the_rule_allows(built_db, con):
    """Not signed in: no town filter; a town in the link is dropped with a note; the town ranking has no
    count under 3; the town map carries no 1 or 2; the rule is stated; the download is the town table."""
    truth = db.run(con, "crime/counts_by_town", **NARROW_FILTER.params())
    assert truth["n"].between(1, 2).any(), "the test view should hold small towns"

    at = open_page(PAGE, "ja", query={**NARROW, "town": truth["town"].iloc[0]})
    assert not at.exception and not at.error
    assert not [m for m in at.sidebar.multiselect if m.key == "f_town"]
    assert t("filter.public.no_town", "ja") in [w.value for w in at.warning]
    ranked = chart_rows(at, "town")
    assert ranked and min(r["n"] for r in ranked) >= 3
    at.radio(key="map_level").set_value("town").run()
    counts = [r.get("n") for r in deck_rows(at)]
    assert counts and not {1, 2} & set(counts)
    assert t("privacy.rule.short", "ja") in [c.value for c in at.caption]
    labels = [b.label for b in at.get("download_button")]
    assert t("download.csv.towns", "ja") in labels and t("download.csv", "ja") not in labels

    # what the page shows agrees with the rule applied to the true counts
    expected = privacy.public_view(truth)
    shown = {r["town"]: r["n"] for r in ranked}
    for town, n in shown.items():
        row = expected[expected["town"] == town].iloc[0]
        assert row["status"] == "shown" and row["shown_value"] == n


def test_staff_see_town_filter_and_detail(built_db):
    """Signed in: the town filter, exact small counts in the ranking, the detailed download; the
    public view can be switched on to check what the public sees."""
    at = as_staff(open_page(PAGE, "ja", query=NARROW))
    assert not at.exception and not at.error
    assert [m for m in at.sidebar.multiselect if m.key == "f_town"]
    assert min(r["n"] for r in chart_rows(at, "town")) >= 1
    assert t("download.csv", "ja") in [b.label for b in at.get("download_button")]
    at.sidebar.toggle(key="f_public").set_value(True).run()
    assert min(r["n"] for r in chart_rows(at, "town")) >= 3
    assert t("download.csv.towns", "ja") in [b.label for b in at.get("download_button")]


def test_public_view_without_any_town_to_rank_says_so(built_db):
    """A view in which no town reaches a count that may be shown gives a sentence, not an empty chart."""
    at = open_page(PAGE, "ja", query=TINY)
    assert not at.exception and not at.error
    assert t("rank.town.none_public", "ja") in [i.value for i in at.info]
