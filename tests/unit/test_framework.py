"""Framework loading: YAML and table forms give the same objects; every invalid tree is reported clearly."""

from __future__ import annotations

import math
import textwrap

import pandas as pd
import pytest

import readiness
from readiness import FrameworkError

TABLE = """id,parent,weight,direction,goal_min,goal_max,unit,name_id,name_en
index,,,,,,,Indeks,Index
digital,index,2,,,,,Digitalisasi,Digitalisation
service,index,1,,,,,Layanan,Service
spbe,digital,1,1,0,5,index 0-5,Indeks SPBE,SPBE index
ikd,digital,1,1,,,%,IKD,Digital ID
omb,service,3,1,0,100,score,Ombudsman,Ombudsman
complaints,service,1,-1,,,per 1000,Pengaduan,Complaints
"""

YAML = """
id: index
name_id: Indeks
name_en: Index
children:
  - id: digital
    weight: 2
    name_id: Digitalisasi
    name_en: Digitalisation
    children:
      - {id: spbe, weight: 1, direction: 1, goal_min: 0, goal_max: 5, unit: index 0-5, name_id: Indeks SPBE, name_en: SPBE index}
      - {id: ikd, weight: 1, direction: 1, unit: "%", name_id: IKD, name_en: Digital ID}
  - id: service
    weight: 1
    name_id: Layanan
    name_en: Service
    children:
      - {id: omb, weight: 3, direction: 1, goal_min: 0, goal_max: 100, unit: score, name_id: Ombudsman, name_en: Ombudsman}
      - {id: complaints, weight: 1, direction: -1, unit: per 1000, name_id: Pengaduan, name_en: Complaints}
"""


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_table_and_yaml_load_to_the_same_framework(tmp_path):
    a = readiness.load_framework(write(tmp_path, "fw.csv", TABLE))
    b = readiness.load_framework(write(tmp_path, "fw.yaml", YAML))
    assert a.nodes == b.nodes
    assert a.indicators == ("spbe", "ikd", "omb", "complaints")
    assert a.aggregates == ("digital", "service", "index")
    assert a.root == "index"


def test_excel_table_loads(tmp_path):
    path = tmp_path / "fw.xlsx"
    pd.read_csv(write(tmp_path, "fw.csv", TABLE), dtype=str, keep_default_na=False).to_excel(path, index=False)
    fw = readiness.load_framework(path)
    assert fw.node("omb").goal_max == 100


def test_nodes_are_frozen(tmp_path):
    fw = readiness.load_framework(write(tmp_path, "fw.csv", TABLE))
    with pytest.raises(AttributeError):
        fw.node("spbe").weight = 5  # type: ignore[misc]
    with pytest.raises(TypeError):
        fw.nodes["x"] = None  # type: ignore[index]


def test_weights_relative_and_effective(tmp_path):
    fw = readiness.load_framework(write(tmp_path, "fw.csv", TABLE))
    assert fw.relative_weight("digital") == pytest.approx(2 / 3)
    assert fw.effective_weight("omb") == pytest.approx(1 / 3 * 3 / 4)
    assert math.isclose(sum(fw.effective_weight(i) for i in fw.indicators), 1.0)
    assert any("'index' sum to 3" in n for n in fw.notes)


def test_depth_and_navigation(tmp_path):
    fw = readiness.load_framework(write(tmp_path, "fw.csv", TABLE))
    assert fw.depth("index") == 0 and fw.depth("service") == 1 and fw.depth("omb") == 2
    assert fw.indicators_under("service") == ("omb", "complaints")
    assert fw.node("complaints").direction == -1
    assert fw.node("digital").direction is None
    assert fw.node("spbe").name("en") == "SPBE index"
    assert fw.pillars() == ("digital", "service")


def test_to_frame_round_trips(tmp_path):
    fw = readiness.load_framework(write(tmp_path, "fw.csv", TABLE))
    again = readiness.framework_from_frame(fw.to_frame().astype(object).where(fw.to_frame().notna(), ""))
    assert again.nodes == fw.nodes


def test_any_depth_and_unbalanced_tree():
    table = pd.DataFrame(
        {
            "id": ["i", "a", "a1", "a11", "x", "y"],
            "parent": ["", "i", "a", "a1", "a11", "i"],
            "weight": ["", "1", "1", "1", "1", "1"],
            "direction": ["", "", "", "", "1", "1"],
        }
    )
    fw = readiness.framework_from_frame(table)
    assert fw.indicators == ("x", "y")
    assert fw.aggregates == ("a11", "a1", "a", "i")
    assert fw.depth("x") == 4


def bad(text: str) -> pd.DataFrame:
    return pd.read_csv(__import__("io").StringIO(textwrap.dedent(text)), dtype=str, keep_default_na=False)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("id,parent,weight,direction\nr,,,\na,r,1,1\na,r,1,1\n", r"fw.csv row 4 \(node 'a'\): duplicate id 'a' \(first defined at row 3\)"),
        ("id,parent,weight,direction\nr,,,\na,zz,1,1\n", r"fw.csv row 3 \(node 'a'\): unknown parent 'zz'"),
        ("id,parent,weight,direction\nr,,,\ns,,,\na,r,1,1\nb,s,1,1\n", r"several root nodes \['r', 's'\]"),
        ("id,parent,weight,direction\nr,,,\na,r,-1,1\n", r"node 'a'\): weight must be >= 0, got -1"),
        ("id,parent,weight,direction\nr,,,\na,r,heavy,1\n", r"node 'a'\): weight must be a number, got 'heavy'"),
        ("id,parent,weight,direction\nr,,,\na,r,1,\n", r"node 'a'\): indicator has no direction"),
        ("id,parent,weight,direction\nr,,,\na,r,1,2\n", r"node 'a'\): direction must be 1 or -1, got '2'"),
        ("id,parent,weight,direction,goal_min,goal_max\nr,,,,,\na,r,1,1,5,5\n", r"goal_min \(5\) must be less than goal_max \(5\)"),
        ("id,parent,weight,direction,goal_min,goal_max\nr,,,,,\na,r,1,1,0,\n", r"goal_min and goal_max must be given together"),
        ("id,parent,weight,direction\nr,,,\na,r,0,1\nb,r,0,1\n", r"children \['a', 'b'\] are all 0"),
        ("id,parent,weight,direction\nr,,,\na,r,1,\nb,a,1,\n", r"indicator has no direction"),
    ],
)
def test_invalid_tables_name_file_and_node(text, message):
    with pytest.raises(FrameworkError, match=message):
        readiness.framework_from_frame(bad(text), source="fw.csv")


def test_cycle_detected():
    with pytest.raises(FrameworkError, match=r"cycle among nodes"):
        readiness.framework_from_frame(bad("id,parent,weight,direction\nr,,,\na,b,1,\nb,a,1,\nc,r,1,1\n"))


def test_all_problems_reported_at_once():
    text = "id,parent,weight,direction\nr,,,\na,r,-2,1\nb,zz,1,1\nc,r,1,\n"
    with pytest.raises(FrameworkError) as info:
        readiness.framework_from_frame(bad(text), source="fw.csv")
    assert len(info.value.problems) == 3


def test_yaml_errors_name_the_node(tmp_path):
    path = write(tmp_path, "fw.yaml", "id: r\nchildren:\n  - {id: a, weight: -1, direction: 1}\n")
    with pytest.raises(FrameworkError, match=r"fw.yaml node 'a': weight must be >= 0"):
        readiness.load_framework(path)


def test_yaml_syntax_error(tmp_path):
    with pytest.raises(FrameworkError, match=r"fw.yaml: not valid YAML"):
        readiness.load_framework(write(tmp_path, "fw.yaml", "id: [unclosed\n"))


def test_missing_file_and_unknown_format(tmp_path):
    with pytest.raises(FrameworkError, match="file not found"):
        readiness.load_framework(tmp_path / "nope.yaml")
    with pytest.raises(FrameworkError, match=r"unknown framework format '\.txt'"):
        readiness.load_framework(write(tmp_path, "fw.txt", "x"))
