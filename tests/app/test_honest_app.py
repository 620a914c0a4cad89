"""AppTests for issue 9: the results board and the honest-comparison settings change what is shown."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from tests.app.apptest import open_app


def open_page(page: str | None = None, **query: str | list[str]) -> AppTest:
    return open_app(page, **query)


#: AppTest does not expose a dataframe's key: each page's tables by their position on the page.
POSITION = {"board_table": 0, "profile_board": 0, "compare_gap_table": 0}


def frame(at: AppTest, key: str):
    return at.dataframe[POSITION[key]].value


def test_board_group_filter_and_sort_change_the_rows():
    at = open_page("app_pages/board.py", year="2024", board_pillar="all")
    table = frame(at, "board_table")
    assert len(table) == 15 and table.columns[0] == "Daerah"
    at.pills(key="board_groups").set_value(["ikn_buffer"]).run()
    table = frame(at, "board_table")
    assert len(table) == 5
    assert set(table.iloc[:, 0]) == {"Balikpapan", "Samarinda", "Bontang", "Penajam Paser Utara", "Kutai Kartanegara"}
    at.selectbox(key="board_sort").set_value("ombudsman_compliance_score").run()
    first = frame(at, "board_table").iloc[0]
    assert first.iloc[0] == "Balikpapan"  # 95.57 (2024), the highest Ombudsman score among the IKN buffers
    assert "95,57 (2024) · A – Kualitas Tertinggi" in " ".join(str(v) for v in first.to_numpy())


def test_board_in_english_names_bands_in_english():
    at = open_page("app_pages/board.py", year="2024", lang="EN", board_pillar="service")
    text = " ".join(str(v) for v in frame(at, "board_table").to_numpy().ravel())
    assert "A – Highest quality (green zone)" in text and "Kualitas Tertinggi" not in text


def test_sufficiency_setting_changes_how_many_regions_are_scored():
    # the sufficiency rule decides the extended index (the core index needs every core indicator instead)
    at = open_page(year="2024", index_extended="true")
    scored = next(m for m in at.metric if m.label == "Daerah dinilai")
    assert scored.value == "5 dari 15"
    assert any("Data belum cukup untuk indeks" in c.value for c in at.caption)
    at.selectbox(key="rule_pillars").set_value(1).run()
    at.selectbox(key="rule_pillar").set_value(0.0).run()
    scored = next(m for m in at.metric if m.label == "Daerah dinilai")
    assert scored.value != "5 dari 15"
    assert any("Aturan kecukupan" in c.value for c in at.caption)


def test_profile_below_the_rule_shows_not_enough_data_and_the_published_figures():
    at = open_page("app_pages/profile.py", year="2024", index_extended="true")  # the extended index's rule
    at.selectbox(key="profile_region").set_value("64.09").run()  # Penajam Paser Utara: IKD, SPM only
    assert at.metric[0].value == "data belum cukup"
    assert frame(at, "profile_board").shape[0] >= 1
    at.selectbox(key="rule_pillars").set_value(0).run()
    at.selectbox(key="rule_pillar").set_value(0.0).run()
    assert not at.metric[0].value.startswith("data belum cukup")


def test_compare_like_for_like_puts_ombudsman_on_balikpapans_side_and_shows_full_on_request():
    at = open_page("app_pages/compare.py", year="2024", lang="EN")
    gap = frame(at, "compare_gap_table").set_index("Indicator")
    omb = gap.loc["Ombudsman public-service compliance score"]
    assert omb["Value A"] == "95.57 (2024)" and omb["Value B"] == "94.70 (2024)"
    assert float(omb["Contribution"]) > 0
    assert gap.loc["Public-service mall (MPP) in operation", "Contribution"].startswith("not comparable")
    assert gap.loc["SPBE index (e-government)", "Value A"] == "3.05 (2022)"  # both years are shown
    assert any("Left out" in c.value for c in at.caption)
    assert not any("full framework" in m.value for m in at.markdown)
    at.toggle(key="compare_full").set_value(True).run()
    assert any("full framework" in m.value for m in at.markdown)
