"""Bad input everywhere (issue 9, point 5): URL parameters and uploads, fuzzed with hypothesis.

Every reader of something a visitor controls is run here on generated hostile values: the
shared filter's URL (``CrimeFilter.from_url``), the survey page's ``fy`` / ``q`` choice
(``survey_view.pick``), the siting page's point uploads (``planner.read_points``) and the
import page's upload saving (``ui_import.safe_stem`` / ``_save_uploads``). The property each
relies on: a value the app can use, or a refusal the page can put in the user's words
(a keyed error), never anything else. Other URL readers (``lang``, ``public``) are one-line
comparisons inside Streamlit calls; ``tests/app/test_fuzz_pages.py`` fuzzes them through pages.
"""
from __future__ import annotations

import datetime as dt
import re
import string
import tempfile
import unicodedata
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from bohan import planner, siting
from bohan import survey_view as sv
from bohan.filters import HOUR_BANDS, PERIOD_KINDS, CrimeFilter, Vocab
from bohan.i18n import LANGS, TEXT, t
from bohan.importers import KINDS, SUFFIXES
from bohan.importers.common import ImportRefused
from bohan.ui_import import MAX_UPLOAD_MB, _save_uploads, safe_stem

FUZZ = settings(max_examples=120, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

VOCAB = Vocab(
    kobans=("糸井", "美園", "木場"),
    towns={"糸井": ("日新町一丁目", "O'Brien町"), "美園": ("美園町 一丁目",), "木場": ("木場町一丁目",)},
    offences={"窃盗犯": ("自転車盗", "万引き"), "粗暴犯": ("暴行",)},
    places=("道路上", "公園"),
    years=(2014, 2024),
    fiscal_years=(2014, 2023),
    dates=(dt.date(2013, 12, 10), dt.date(2024, 12, 31)),
)
ALL_TOWNS = {"日新町一丁目", "O'Brien町", "美園町 一丁目", "木場町一丁目"}
FILTER_KEYS = ("koban", "town", "group", "offence", "place", "hours", "wd", "y", "fy", "d")
#: Values a hostile or broken link carries: numbers out of range, NaN, other digits,
#: control and bidi characters, SQL, HTML, Markdown links, very long text.
HOSTILE = [
    "", " ", ",", "-", "~", "--", ",,,", "NaN", "nan", "inf", "-inf", "1e309", "-1", "0", "24", "25", "99999999999",
    "9" * 5000, "²", "٣", "１５-１７", "0x10", "1_000", "\x00", "\x1b[31m", "\u202e", "\ufeff", "\ud800", "\n", "\r\n",
    "'; DROP TABLE incidents; --", "$koban_list", "1 OR 1=1", "<script>bohan</script>", "<img src=x onerror=bohan()>",
    "[bohan](https://evil.example/)", "![bohan](https://evil.example/x.png)", ":red[bohan]", ":material/home:", "$x^2$",
    "&lt;b&gt;", "`code`", "**bold**", "a" * 10_000, "糸井", "美園,木場", "O'Brien町", "美園町 一丁目", "窃盗犯",
    "自転車盗", "公園", "18-6", "5-0", "0-24", "15-17", "0,6", "00,6,6", "2014-2024", "2019", "-2020", "2030-",
    "2023-01-01~2023-12-31", "~", "2023-02-30~", "1900-01-01~9999-12-31", "20230101~", "2023-W01-1~2023-12-31",
]
PIECES = st.one_of(
    st.sampled_from(HOSTILE),
    st.text(max_size=20),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.floats().map(str),
    st.dates(min_value=dt.date(1, 1, 1)).map(dt.date.isoformat),
)
#: One value of a key: a piece, pieces joined as the URL formats join them, or a repeated key.
VALUES = st.one_of(
    PIECES,
    st.builds(lambda sep, parts: sep.join(parts), st.sampled_from([",", "-", "~", ", ", " - "]),
              st.lists(PIECES, min_size=1, max_size=4)),
    st.lists(PIECES, min_size=0, max_size=3),
    st.none(),
)
QUERIES = st.dictionaries(st.one_of(st.sampled_from([*FILTER_KEYS, "lang", "public"]), st.text(max_size=8)),
                          VALUES, max_size=8)
#: Characters a note must never leave unescaped where it quotes the link (see bohan.filters.quoted).
MARKDOWN_CHARS = set("\\`*_{}[]()<>!|~$:&@.")


def catalogue_pattern(template: str) -> re.Pattern:
    """A catalogue template as a regex: literal text exact, each ``{placeholder}`` a named group
    (a repeated placeholder matches anything again)."""
    out, seen = [], set()
    for literal, field_name, _spec, _conv in string.Formatter().parse(template):
        out.append(re.escape(literal))
        if field_name is not None:
            name = re.sub(r"\W", "_", field_name) or "_"
            out.append(f"(?P<{name}>.*?)" if name not in seen and name.isidentifier() else "(?:.*?)")
            seen.add(name)
    return re.compile("".join(out), re.DOTALL)


def _filled(key: str, lang: str, note: str) -> dict[str, str] | None:
    m = catalogue_pattern(TEXT[key][0 if lang == "ja" else 1]).fullmatch(note)
    return m.groupdict() if m else None


def _in_vocab(f: CrimeFilter) -> None:
    assert set(f.koban) <= set(VOCAB.kobans) and set(f.town) <= ALL_TOWNS
    assert set(f.offence_group) <= set(VOCAB.offences) and set(f.offence) <= VOCAB.all_offences()
    assert set(f.place_type) <= set(VOCAB.places)
    for values in (f.koban, f.town, f.offence_group, f.offence, f.place_type):
        assert len(set(values)) == len(values)
    if f.hours is not None:
        a, b = f.hours
        assert type(a) is int and type(b) is int and 0 <= a <= 23 and 1 <= b <= 24 and a != b % 24
    assert list(f.weekdays) == sorted(set(f.weekdays)) and set(f.weekdays) <= set(range(7))
    assert f.period in PERIOD_KINDS
    lo, hi = {"year": VOCAB.years, "fiscal": VOCAB.fiscal_years, "dates": VOCAB.dates}[f.period]
    kind = dt.date if f.period == "dates" else int
    for v in (f.start, f.end):
        assert v is None or (type(v) is kind and lo <= v <= hi)
    if f.start is not None and f.end is not None:
        assert f.start <= f.end


# --------------------------------------------------------------------------- the shared filter's URL
@FUZZ
@given(query=QUERIES, lang=st.sampled_from(LANGS))
@example(query={"wd": "²"}, lang="ja")
@example(query={"wd": "9" * 5000}, lang="en")
@example(query={"d": "1900-01-01~9999-12-31"}, lang="ja")
@example(query={"hours": "5-0", "d": "~"}, lang="en")
@example(query={"koban": ["糸井", "[bohan](https://evil.example/)"], "y": ["2019", None]}, lang="ja")
def test_from_url_gives_a_filter_within_the_data_and_notes(query, lang):
    """Any link gives a filter of known values within the data, notes in the user's words, and a link
    that reads back the same."""
    f, notes = CrimeFilter.from_url(query, VOCAB, lang)
    _in_vocab(f)
    assert CrimeFilter.from_url(f.to_url(), VOCAB, lang) == (f, [])
    assert all(type(k) is str and type(v) is str for k, v in f.to_url().items())
    f.describe(lang, VOCAB), f.params()  # noqa: B018 - the words and the SQL parameters can be made
    note_keys = [k for k in TEXT if k.startswith("filter.note.")]
    for note in notes:
        filled = next((d for k in note_keys if (d := _filled(k, lang, note)) is not None), None)
        assert filled is not None, f"not a catalogue note: {note!r}"
        quoted = filled.get("values", filled.get("value"))
        plain = re.sub(r"\\.", "", quoted)  # escaped characters are text
        assert not MARKDOWN_CHARS & set(plain), f"Markdown left active in {quoted!r}"
        assert not any(unicodedata.category(c) in ("Cc", "Cf", "Cs", "Zl", "Zp") for c in quoted), repr(quoted)
        assert len(plain) <= 60


@FUZZ
@given(
    koban=st.lists(st.sampled_from(VOCAB.kobans), unique=True),
    town=st.lists(st.sampled_from(sorted(ALL_TOWNS)), unique=True),
    group=st.lists(st.sampled_from(list(VOCAB.offences)), unique=True),
    offence=st.lists(st.sampled_from(sorted(VOCAB.all_offences())), unique=True),
    place=st.lists(st.sampled_from(VOCAB.places), unique=True),
    hours=st.one_of(st.sampled_from(list(HOUR_BANDS.values())),
                    st.tuples(st.integers(0, 23), st.integers(1, 24)).filter(lambda h: h[0] != h[1] % 24)),
    weekdays=st.sets(st.integers(0, 6)).map(lambda s: tuple(sorted(s))),
    period=st.sampled_from(PERIOD_KINDS), data=st.data(),
)
def test_every_filter_the_sidebar_can_make_round_trips(koban, town, group, offence, place, hours, weekdays, period,
                                                       data):
    """Whatever the sidebar makes, its link reads back as the same filter, with no note."""
    if period == "dates":
        bound = st.one_of(st.none(), st.dates(*VOCAB.dates))
    else:
        bound = st.one_of(st.none(), st.integers(*(VOCAB.years if period == "year" else VOCAB.fiscal_years)))
    start, end = sorted(data.draw(st.tuples(bound, bound)), key=lambda v: (v is None, v))
    f = CrimeFilter(koban=tuple(koban), town=tuple(town), offence_group=tuple(group), offence=tuple(offence),
                    place_type=tuple(place), hours=hours, weekdays=weekdays, period=period, start=start, end=end)
    assert CrimeFilter.from_url(f.to_url(), VOCAB, "ja") == (f, [])


# --------------------------------------------------------------------------- the survey page's fy / q
@FUZZ
@given(value=VALUES, allowed=st.sampled_from([[2019, 2022, 2024], list(sv.QUESTIONS)]))
@example(value="2024 ", allowed=[2019, 2022, 2024])
@example(value="9" * 5000, allowed=[2019, 2022, 2024])
def test_survey_pick_gives_an_offered_choice(value, allowed):
    """``fy`` / ``q`` give one of the offered choices, and say when the link's value was refused."""
    default = allowed[-1]
    picked, refused = sv.pick(value, allowed, default)
    assert picked in allowed
    matched = any(str(a) == str(value).strip() for a in allowed)
    assert refused == (value not in (None, "") and not matched)
    if matched and value not in (None, ""):
        assert picked == next(a for a in allowed if str(a) == str(value).strip())
    else:
        assert picked == default
    if isinstance(picked, int):
        for lang in LANGS:
            sv.wave_label(picked, lang)


# --------------------------------------------------------------------------- siting uploads
HOSTILE_NAMES = [
    "../../etc/passwd.csv", "..", ".", "", "noext", "points.exe", "points.xlsx", "points.csv.exe", "a\x00.csv",
    "x" * 5000 + ".csv", "/abs/points.json", "C:\\Users\\x\\points.geojson", "POINTS.CSV", "p.GeoJSON", "p.txt",
    "\u202egpj.csv", "ポイント.csv", "p.csv ", ".csv", "p.csv/..", "p.json\n",
]
NAMES = st.one_of(st.sampled_from(HOSTILE_NAMES),
                  st.builds(lambda stem, suffix: stem + suffix, st.text(max_size=12),
                            st.sampled_from([".csv", ".txt", ".json", ".geojson", ".CSV", ".xlsx", "", "."])))
NUMBERS = st.one_of(
    st.floats().map(repr), st.integers(min_value=-(10**400), max_value=10**400).map(str),
    st.sampled_from(["", "NaN", "inf", "1e999", "42.63", "141.60", " 42.6 ", "４２．６", "0x10", "1_000", "-0", "=1+2",
                     "9" * 5000, "\x00", "緯度"]),
)
HEADERS = st.lists(st.sampled_from(["lat", "lon", "LAT", "Longitude", "緯度", "経度", "x", "y", "lng", "", "id", "lat",
                                    " lon ", "\x00", '"', "名称"]), min_size=0, max_size=5)


@st.composite
def csv_uploads(draw) -> bytes:
    """A delimited table: coordinate-like headers, hostile cells, ragged rows, the usual encodings (or none)."""
    header = draw(HEADERS)
    rows = draw(st.lists(st.lists(NUMBERS, max_size=len(header) + 2), max_size=6))
    sep = draw(st.sampled_from([",", "\t", ";", "|"]))
    text = "\n".join(sep.join(r) for r in [header, *rows])
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "cp932", "utf-16", "latin-1"]))
    return text.encode(encoding, errors="replace")


JSON_SCALARS = st.one_of(st.none(), st.booleans(), st.integers(min_value=-(10**30), max_value=10**30),
                         st.floats(allow_nan=False, allow_infinity=False), st.text(max_size=5))
JSON_ANY = st.recursive(JSON_SCALARS, lambda inner: st.one_of(st.lists(inner, max_size=3),
                                                              st.dictionaries(st.text(max_size=5), inner, max_size=3)),
                        max_leaves=8)


@st.composite
def geojson_uploads(draw) -> bytes:
    """GeoJSON-ish documents: points and multipoints whose parts may be of any JSON type."""
    import json

    coordinate = st.one_of(st.floats(allow_nan=False, allow_infinity=False), st.integers(-400, 400), JSON_ANY)
    point = st.fixed_dictionaries({"type": st.sampled_from(["Point", "MultiPoint", "Polygon", 5]),
                                   "coordinates": st.one_of(st.lists(coordinate, max_size=3),
                                                            st.lists(st.lists(coordinate, max_size=3), max_size=3),
                                                            JSON_ANY)})
    feature = st.one_of(
        point, st.fixed_dictionaries({"type": st.just("Feature"), "geometry": st.one_of(point, JSON_ANY)}), JSON_ANY)
    collection = st.fixed_dictionaries({"type": st.just("FeatureCollection"),
                                        "features": st.one_of(st.lists(feature, max_size=4), JSON_ANY)})
    doc = draw(st.one_of(feature, collection))
    return json.dumps(doc).encode()


def _points_or_keyed_refusal(data: bytes, name: str) -> None:
    """The siting page's contract: (lon, lat) degrees, or a SitingError with a catalogue key."""
    try:
        pts = planner.read_points(data, name)
    except siting.SitingError as err:
        for lang in LANGS:
            assert t(f"siting.error.{err.key}", lang, **err.values)
        return
    assert isinstance(pts, np.ndarray) and pts.ndim == 2 and pts.shape[1] == 2 and len(pts)
    assert np.isfinite(pts).all() and (np.abs(pts[:, 0]) <= 180).all() and (np.abs(pts[:, 1]) <= 90).all()


@FUZZ
@given(data=st.one_of(csv_uploads(), st.binary(max_size=400)), name=NAMES)
@example(data=b"lat,lon\n42.6,141.6\n", name="../../points.csv")
@example(data=("lat,lon\n%s,141.6\n" % ("9" * 400)).encode(), name="p.csv")
@example(data=b"\xff\xfe\x00\x00", name="p.csv")
@example(data=b"x" * (planner.MAX_UPLOAD_BYTES + 1), name="p.csv")
def test_read_points_tables_and_any_bytes(data, name):
    """A table (or any bytes) under any file name gives points in degrees or a keyed refusal, never another error."""
    _points_or_keyed_refusal(data, name)


@FUZZ
@given(data=geojson_uploads(), name=st.sampled_from(["p.geojson", "p.json", "P.GEOJSON"]))
@example(data=b'{"type": "FeatureCollection", "features": 5}', name="p.geojson")
@example(data=b'{"type": "Point", "coordinates": 5}', name="p.json")
@example(data=b'{"type": "MultiPoint", "coordinates": [5, 6]}', name="p.json")
@example(data=('{"type": "Point", "coordinates": [1%s, 2]}' % ("0" * 400)).encode(), name="p.json")
@example(data=b"[" * 100_000, name="p.json")
@example(data=('{"type": "Point", "coordinates": [%s, 2]}' % ("1" * 5000)).encode(), name="p.json")
def test_read_points_geojson(data, name):
    """Any GeoJSON-ish document gives points in degrees or a keyed refusal, never another error."""
    _points_or_keyed_refusal(data, name)


# --------------------------------------------------------------------------- import uploads
class FakeUpload:
    """What the import page uses of Streamlit's UploadedFile."""

    def __init__(self, name: str, data: bytes, size: int | None = None):
        self.name, self._data = name, data
        self.size = len(data) if size is None else size

    def getvalue(self) -> bytes:
        return self._data


UPLOAD_NAMES = st.one_of(
    st.sampled_from(HOSTILE_NAMES + ["‥／‥／x.csv", "／etc／x.csv", "𠀀" * 100 + ".geojson", "a/b/.csv", "\ud800.csv",
                                     "ｘ．ＣＳＶ", "con.csv", "~.csv", "$HOME.gpkg", "x.zip", "-rf.txt"]),
    st.builds(lambda stem, suffix: stem + suffix, st.text(max_size=80),
              st.sampled_from([".csv", ".tsv", ".txt", ".geojson", ".json", ".gpkg", ".zip", ".exe", "", ".CSV"])),
)


@FUZZ
@given(name=UPLOAD_NAMES)
def test_safe_stem_is_one_plain_file_name(name):
    """Any browser-sent name becomes one plain name: no folder, no control or path characters, ≤ 60 characters."""
    stem = safe_stem(name)
    assert 1 <= len(stem) <= 60 and stem not in (".", "..") and not stem.startswith(".")
    assert re.fullmatch(r"[\w\-.()（）]+", stem), repr(stem)
    assert not any(unicodedata.category(c)[0] in "CZ" for c in stem)
    stem.encode("utf-8")  # a file name the system can write
    assert len(f"{stem}.geojson".encode()) <= 255


@FUZZ
@given(files=st.lists(st.tuples(UPLOAD_NAMES, st.binary(max_size=20),
                                st.one_of(st.none(), st.sampled_from([-1, 0, 500_000_000, 500_000_001, 10**30]))),
                      min_size=1, max_size=3),
       kind=st.sampled_from(KINDS))
def test_save_uploads_stays_in_its_folder_or_refuses(files, kind):
    """Uploads are written only under the given folder, as ``<n>/<safe stem>.<suffix>``; a wrong type or
    size is refused."""
    uploads = [FakeUpload(name, data, size) for name, data, size in files]
    with tempfile.TemporaryDirectory() as outer:
        folder = Path(outer) / "uploads"
        folder.mkdir()
        try:
            paths = _save_uploads(uploads, kind, folder)
        except ImportRefused as err:
            assert err.key in ("wrong_type", "too_large")
            for lang in LANGS:
                assert err.text(lang)
            bad = next(i for i, u in enumerate(uploads) if (u.name.rsplit(".", 1)[-1].lower() if "." in u.name else "")
                       not in SUFFIXES[kind] or u.size / 1e6 > MAX_UPLOAD_MB)
            assert err.params["file"] == safe_stem(uploads[bad].name)
            paths = [None] * bad  # the ones before were saved (the caller's temporary folder removes them)
        else:
            assert len(paths) == len(uploads)
            for i, (path, up) in enumerate(zip(paths, uploads)):
                assert path.resolve().parent == (folder / str(i)).resolve()
                suffix = path.name.rsplit(".", 1)[-1]
                assert suffix in SUFFIXES[kind] and path.name == f"{safe_stem(up.name)}.{suffix}"
                assert path.read_bytes() == up.getvalue()
        written = [p for p in Path(outer).rglob("*") if p.is_file()]
        assert all(folder.resolve() in p.resolve().parents for p in written)
        assert len(written) == len(paths)
