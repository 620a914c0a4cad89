"""A hand-made national context fixture shared by the context tests: a copy of tests/fixtures/mini with a band table
for the Ombudsman score, a national context table and a gap register (readiness/model/context.py)."""

from __future__ import annotations

import shutil
from pathlib import Path

MINI = Path(__file__).resolve().parents[1] / "fixtures" / "mini"

BANDS = """indicator,period_from_year,lower_bound,upper_bound,band_id,name_id,name_en,source_id
ombudsman_score,2022,0,53.99,D,D – Rendah,D – Low,src-a
ombudsman_score,2022,54,77.99,C,C – Sedang,C – Medium,src-a
ombudsman_score,2022,78,87.99,B,B – Tinggi,B – High,src-a
ombudsman_score,2022,88,100,A,A – Tertinggi,A – Highest,src-a
"""
CONTEXT = """id,indicator,year,level,scope,kind,band_ids,label_id,label_en,count,assessed,share_pct,value,source_id,quote,note
omb-2023-kota-hijau,ombudsman_score,2023,kota,national,distribution,A+B,zona hijau,green zone,53,98,,,src-b,"53 dari 98 kota hijau",
omb-2023-kota-kuning,ombudsman_score,2023,kota,national,distribution,C,zona kuning,yellow zone,42,98,,,src-b,"42 kuning",
omb-2024-kota-a,ombudsman_score,2024,kota,national,distribution,A,,,30,,,,src-b,"30 kota A",
spbe-2022-all,spbe_index,2022,all,national,average,,,,,600,,2.5,src-a,"indeks nasional 2,5 dari 600",
"""
GAPS = """region_code,indicator,year,status,source_id,searched,note
64.71,spbe_index,2023,not_found,,"pages: 'SPBE Balikpapan 2023'",
64.71,spbe_index,2024,not_published,src-a,,
64.72,ombudsman_score,2024,not_found,,"pages: 'Ombudsman Samarinda'",
"""


def folder(tmp_path, *, bands=BANDS, context=CONTEXT, gaps=GAPS):
    """A copy of the mini fixture with bands, context and gaps tables."""
    out = tmp_path / "data"
    shutil.copytree(MINI, out)
    for name, text in (("bands", bands), ("context", context), ("gaps", gaps)):
        if text is not None:
            (out / f"{name}.csv").write_text(text, encoding="utf-8")
    return out
