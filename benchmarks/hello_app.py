"""A one-chart Streamlit "hello" app: the baseline that bench_app.py measures the dashboard's start against, in the
same run on the same machine. SYNTHETIC numbers, for the benchmark only."""

import plotly.graph_objects as go
import streamlit as st

st.title("Hello")
st.plotly_chart(go.Figure(go.Bar(x=["a", "b", "c"], y=[1, 3, 2])), theme=None)
