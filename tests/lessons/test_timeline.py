"""Tests for the SVG timeline (lessons.timeline): ordering, layout, markup and escaping."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from lessons.timeline import (
    TimelineEvent,
    in_order,
    layout,
    render_timeline_svg,
    year_fraction,
)

SVG = "{http://www.w3.org/2000/svg}"
E = TimelineEvent
BUNCHED = [
    E("autonomy", "Kosovo's autonomy revoked", (1989, None, None), date_label="1989"),
    E("racak", "Račak massacre", (1999, 1, 15), date_label="15 January 1999"),
    E("ramb", "Rambouillet talks", (1999, 2, 6), (1999, 2, 23), href="/facts/#fact-ramb"),
    E("af", "NATO air campaign begins", (1999, 3, 24), href="/facts/#fact-af"),
    E("indict", "Milošević indicted by ICTY", (1999, 5, 27)),
    E("mta", "Military-Technical Agreement signed", (1999, 6, 9)),
    E("afs", "Air campaign suspended", (1999, 6, 10)),
    E("r1244", "UNSCR 1244 adopted", (1999, 6, 10)),
    E("kfor", "KFOR enters Kosovo", (1999, 6, 12), date_label="12 June 1999"),
    E("aft", "Air campaign formally terminated", (1999, 6, 20)),
    E("wd", "Yugoslav withdrawal complete", (1999, 6, 20)),
    E("kla", "KLA disbanded", (1999, 9, None)),
    E("isaf", "ISAF mission", (2001, None, None), (2014, None, None)),
    E("ind", "Kosovo declares independence", (2008, 2, 17)),
    E("bp", "Belgrade–Pristina agreement", (2013, None, None)),
    E("isafe", "ISAF ended", (2014, 12, None)),
]


def svg_of(events, **kw):
    return render_timeline_svg(events, title="Kosovo, 1989–2014", description="Events.", **kw)


def overlaps(a, b):
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def assert_sound(events, width=960):
    placed = layout(events, width)
    order = sorted(events, key=lambda e: (year_fraction(e.start), e.key))
    assert [p.event for p in placed] == order
    for i, p in enumerate(placed):
        assert 0 <= p.box[0] <= p.box[2] <= width, p
        assert 0 <= p.x <= width
        for q in placed[i + 1 :]:
            assert not overlaps(p.box, q.box), (p, q)
            assert p.x <= q.x
    root = etree.fromstring(svg_of(events, width=width).encode())
    assert not [el for el in root.iter() if "style" in el.attrib or el.tag == f"{SVG}style"]
    return placed, root


def test_events_are_sorted_by_start_then_key_and_listed_for_the_text_alternative():
    events = [BUNCHED[5], BUNCHED[0], BUNCHED[7], BUNCHED[6], BUNCHED[11]]
    assert [p.event.key for p in layout(events)] == ["autonomy", "mta", "afs", "r1244", "kla"]
    assert [e.label for e in in_order([BUNCHED[8], BUNCHED[0]])] == [
        "Kosovo's autonomy revoked",
        "KFOR enters Kosovo",
    ]


def test_x_is_proportional_to_time_and_missing_parts_mean_the_middle():
    assert year_fraction((1999, None, None)) == 1999.5
    assert year_fraction((1999, 6, None)) == 1999 + 5.5 / 12
    assert year_fraction((1999, 3, 24)) < year_fraction((1999, 3, 25)) < year_fraction((1999, 4, 1))
    placed = layout(BUNCHED)
    xs = [p.x for p in placed]
    assert xs == sorted(xs)
    assert xs[0] < xs[1] < xs[-1]
    first, isaf = placed[0], next(p for p in placed if p.event.key == "isaf")
    per_year = (isaf.x_end - isaf.x) / 13
    assert abs(isaf.x - first.x - 12 * per_year) < 0.01  # 1989.5 -> 2001.5


def test_bunched_labels_do_not_overlap_stay_inside_and_leaders_do_not_cross_them():
    placed, root = assert_sound(BUNCHED)
    assert len({p.lane for p in placed}) >= 10  # the 1999 cluster needs its own lanes
    cluster = [p for p in placed if p.event.start[0] == 1999]
    for p in cluster:  # a leader runs from the axis down to its lane: it must not cut a label
        assert not [q for q in cluster if q.lane < p.lane and q.box[0] <= p.x <= q.box[2]]
    height = float(root.get("viewBox").split()[3])
    assert height >= max(p.box[3] for p in placed)
    assert height > float(etree.fromstring(svg_of(BUNCHED[:3]).encode()).get("viewBox").split()[3])


def test_labels_near_the_edges_are_anchored_inwards_and_long_ones_shortened():
    events = [E("a", "A label at the very start", (1989, 1, 1)), E("z", "Last one", (2014, 12, 31))]
    events.append(E("long", "x" * 300, (2000, None, None)))
    placed, _ = assert_sound(events, width=400)
    by_key = {p.event.key: p for p in placed}
    assert by_key["a"].anchor == "start"
    assert by_key["z"].anchor == "end"
    assert by_key["long"].text.endswith("…")
    assert len(by_key["long"].text) < 300


def test_markup_is_accessible_and_escaped():
    events = [*BUNCHED, E("amp", 'Tom & <Jerry> "quoted"', (2000, 1, 1), href="/f/?a=1&b=2")]
    svg = svg_of(events)
    assert "<Jerry>" not in svg
    assert "Tom &amp; &lt;Jerry&gt;" in svg
    assert "a=1&amp;b=2" in svg
    root = etree.fromstring(svg.encode())
    assert root.get("aria-labelledby") == "tl-title tl-desc"
    assert root.get("width") == "100%"
    assert root.find(f"{SVG}title").get("id") == "tl-title"
    assert root.find(f"{SVG}desc").get("id") == "tl-desc"
    links = root.findall(f".//{SVG}a")
    assert [a.get("href") for a in links] == ["/facts/#fact-ramb", "/facts/#fact-af", "/f/?a=1&b=2"]
    assert links[1].find(f"{SVG}title").text == "NATO air campaign begins"
    kfor = root.xpath("//s:title[starts-with(., 'KFOR')]", namespaces={"s": SVG[1:-1]})
    assert kfor[0].text == "KFOR enters Kosovo — 12 June 1999"
    # role="img" makes its children presentational; focusable links inside fail axe.
    assert root.get("role") == "group"
    no_links = [E(e.key, e.label, e.start, e.end) for e in BUNCHED]
    assert etree.fromstring(svg_of(no_links).encode()).get("role") == "img"
    assert svg == svg_of(list(reversed(events)))  # deterministic, independent of input order


def test_spans_are_drawn_as_bars_from_start_to_end():
    root = etree.fromstring(svg_of(BUNCHED).encode())
    bars = root.findall(f".//{SVG}rect[@class='tl-span']")
    assert len(bars) == 2
    isaf = next(p for p in layout(BUNCHED) if p.event.key == "isaf")
    assert float(bars[1].get("x")) == round(isaf.x, 1)
    assert abs(float(bars[1].get("width")) - (isaf.x_end - isaf.x)) < 0.1
    assert not etree.fromstring(svg_of(BUNCHED[:2]).encode()).findall(f".//{SVG}rect")


def test_year_ticks_are_every_year_when_few_and_sparser_when_many():
    def years(events, width=960):
        root = etree.fromstring(svg_of(events, width=width).encode())
        return [int(t.text) for t in root.findall(f"{SVG}g[@class='tl-axis']/{SVG}text")]

    assert years([BUNCHED[1], E("x", "x", (2001, None, None))]) == [1999, 2000, 2001]
    many = years(BUNCHED)
    assert many[0] >= 1989
    assert many[-1] <= 2014
    assert many[1] - many[0] in (2, 5)
    assert years(BUNCHED, width=400)[1] - years(BUNCHED, width=400)[0] == 5
    assert years([BUNCHED[1]]) == [1999]


dates = st.builds(
    lambda y, m, d: (y, m, None if m is None else d),
    st.integers(1989, 2014),
    st.none() | st.integers(1, 12),
    st.none() | st.integers(1, 28),
)
event_sets = st.lists(
    st.builds(
        lambda i, label, start, years, href: E(
            f"e{i}", label, start, None if years is None else (start[0] + years, None, None), href
        ),
        st.integers(0, 10**6),
        st.text(min_size=1, max_size=70),
        dates,
        st.none() | st.integers(0, 3),
        st.sampled_from(["", "/facts/#x"]),
    ),
    min_size=1,
    max_size=60,
    unique_by=lambda e: e.key,
)


@settings(max_examples=60, deadline=None)
@given(event_sets, st.sampled_from([320, 640, 960]))
def test_random_event_sets_never_overlap_and_always_parse(events, width):
    placed, root = assert_sound(events, width)
    assert len(root.findall(f".//{SVG}text")) >= len(placed)
