"""One-time import of the researched, sourced facts in ../shared/reference into data/.

This records how the bundled tables were made, so that every row can be traced back to the reference files and
from there to the page that states it. It was run once (2026-11-23); since then data/*.csv are edited by hand (or by
the data-entry workflow), so re-running it overwrites those edits. It never estimates: a value without a year goes
to data/undated.csv, a categorical result to data/labels.csv, an event without a date is left out and printed.

Usage: .venv/bin/python scripts/import_reference.py [--reference ../shared/reference] [--out data]
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import re
from collections import OrderedDict
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent

GROUPS = {
    "64.71": "ikn_buffer", "64.72": "ikn_buffer", "64.74": "ikn_buffer", "64.09": "ikn_buffer", "64.02": "ikn_buffer",
    "32.76": "jakarta_buffer", "32.75": "jakarta_buffer", "36.71": "jakarta_buffer", "36.74": "jakarta_buffer",
    "32.71": "jakarta_buffer",
    "61.71": "benchmark", "15.71": "benchmark", "35.78": "benchmark", "33.74": "benchmark", "32.16": "benchmark",
}
SHORT = {
    "64.71": "Balikpapan", "64.72": "Samarinda", "64.74": "Bontang", "64.09": "Penajam Paser Utara",
    "64.02": "Kutai Kartanegara", "32.76": "Depok", "32.75": "Bekasi", "36.71": "Tangerang",
    "36.74": "Tangerang Selatan", "32.71": "Bogor", "61.71": "Pontianak", "15.71": "Jambi", "35.78": "Surabaya",
    "33.74": "Semarang", "32.16": "Kab. Bekasi",
}
# Seeds: cited by file name and the outlet named in them.
SEEDS = {
    "000_047696222155f4ad.txt": ("seed-000", "Pemkot Balikpapan Belajar Pelayanan Publik ke Singapore",
                                 "inibalikpapan.com"),
    "001_56fbe6a39871186f.txt": ("seed-001", "Jadi Ibu Kota Negara, Pemkot Balikpapan Rubah Paradiga Pelayanan Publik",
                                 "inibalikpapan.com"),
    "002_4c2640302c92035b.txt": ("seed-002", "Tingkatkan Kualitas Pelayanan Publik, 25 ASN Pemkot Ikuti Pelatihan "
                                 "Public Service di Singapura", "Jambi Independent (jambi-independent.co.id)"),
    "003_73991448bcb282a0.txt": ("seed-003", "Kalteng Jadikan Pontianak Tolak Ukur Pelayanan Publik",
                                 "The Tanjungpura Times (thetanjungpuratimes.com)"),
    "004_7dc647d2c290d54b.txt": ("seed-004", "Pemerintah Kota Balikpapan meluncurkan sepuluh aksi perubahan baru "
                                 "(untitled in the seed)", "inibalikpapan.com"),
}
# Categorical results are kept as published, in labels.csv.
TEXT_INDICATORS = {"spbe_predikat", "ombudsman_zone", "ombudsman_opini", "ipp_category", "iid_category",
                   "ip_asn_category", "iga_top10_kota", "mpp_opened", "mpp_physical_exists"}
# Events whose count feeds a derived indicator (see readiness/derive.py), by (region, date).
MPP_OPENINGS = {("64.71", "2021-03-04"), ("64.72", "2019-12-19"), ("64.74", "2022-10-11"), ("64.02", "2022-12"),
                ("32.75", "2018-02-12"), ("32.71", "2019-08-26"), ("36.71", "2018-12"), ("36.74", "2021-04-15"),
                ("61.71", "2024-01"), ("15.71", "2022-05-09")}
EXTRA_SOURCES = {
    # (id, title, publisher, url, date, note)
    "coords-ref-jakarta": ("Merdeka Square (Medan Merdeka), Jakarta: coordinates 6°10′31″S 106°49′38″E",
                           "piglix.com (Wikipedia mirror)", "http://piglix.com/piglix/Medan_Merdeka", "",
                           "Monas stands at the centre of Merdeka Square; found with the search tool's pages corpus."),
}


def read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def write(path: Path, rows: list[dict], columns: list[str]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({c: row.get(c, "") for c in columns})
    print(f"wrote {path.relative_to(ROOT)}: {len(rows)} rows")


class Sources:
    """Collects sources, one id per URL (or per title when the URL is unknown)."""

    def __init__(self) -> None:
        self.rows: OrderedDict[str, dict] = OrderedDict()
        self.by_key: dict[str, str] = {}

    def add(self, title: str, url: str, date: str, note: str = "", publisher: str = "") -> str:
        seed = re.match(r"seed:(\S+\.txt)", title)
        if seed and seed.group(1) in SEEDS:
            sid, seed_title, outlet = SEEDS[seed.group(1)]
            if sid not in self.rows:
                self.rows[sid] = {"id": sid, "title": seed_title, "publisher": outlet,
                                  "url": url or f"seed:{seed.group(1)}", "date": date,
                                  "note": f"seed article ../shared/reference/seeds/{seed.group(1)}"}
            if url:
                self.by_key[url] = sid
            return sid
        key = url or title
        if key in self.by_key:
            sid = self.by_key[key]
            if date and not self.rows[sid]["date"]:
                self.rows[sid]["date"] = date
            return sid
        host = urlparse(url).netloc.removeprefix("www.").removeprefix("m.") if url else ""
        label = re.sub(r"[^a-z0-9]+", "-", (host or title.split()[0]).lower()).strip("-")[:40]
        sid = f"{label}-{hashlib.sha1(key.encode()).hexdigest()[:6]}"
        self.rows[sid] = {"id": sid, "title": title, "publisher": publisher or host or title.split(" - ")[0],
                          "url": url, "date": date, "note": note}
        self.by_key[key] = sid
        return sid


def confidence(quote: str) -> str:
    return "low" if quote.strip().startswith("[") else "verbatim"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--reference", type=Path, default=ROOT.parent / "shared" / "reference")
    parser.add_argument("--out", type=Path, default=ROOT / "data")
    args = parser.parse_args()
    facts = args.reference / "facts"
    researched = facts / "researched"
    sources = Sources()

    # --- regions ---------------------------------------------------------------------------------------------
    regions = []
    context_obs = []
    for p in read(researched / "places.csv"):
        parts = dict(part.strip().split(": ", 1) for part in p["source_url"].split(" | ") if ": " in part)
        coord_url = next((v for k, v in parts.items() if k.startswith("coords")), "")
        coord_sid = sources.add(f"Coordinates of {p['city']} (encyclopedia page)", coord_url.split()[0], "",
                                "city-centre coordinates; mirror of an encyclopedia page") if coord_url else ""
        if not p["region_code"]:
            regions.append({"code": "ref.ikn", "name": "IKN — Kawasan Inti Pusat Pemerintahan (Istana Garuda)",
                            "short_name": "IKN (KIPP)", "kind": "reference", "province": "Kalimantan Timur",
                            "group": "reference", "lat": p["lat"], "lon": p["lon"], "coord_source_id": coord_sid,
                            "note": "IKN's core government area (KIPP, about 6,600 ha); point at Istana Garuda"})
            continue
        pop_url = next((v for k, v in parts.items() if k.startswith("population")), "")
        area_url = next((v for k, v in parts.items() if k.startswith("area")), "")
        pop_sid = sources.add("Kepmendagri 300.2.2-2138/2025: kode wilayah dan jumlah penduduk (mirror: "
                              "cahyadsn/wilayah db/wilayah_penduduk.sql)", pop_url, "2025",
                              "population per kabupaten/kota, Dukcapil 2025",
                              publisher="Kemendagri (via cahyadsn/wilayah)")
        area_sid = sources.add("Luas wilayah kabupaten/kota (mirror: cahyadsn/wilayah db/wilayah_luas.sql)",
                               area_url, "", "area in km²; BIG-based table", publisher="cahyadsn/wilayah")
        code = p["region_code"]
        regions.append({"code": code, "name": p["city"], "short_name": SHORT[code], "kind": p["kind"],
                        "province": p["province"], "group": GROUPS[code], "lat": p["lat"], "lon": p["lon"],
                        "coord_source_id": coord_sid if p["lat"] else "", "area_km2": p["area_km2"],
                        "area_source_id": area_sid,
                        "note": {"64.09": "coordinates of the town of Penajam",
                                 "64.02": "coordinates of Tenggarong, the regency seat"}.get(code, "")
                        + ("no sourced coordinates found" if not p["lat"] else "")})
        context_obs.append({"region_code": code, "indicator": "population", "year": p["population_year"],
                            "value": p["population"], "source_id": pop_sid, "note": "persons (Dukcapil)",
                            "confidence": "verbatim"})
    sid = "coords-ref-jakarta"
    title, publisher, url, date, note = EXTRA_SOURCES[sid]
    sources.rows[sid] = {"id": sid, "title": title, "publisher": publisher, "url": url, "date": date, "note": note}
    regions.append({"code": "ref.jakarta", "name": "Jakarta — Monumen Nasional (Monas)",
                    "short_name": "Jakarta (Monas)",
                    "kind": "reference", "province": "DKI Jakarta", "group": "reference", "lat": "-6.17528",
                    "lon": "106.82722", "coord_source_id": sid, "note": "Monas, at the centre of Merdeka Square"})
    regions.append({"code": "32.16", "name": "Kabupaten Bekasi", "short_name": "Kab. Bekasi", "kind": "kabupaten",
                    "province": "Jawa Barat", "group": "benchmark", "lat": "", "lon": "",
                    "note": "a different government from Kota Bekasi (32.75); no sourced coordinates found"})

    # --- observations, labels, undated ------------------------------------------------------------------------
    observations, labels, undated = [], [], []
    obs_rows = read(researched / "observations.csv")
    # the top-level facts file adds values the wider search did not keep (indicator names differ)
    rename = {"indeks_spbe": "spbe_index", "ombudsman_kepatuhan": "ombudsman_compliance_score"}
    seen = {(r["region_code"], r["indicator"], r["year"]) for r in obs_rows}
    for r in read(facts / "observations.csv"):
        r = dict(r, indicator=rename.get(r["indicator"], r["indicator"]))
        if (r["region_code"], r["indicator"], r["year"]) not in seen:
            obs_rows.append(r)
        elif r["region_code"] == "36.71" and r["year"] == "2021":
            print("kept VOI 74.95 for Kota Tangerang 2021; Kompas's rounded '74' noted")
    for r in obs_rows:
        sid = sources.add(r["source_title"], r["source_url"], r["source_date"],
                          publisher="FAJARLAMPUNG.COM (ADV-HUMAS Pemkot Bekasi)" if "FAJARLAMPUNG" in r["source_title"]
                          else "")
        note = r["unit"]
        if r["region_code"] == "36.71" and r["indicator"] == "ombudsman_compliance_score" and r["year"] == "2021":
            note += "; Kompas (2022-03-04) reports the same result rounded as 74"
        base = {"region_code": r["region_code"], "indicator": r["indicator"], "source_id": sid, "note": note,
                "quote": r["quote"], "confidence": confidence(r["quote"])}
        if not r["year"]:
            undated.append({**base, "value": r["value"], "published": r["source_date"]})
        elif r["indicator"] in TEXT_INDICATORS:
            labels.append({**base, "year": r["year"], "label": r["value"]})
        else:
            observations.append({**base, "year": r["year"], "value": r["value"]})
    observations += context_obs

    # --- events -------------------------------------------------------------------------------------------------
    events, skipped = [], []
    counter: dict[str, int] = {}
    for e in read(researched / "events.csv"):
        if not e["date"]:
            skipped.append(e)
            continue
        sid = sources.add(e["source_title"], e["source_url"], "")
        planned = e["title"].startswith("PLANNED")
        measure = ""
        if e["kind"] == "overseas training" and not planned and e["unit"] == "ASN":
            measure = "asn_trained_abroad"
        elif e["kind"] == "innovation launch" and e["unit"] in ("aksi perubahan", "proyek perubahan"):
            measure = "change_projects"
        elif (e["region_code"], e["date"]) in MPP_OPENINGS:
            measure = "mpp_opened"
        events.append({"region_code": e["region_code"], "date": e["date"],
                       "kind": e["kind"], "title": e["title"], "count": e["count"], "unit": e["unit"],
                       "measure": measure, "status": "planned" if planned else "reported", "source_id": sid,
                       "quote": e["quote"], "confidence": confidence(e["quote"])})
    events.sort(key=lambda e: (e["region_code"], e["date"]))
    for e in events:  # ids follow date order within a region and year
        key = f"{e['region_code']}-{e['date'][:4]}"
        counter[key] = counter.get(key, 0) + 1
        e["id"] = f"ev-{key}-{counter[key]}"

    out = args.out
    write(out / "regions.csv", regions, ["code", "name", "short_name", "kind", "province", "group", "lat", "lon",
                                        "coord_source_id", "area_km2", "area_source_id", "note"])
    observations.sort(key=lambda r: (r["region_code"], r["indicator"], int(r["year"])))
    write(out / "observations.csv", observations,
          ["region_code", "indicator", "year", "value", "source_id", "note", "confidence", "quote"])
    labels.sort(key=lambda r: (r["region_code"], r["indicator"], int(r["year"])))
    write(out / "labels.csv", labels, ["region_code", "indicator", "year", "label", "source_id", "note",
                                       "confidence", "quote"])
    write(out / "undated.csv", undated, ["region_code", "indicator", "value", "published", "source_id", "note",
                                         "confidence", "quote"])
    write(out / "events.csv", events, ["id", "region_code", "date", "kind", "title", "count", "unit", "measure",
                                       "status", "source_id", "confidence", "quote"])
    write(out / "sources.csv", list(sources.rows.values()), ["id", "title", "publisher", "url", "date", "accessed",
                                                             "note"])
    for e in skipped:
        print(f"left out (no date): {e['region_code']} {e['kind']}: {e['title'][:90]}")


if __name__ == "__main__":
    main()
