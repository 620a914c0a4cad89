"""A Streamlit client at the protocol level, for the load benchmark, the upload benchmark and the deployment test:
one object per viewer session, speaking the websocket protocol a browser speaks (``BackMsg`` out, ``ForwardMsg``
in, both from ``streamlit.proto``), without a browser.

What it does, as the browser does:

* ``GET /_stcore/health`` first, keeping the cookies it sets: Streamlit's XSRF cookie and, behind the proxy of
  ``deploy/nginx.conf``, the session-affinity cookie, so the websocket and every upload reach the same instance;
* opens ``/_stcore/stream`` with the subprotocols ``streamlit`` and the XSRF token;
* asks for a run of a page (its URL path and query string, as a link would) and waits until the script has finished,
  collecting the widgets (id by key), the text shown and any exception box; when the run asks the browser to rerun a
  fragment on a timer (a page's part below its first screen, ``readiness_app.widgets.below_fold``), it waits that
  long and asks, once, as the browser does, so that a run is the whole page;
* uploads a file as the file uploader does (``PUT /_stcore/upload_file/<session>/<file id>``, multipart) and sets the
  uploader's widget state to it.

It talks to whatever base URL it is given; the benchmarks and tests give it ``http://127.0.0.1:<port>`` only.
"""

from __future__ import annotations

import asyncio
import http.cookiejar
import time
import urllib.request
import uuid
from dataclasses import dataclass, field
from typing import Any

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.Common_pb2 import FileUploaderState, UploadedFileInfo
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

__all__ = ["Run", "Viewer", "put_file"]

XSRF_COOKIE = "_streamlit_xsrf"
_WIDGETS = ("selectbox", "text_input", "button", "file_uploader", "segmented_control", "checkbox", "multiselect",
            "radio", "text_area", "number_input", "button_group")


@dataclass
class Run:
    """One finished script run as this client saw it."""

    seconds: float  # until the whole page was drawn
    status: int
    first_screen: float = 0.0  # until the page's own run had finished (its first screen)
    deferred: int = 0  # fragment reruns the page asked for on a timer and this client made, as a browser does
    texts: list[str] = field(default_factory=list)
    exceptions: list[str] = field(default_factory=list)
    widgets: dict[str, Any] = field(default_factory=dict)  # user key (or widget id) -> the element's proto
    tables: list[bytes] = field(default_factory=list)  # each dataframe's Arrow IPC bytes, in page order

    def text(self) -> str:
        """Every text, Markdown and alert body of the run, one per line."""
        return "\n".join(self.texts)

    def table(self, *columns: str) -> Any:
        """The first dataframe shown that has all of ``columns``, as a pandas DataFrame (a dataframe's element id
        does not carry its key); KeyError when none has them."""
        # deferred: pyarrow: only a test reading a table needs it
        import pyarrow as pa

        for data in self.tables:
            frame = pa.ipc.open_stream(data).read_all().to_pandas() if data else None
            if frame is not None and set(columns) <= set(frame.columns):
                return frame
        raise KeyError(f"no table with columns {columns} among {len(self.tables)}")


class Viewer:
    """One browser session's worth of protocol: ``await Viewer.open(base)``, then :meth:`run` and :meth:`close`."""

    def __init__(self, base: str):
        self.base = base.rstrip("/")
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))
        self.ws: Any = None
        self.session_id = ""
        self.states: dict[str, WidgetState] = {}
        self.last: Run | None = None
        self.upstream = ""  # the instance behind the proxy (its X-Readiness-Upstream header), "" without one

    @classmethod
    async def open(cls, base: str, timeout: float = 60.0) -> Viewer:
        """Connect (health check for the cookies, then the websocket)."""
        viewer = cls(base)
        viewer.upstream = await asyncio.to_thread(viewer._get, "/_stcore/health", timeout)
        cookies = "; ".join(f"{c.name}={c.value}" for c in viewer.jar)
        protocols = ["streamlit", viewer.cookie(XSRF_COOKIE) or "x"]
        url = "ws" + viewer.base[4:] + "/_stcore/stream"
        viewer.ws = await asyncio.wait_for(websockets.connect(
            url, subprotocols=protocols, additional_headers={"Cookie": cookies, "Origin": viewer.base},
            max_size=64 * 2**20, open_timeout=timeout, ping_interval=None), timeout)
        return viewer

    def cookie(self, name: str) -> str | None:
        """The value of a cookie the server set, or None."""
        return next((c.value for c in self.jar if c.name == name), None)

    def _get(self, path: str, timeout: float) -> str:
        with self.opener.open(self.base + path, timeout=timeout) as response:
            response.read()
            return response.headers.get("X-Readiness-Upstream", "")

    async def run(self, page: str = "", query: str = "", timeout: float = 120.0, keep_widgets: bool = True) -> Run:
        """Run ``page`` (its URL path, ``""`` for the default page) with ``query`` and the widget states set so far;
        return when the script has finished."""
        msg = BackMsg()
        cs = msg.rerun_script
        cs.query_string = query
        cs.page_name = page
        if keep_widgets:
            cs.widget_states.widgets.extend(self.states.values())
        start = time.perf_counter()
        await self.ws.send(msg.SerializeToString())
        run = Run(seconds=0.0, status=-1)
        deadline = time.monotonic() + timeout
        timers: dict[str, float] = {}  # fragment id -> seconds: the reruns this run asked for
        while True:
            raw = await asyncio.wait_for(self.ws.recv(), max(0.1, deadline - time.monotonic()))
            fwd = ForwardMsg()
            fwd.ParseFromString(raw)
            kind = fwd.WhichOneof("type")
            if kind == "new_session":
                self.session_id = fwd.new_session.initialize.session_id
            elif kind == "delta":
                _collect(fwd, run)
            elif kind == "auto_rerun":
                timers[fwd.auto_rerun.fragment_id] = fwd.auto_rerun.interval
            elif kind == "stop_auto_rerun":
                for fragment in fwd.stop_auto_rerun.fragment_ids:
                    timers.pop(fragment, None)
            elif kind == "script_finished" and fwd.script_finished != ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                run.first_screen = run.first_screen or time.perf_counter() - start
                run.status = run.status if run.status >= 0 else fwd.script_finished
                if timers:  # the browser's timer: wait, then rerun the fragment alone
                    fragment, interval = timers.popitem()
                    run.deferred += 1
                    await asyncio.sleep(interval)
                    await self.ws.send(self._fragment_rerun(page, query, fragment).SerializeToString())
                    continue
                run.seconds = time.perf_counter() - start
                self.last = run
                return run

    def _fragment_rerun(self, page: str, query: str, fragment: str) -> BackMsg:
        msg = BackMsg()
        cs = msg.rerun_script
        cs.query_string = query
        cs.page_name = page
        cs.fragment_id = fragment
        cs.is_auto_rerun = True
        cs.widget_states.widgets.extend(self.states.values())
        return msg

    def set_text(self, key: str, value: str) -> None:
        """Type ``value`` into the text input with ``key`` (sent with the next run)."""
        state = WidgetState(id=self._widget_id(key))
        state.string_value = value
        self.states[key] = state

    def choose(self, key: str, *shown: str) -> None:
        """Choose options of the segmented control (or pills) with ``key`` by their shown labels."""
        state = WidgetState(id=self._widget_id(key))
        state.string_array_value.data.extend(shown)
        self.states[key] = state

    def click(self, key: str) -> None:
        """Press the button with ``key`` on the next run only."""
        state = WidgetState(id=self._widget_id(key))
        state.trigger_value = True
        self.states[key] = state

    def forget(self, key: str) -> None:
        """Drop a widget's state (a button's trigger after its run)."""
        self.states.pop(key, None)

    def _widget_id(self, key: str) -> str:
        if self.last is None or key not in self.last.widgets:
            shown = sorted(self.last.widgets) if self.last else []
            raise KeyError(f"no widget with key {key!r} in the last run; it showed {shown}")
        return self.last.widgets[key].id

    async def upload(self, key: str, name: str, data: bytes, file_id: str | None = None) -> int:
        """Upload ``data`` to the file uploader with ``key`` (as the browser does) and set it as the widget's value
        for the next run; the HTTP status of the PUT."""
        file_id = file_id or str(uuid.uuid4())
        status = await asyncio.to_thread(put_file, self, file_id, name, data)
        state = WidgetState(id=self._widget_id(key))
        info = UploadedFileInfo(name=name, size=len(data), file_id=file_id)
        info.file_urls.file_id = file_id
        info.file_urls.upload_url = f"/_stcore/upload_file/{self.session_id}/{file_id}"
        info.file_urls.delete_url = info.file_urls.upload_url
        state.file_uploader_state_value.CopyFrom(FileUploaderState(uploaded_file_info=[info]))
        self.states[key] = state
        return status

    async def close(self) -> None:
        """Close the websocket (the server then ends the session)."""
        if self.ws is not None:
            await self.ws.close()


def put_file(viewer: Viewer, file_id: str, name: str, data: bytes, timeout: float = 120.0) -> int:
    """``PUT`` ``data`` as a multipart file to the viewer's session's upload URL under ``file_id`` (which no widget
    need have asked for); the HTTP status."""
    boundary = uuid.uuid4().hex
    body = b"".join([
        f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\n".encode(),
        b"Content-Type: application/octet-stream\r\n\r\n", data, f"\r\n--{boundary}--\r\n".encode()])
    request = urllib.request.Request(
        f"{viewer.base}/_stcore/upload_file/{viewer.session_id}/{file_id}", data=body, method="PUT",
        headers={"Content-Type": f"multipart/form-data; boundary={boundary}",
                 "X-Xsrftoken": viewer.cookie(XSRF_COOKIE) or "", "Origin": viewer.base})
    try:
        with viewer.opener.open(request, timeout=timeout) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


def _collect(fwd: ForwardMsg, run: Run) -> None:
    """Note the texts, exceptions and widgets of one delta."""
    delta = fwd.delta
    if delta.WhichOneof("type") != "new_element":
        return
    element = delta.new_element
    kind = element.WhichOneof("type")
    if kind == "exception":
        run.exceptions.append(f"{element.exception.type}: {element.exception.message}")
    elif kind in ("markdown", "text", "alert", "heading"):
        body = getattr(element, kind).body
        run.texts.append(body)
    elif kind == "metric":
        run.texts.append(f"{element.metric.label}: {element.metric.body}")
    elif kind == "dataframe":
        run.tables.append(element.dataframe.arrow_data.data)
    elif kind in _WIDGETS:
        widget = getattr(element, kind)
        key = widget.id.rsplit("-", 1)[-1] if "-" in widget.id else widget.id
        run.widgets[key] = widget
        if hasattr(widget, "label"):
            run.texts.append(widget.label)
