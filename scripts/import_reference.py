"""One-time import of the researched, sourced facts in ../shared/reference into data/.

This records how the bundled tables were made, so that every row can be traced back to the reference files and
from there to the page that states it. It was run once (2026-11-23); since then data/*.csv are edited by hand (or by
the data-entry workflow), so re-running it overwrites those edits. It never estimates: a value without a year goes
to data/undated.csv, a categorical result to data/labels.csv, an event without a date is left out and printed.

Later rounds are applied on top, in order, so that the whole of data/ stays reproducible from its inputs:

- round 2, ``../shared/reference/facts/researched-2/observations.csv`` (31 rows, each with its page's URL, date and
  verbatim quote), with the corrections its README asks for (PPU SPM 75.16; Kota Tangerang 2021 cited to VOI, whose
  74,95 is used, with Kompas's rounded "74" kept as a second source; restored source dates; de-duplicated sources;
  Bontang's own SPM claim kept as context, never scored);
- round 3, ``scripts/reference/researched-3/`` (this repository): further sourced figures found in stored pages
  (``observations.csv``, same columns as round 2 plus ``note``), the sources of the method periods, band tables and
  targets (``sources.csv``, curated ids), ``method_periods.csv``, ``bands.csv`` and ``targets.csv``, copied to data/.

A row of a later round may replace an earlier row of the same (region, indicator, year) only when it is listed in
``CORRECTIONS``; any other clash stops the import.

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
# Events whose count feeds a derived indicator (see readiness/model/derive.py), by (region, date).
MPP_OPENINGS = {("64.71", "2021-03-04"), ("64.72", "2019-12-19"), ("64.74", "2022-10-11"), ("64.02", "2022-12"),
                ("32.75", "2018-02-12"), ("32.71", "2019-08-26"), ("36.71", "2018-12"), ("36.74", "2021-04-15"),
                ("61.71", "2024-01"), ("15.71", "2022-05-09")}
EXTRA_SOURCES = {
    # (id, title, publisher, url, date, note)
    "coords-ref-jakarta": ("Merdeka Square (Medan Merdeka), Jakarta: coordinates 6°10′31″S 106°49′38″E",
                           "piglix.com (Wikipedia mirror)", "http://piglix.com/piglix/Medan_Merdeka", "",
                           "Monas stands at the centre of Merdeka Square; found with the search tool's pages corpus."),
}


# --- later rounds ----------------------------------------------------------------------------------------------
ROUND_3 = ROOT / "scripts" / "reference" / "researched-3"
# (region, indicator, year): why a later round's row replaces the earlier one.
CORRECTIONS = {
    ("64.09", "spm_index", "2023"): "corrects 75.1 (cuitankaltim.com, rounded) to 75.16, the figure two pages give",
}
# Unit notes of the later rounds' rows, by indicator (the quote is the evidence; this says how to read it).
UNITS = {
    "spbe_index": "index 0-5 (KemenPANRB)",
    "smart_city_index": "smart-city evaluation score (scale not stated in the source)",
    "ombudsman_compliance_score": "score 0-100",
    "ikm_score": "IKM/SKM 0-100",
    "spm_index": "Indeks Penerapan SPM 0-100 (Kemendagri)",
    "spm_index_pemda_claim": "per cent; the city government's own figure, NOT the official Kemendagri index",
    "ipp_score": "indeks 1-5 (KemenPANRB)",
    "ombudsman_zone": "zona",
    "iid_category": "category",
}
# Notes for particular rows of round 2 (region, indicator, year).
ROUND_2_NOTES = {
    ("64.09", "spm_index", "2023"): "; corrects 75.1 (cuitankaltim.com rounds it); Kitamudamedia lists 75,16",
    ("64.74", "spm_index_pemda_claim", "2023"): (
        "; context only, never scored: Pemkot Bontang's counter-claim (after a clarification by the Inspektorat "
        "Kaltim) to the official Kemendagri index 75.38 for 2023"),
    ("64.02", "ikm_score", "2023"): (
        "; reported as 'persen'; the source's category 'Puas' is not a PermenPANRB 14/2017 band name, so this may "
        "be a perception survey rather than the standard SKM: check before comparing"),
    ("64.02", "ikm_score", "2024"): "; reported as 'persen'; see the 2023 row's caveat ('Puas' category)",
    ("64.02", "ikm_score", "2025"): "; reported as 'persen' with category 'Puas' (not a PermenPANRB 14/2017 band name)",
    ("35.78", "ikm_score", "2024"): "; SKM component of the Indeks Reformasi Birokrasi 2024 evaluation",
    ("32.76", "ikm_score", "2017"): "; city-wide IKM as stated by the mayor",
    ("35.78", "spm_index", "2024"): "; announced at the SPM Awards 2025 (title: SPM 2024)",
    ("35.78", "ipp_score", "2024"): "; KepmenPANRB 659/2024; rank 17 nationally",
    ("35.78", "ombudsman_compliance_score", "2023"): "; the source writes \"97, 43\" (a stray space)",
    ("64.74", "spbe_index", "2018"): "; predikat Baik handed over in March 2019 (evaluation 2018)",
    ("36.74", "ombudsman_compliance_score", "2023"): "; publication date not given by the page",
    ("64.09", "ombudsman_zone", "2024"): (
        "; implied, not named: of Kaltim's 11 governments 'only Mahulu' was yellow, 'the rest' green"),
    ("64.72", "ombudsman_zone", "2021"): (
        "; implied, not named: Kaltim governments other than Bontang and Kutai Barat were yellow"),
    ("64.09", "ombudsman_zone", "2021"): (
        "; implied, not named: Kaltim governments other than Bontang and Kutai Barat were yellow"),
    ("35.78", "ombudsman_zone", "2022"): (
        "; implied, not named: Surabaya is listed among the eight East Java governments given the (green-zone) "
        "award certificate"),
    ("64.74", "iid_category", "2024"): "; IID 2024 recapitulation",
}
# Fields of sources to set after de-duplication: restored dates and fuller citations.
SOURCE_FIXES = {
    # dates lost in round 1's de-duplication, restored from ../shared/reference/facts/observations.csv
    "megapolitan-antaranews-com-349c9a": {"date": "2022-12"},
    "megapolitan-antaranews-com-a09b12": {"date": "2024-12"},
    "fajarlampung-com-746609": {"date": "2023", "title": "Pemkot Bekasi Terima Piagam Penghargaan Predikat "
                                "Kepatuhan Pelayanan Publik Tahun 2022 (Fajar Lampung, advertorial Humas Pemkot "
                                "Bekasi)", "note": "URL not recorded: the page was read through the search tool, "
                                "which did not return its address"},
    "voi-id-5f9457": {"title": "Ombudsman RI Nilai Disdik Kota Tangerang Masuk Zona Merah dalam Kepatuhan "
                               "Pelayanan Publik (VOI)",
                      "url": "https://voi.id/berita/141593/ombudsman-ri-nilai-disdik-kota-tangerang-masuk-zona-"
                             "merah-dalam-kepatuhan-pelayanan-publik",
                      "note": "statement of Friday 4 March (2022); gives the unrounded 74,95 used in the data",
                      "date": "2022-03"},
    "seed-003": {"date": "2017-09-12"},
    # dates found in the stored pages (issue 22): in the page's text, its address or a file's header
    "github-com-e9783b": {"date": "2025-07-05"},
    "kiwix-lema-org-3f6229": {"date": "2024-02"},
    "regional-kompas-com-010a38": {"date": "2019-10-15"},
    "kalimantan-bisnis-com-25cc43": {"date": "2019-09-02"},
    "borneoflash-com-4bf5ac": {"date": "2024-10-11"},
    "jambiupdate-co-884c3e": {"date": "2023-05-15"},
    "faktakalbar-id-38843e": {"date": "2026-01-10"},
    "sahabatkaltim-com-d89879": {"date": "2025-06-19"},
    "radaribukota-com-80c33e": {"date": "2025-04-21"},
}
# Population rows quote their row of the mirrored Kepmendagri table (cahyadsn/wilayah db/wilayah_penduduk.sql).
POPULATION_ROWS = {
    "15.71": "('15.71','Kota Jambi','326268','323388','649656'),",
    "32.71": "('32.71','Kota Bogor','578674','565434','1144108'),",
    "32.75": "('32.75','Kota Bekasi','1285093','1287116','2572209'),",
    "32.76": "('32.76','Kota Depok','1008092','1002820','2010912'),",
    "33.74": "('33.74','Kota Semarang','842737','859642','1702379'),",
    "35.78": "('35.78','Kota Surabaya','1494734','1523288','3018022'),",
    "36.71": "('36.71','Kota Tangerang','983453','973896','1957349'),",
    "36.74": "('36.74','Kota Tangerang Selatan','729068','734539','1463607'),",
    "61.71": "('61.71','Kota Pontianak','343257','343774','687031'),",
    "64.02": "('64.02','Kabupaten Kutai Kartanegara','420744','386220','806964'),",
    "64.09": "('64.09','Kabupaten Penajam Paser Utara','104765','97302','202067'),",
    "64.71": "('64.71','Kota Balikpapan','387112','370306','757418'),",
    "64.72": "('64.72','Kota Samarinda','448161','433064','881225'),",
    "64.74": "('64.74','Kota Bontang','99151','92660','191811'),",
}
# Duplicate sources: the id dropped -> the id kept (rows citing the first are re-pointed).
SOURCE_DUPLICATES = {
    "thetanjungpuratimes-com-2ff655": "seed-003",  # the seed article and its web copy (same URL)
    "fajarlampung-com-28ec98": "fajarlampung-com-746609",  # one Fajar Lampung advertorial, entered twice
}
KOMPAS_TANGERANG_2021 = ("Ombudsman Banten Nilai Pelayanan Publik di Kota Tangerang Masuk Zona Kuning (Kompas.com)",
                         "Kompas.com", "http://megapolitan.kompas.com/read/2022/03/04/20063541/twitter.com",
                         "2022-03-04")


def read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def write(path: Path, rows: list[dict], columns: list[str]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({c: row.get(c, "") for c in columns})
    print(f"wrote {path.resolve().relative_to(ROOT) if path.resolve().is_relative_to(ROOT) else path}: "
          f"{len(rows)} rows")


class Sources:
    """Collects sources, one id per URL (or per title when the URL is unknown)."""

    def __init__(self) -> None:
        self.rows: OrderedDict[str, dict] = OrderedDict()
        self.by_key: dict[str, str] = {}

    def register(self, sid: str, title: str, publisher: str, url: str, date: str, note: str = "") -> str:
        """Add a source under a chosen id (a curated source of a later round); its URL must be new."""
        key = url or title
        if sid in self.rows or key in self.by_key:
            raise SystemExit(f"source {sid!r} ({key}) is already known as {self.by_key.get(key, sid)!r}: use that id")
        self.rows[sid] = {"id": sid, "title": title, "publisher": publisher, "url": url, "date": date, "note": note}
        self.by_key[key] = sid
        return sid

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


def apply_round(rows: list[dict[str, str]], label: str, sources: Sources, observations: list[dict],
                labels: list[dict], notes: dict[tuple[str, str, str], str]) -> None:
    """Add a later round's rows (observations or labels); replace an earlier row only where CORRECTIONS says so."""
    obs_index = {(r["region_code"], r["indicator"], str(r["year"])): i for i, r in enumerate(observations)}
    label_keys = {(r["region_code"], r["indicator"], str(r["year"])) for r in labels}
    for r in rows:
        key = (r["region_code"], r["indicator"], r["year"])
        title = r["title"] if r["title"].endswith(")") else f"{r['title']} ({r['publisher']})"
        sid = sources.add(title, r["url"], r["date"], publisher=r["publisher"])
        note = r.get("note") or (UNITS[r["indicator"]] + notes.get(key, ""))
        base = {"region_code": r["region_code"], "indicator": r["indicator"], "year": r["year"], "source_id": sid,
                "note": note, "quote": r["quote"], "confidence": confidence(r["quote"])}
        if r["indicator"] in TEXT_INDICATORS or r["indicator"].endswith(("_zone", "_category")):
            if key in label_keys:
                raise SystemExit(f"{label}: label {key} is already in labels.csv")
            labels.append({**base, "label": r["value"]})
            continue
        row = {**base, "value": r["value"]}
        if key in obs_index:
            if key not in CORRECTIONS:
                raise SystemExit(f"{label}: {key} is already in observations.csv; add it to CORRECTIONS to replace")
            old = observations[obs_index[key]]
            print(f"{label}: {key} {old['value']} -> {r['value']} ({CORRECTIONS[key]})")
            observations[obs_index[key]] = row
        else:
            observations.append(row)
            obs_index[key] = len(observations) - 1


def fix_sources(sources: Sources, tables: list[list[dict]]) -> None:
    """De-duplicate sources, restore lost dates, and add Kompas's rounded report of Kota Tangerang's 2021 score."""
    for dropped, kept in SOURCE_DUPLICATES.items():
        gone = sources.rows.pop(dropped)
        if gone["date"] and not sources.rows[kept]["date"]:
            sources.rows[kept]["date"] = gone["date"]
        for key, sid in sources.by_key.items():
            if sid == dropped:
                sources.by_key[key] = kept
        for table in tables:
            for row in table:
                if row.get("source_id") == dropped:
                    row["source_id"] = kept
    for sid, fields in SOURCE_FIXES.items():
        sources.rows[sid].update(fields)
    title, publisher, url, date = KOMPAS_TANGERANG_2021
    kompas = sources.register("megapolitan-kompas-com-tangerang-2021", title, publisher, url, date,
                              "reports Kota Tangerang's 2021 score rounded as 74, and the 2021 zone bounds")
    for row in tables[0]:
        if (row["region_code"], row["indicator"], str(row["year"])) == ("36.71", "ombudsman_compliance_score", "2021"):
            row["note"] = (f"score 0-100; VOI's unrounded 74,95 is used; Kompas ({kompas}, 2022-03-04) reports it "
                           "rounded as 74 and MNC as '74 koma sekian'")


def apply_round_3(directory: Path, sources: Sources, observations: list[dict], labels: list[dict]) -> dict:
    """Round 3 (this repository): curated sources, further sourced figures, method periods and band tables."""
    for s in read(directory / "sources.csv"):
        sources.register(s["id"], s["title"], s["publisher"], s["url"], s["date"], s.get("note", ""))
    apply_round(read(directory / "observations.csv"), "round 3", sources, observations, labels, {})
    tables = {}
    for name in ("method_periods", "bands", "targets"):
        rows = read(directory / f"{name}.csv")
        unknown = {r["source_id"] for r in rows} - set(sources.rows)
        if unknown:
            raise SystemExit(f"round 3 {name}.csv cites unknown source(s) {sorted(unknown)}")
        tables[name] = rows
    return tables


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
                            "value": p["population"], "source_id": pop_sid,
                            "note": "persons (Dukcapil); the quote is the row of the mirrored table (kode, nama, "
                                    "pria, wanita, total)",
                            "confidence": "verbatim", "quote": POPULATION_ROWS.get(code, "")})
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

    # --- later rounds ---------------------------------------------------------------------------------------------
    fix_sources(sources, [observations, labels, undated, events])
    apply_round(read(facts / "researched-2" / "observations.csv"), "round 2", sources, observations, labels,
                ROUND_2_NOTES)
    extra = apply_round_3(ROUND_3, sources, observations, labels)
    dated = {(r["region_code"], r["indicator"], r["source_id"]) for r in observations}
    undated = [u for u in undated if (u["region_code"], u["indicator"], u["source_id"]) not in dated]

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
    write(out / "method_periods.csv", extra["method_periods"],
          ["indicator", "from_year", "to_year", "scale_min", "scale_max", "note", "source_id"])
    write(out / "bands.csv", extra["bands"], ["indicator", "period_from_year", "lower_bound", "upper_bound", "band_id",
                                              "name_id", "name_en", "source_id"])
    write(out / "targets.csv", extra["targets"], ["indicator", "from_year", "to_year", "target", "unit", "note",
                                                  "source_id"])
    for e in skipped:
        print(f"left out (no date): {e['region_code']} {e['kind']}: {e['title'][:90]}")


if __name__ == "__main__":
    main()
