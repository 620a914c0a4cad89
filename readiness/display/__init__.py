"""The display layer: how the engine's numbers look and read. No Streamlit here either.

- :mod:`~readiness.display.theme`: the plotly template, pillar colours, one stable colour per region.
- :mod:`~readiness.display.i18n`: Bahasa Indonesia and English terms of the library (``locales/``) and number
  formats; the app adds its own page copy on top.
- :mod:`~readiness.display.tables`: page-ready tables built from a :class:`~readiness.pipeline.scoring.Result`.
- :mod:`~readiness.display.charts`: pure plotly builders, data in, ``Figure`` out.
- :mod:`~readiness.display.notes`: the engine's typed notes as sentences.
- :mod:`~readiness.display.change`: change over time in words, only on a constant basis (the one sentence the
  profile, the presenter, the deck, the PDF and the speaker notes state).
- :mod:`~readiness.display.methods`: the label of every method of every stage registry, from one home
  (``locales/methods.{id,en}.yaml``).

The engine (``readiness``) never imports this package; a test checks the direction.
"""
