"""The dashboard's pages, in one place: the navigation (``dashboard.py``), every test tier (AppTest smoke, URL and
browser tests) and the app benchmark read this list, and nothing else lists the pages.

Adding a page is a script in ``app_pages/`` and one :class:`PageInfo` line in :data:`PAGES` (its title under
``title_key`` in each language's page copy); ``tests/app/test_pages.py`` fails when a script in ``app_pages/`` has
no line here or a line has no script. Plain data: nothing here imports Streamlit.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["PAGES", "PageInfo", "page"]


@dataclass(frozen=True)
class PageInfo:
    """One page of the dashboard.

    Parameters
    ----------
    name : str
        The script's name in ``app_pages/`` without ``.py`` (``"profile"``): also the page's id in tests and
        benchmarks.
    url_path : str
        Its path in a link (``/profil``); the default page is also served at ``/``.
    title_key : str
        The key of its navigation title in the page copy (``readiness_app/locales``).
    default : bool
        The page ``/`` opens (exactly one page).
    charts : bool
        Whether the page draws a chart as soon as it opens (the browser tests and the benchmark wait for one).
    icon : str or None
        An optional icon for the navigation (a Material icon ``:material/...:`` or an emoji).
    """

    name: str
    url_path: str
    title_key: str
    default: bool = False
    charts: bool = True
    icon: str | None = None

    @property
    def file(self) -> str:
        """The script, relative to the project root (what ``st.Page`` and ``AppTest.switch_page`` take)."""
        return f"app_pages/{self.name}.py"

    @property
    def url(self) -> str:
        """The path a link to the page uses: ``""`` for the default page, else :attr:`url_path`."""
        return "" if self.default else self.url_path


#: Every page, in the navigation's order.
PAGES: tuple[PageInfo, ...] = (
    PageInfo("overview", "ringkasan", "nav.overview", default=True),
    PageInfo("board", "hasil-resmi", "nav.board", charts=False),
    PageInfo("profile", "profil", "nav.profile"),
    PageInfo("compare", "bandingkan", "nav.compare"),
    PageInfo("map", "peta", "nav.map"),
    PageInfo("whatif", "simulasi", "nav.whatif"),
    PageInfo("methodology", "metodologi", "nav.methodology"),
    PageInfo("presenter", "presentasi", "presenter.nav", charts=False),
    PageInfo("data", "data", "nav.data", charts=False),
)


def page(name: str) -> PageInfo:
    """The page called ``name`` (a :class:`KeyError` naming the pages otherwise)."""
    for info in PAGES:
        if info.name == name:
            return info
    raise KeyError(f"no page {name!r}; the pages are {', '.join(p.name for p in PAGES)}")
