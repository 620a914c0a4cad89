"""Kesiapan Penyangga IKN: the dashboard's entry point (``streamlit run dashboard.py``).

The pages (overview, city profile, compare, methodology, maps) arrive with their issues. Until then this page says
what is coming and shows that the scoring library loads.
"""

import streamlit as st

st.set_page_config(page_title="Kesiapan Penyangga IKN", layout="wide")
st.title("Kesiapan Penyangga IKN")
st.write(
    "Dasbor kesiapan kota penyangga Ibu Kota Nusantara sedang dibangun: ringkasan, profil kota, perbandingan, "
    "metodologi dan peta akan tersedia di sini. / The IKN buffer-city readiness dashboard is being built: "
    "overview, city profile, comparison, methodology and maps will appear here."
)
st.write("Mesin penilaian / scoring engine: `python -m readiness score --help`.")
