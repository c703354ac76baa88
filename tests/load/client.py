"""A light Streamlit session client: the browser's protocol over the websocket, no browser.

What the frontend of Streamlit 1.67 does, and this client repeats (read from
``streamlit/web/server/starlette/starlette_websocket.py``, the frontend bundle's connection
manager and ``streamlit/proto``):

- Connect to ``ws://<host>:<port>/_stcore/stream`` with the subprotocols
  ``["streamlit", <XSRF token or "PLACEHOLDER_AUTH_TOKEN">]`` (the server selects the first;
  the second is compared with the ``_streamlit_xsrf`` cookie only to read a login cookie, so
  an anonymous visitor sends the placeholder, as the browser does without the cookie). Every
  frame is binary: one serialized ``BackMsg`` up, one ``ForwardMsg`` down.
- Ask for a page with ``BackMsg.rerun_script`` (a ``ClientState``): ``query_string`` (without
  ``?``), ``page_name`` = the URL path (``trends`` for ``pages/1_trends.py``) and an empty
  ``page_script_hash`` on the first run; later runs name the page by the
  ``page_script_hash`` of the ``navigation`` message (in pages/-folder mode the
  ``new_session`` message's ``page_script_hash`` is the main script's, not the page's). ``widget_states`` carries widget
  values by widget id (``$$ID-<hash>-<key>`` for keyed widgets), typed as the widget's serde
  wants them (multiselect and pills: ``string_array_value`` of the shown labels; selectbox
  and radio: ``string_value``; slider: ``double_array_value``). ``cached_message_hashes`` is
  left empty, so the server sends every element in full (never a ``ref_hash``).
- A run's answer: ``new_session`` (its ``metadata.run.script_run_id`` names the run),
  ``navigation`` (the app's pages and the one being run), then ``delta`` messages (``new_element`` / ``add_block`` / ``new_transient``),
  ``page_info_changed`` (the query string the page wrote, which the browser puts in its
  address bar and sends back on the next run), ``session_status_changed`` and finally
  ``script_finished`` (``FINISHED_SUCCESSFULLY``; ``FINISHED_EARLY_FOR_RERUN`` means another
  run follows and the answer is not complete yet).

An answer is *bad* when it carries an ``exception`` element, an ``alert`` of format ERROR
(what ``st.error`` and the app's guard draw), a ``page_not_found``, a compile error, or when
it does not finish within the time bound.
"""
from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from streamlit.proto.Alert_pb2 import Alert
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState
from websockets.asyncio.client import connect

STREAM_PATH = "/_stcore/stream"
#: What the frontend sends as the second subprotocol when it has no XSRF cookie.
PLACEHOLDER_TOKEN = "PLACEHOLDER_AUTH_TOKEN"
_WIDGET_TYPES = ("multiselect", "selectbox", "slider", "radio", "button_group", "checkbox", "date_input",
                 "button", "text_input", "number_input", "toggle")


class ProtocolError(RuntimeError):
    """The server answered something this client does not expect (or closed the stream)."""


@dataclass
class Answer:
    """Everything the server sent for one requested run."""

    query_string: str
    started: float  # time.monotonic() when the request was sent
    finished: float | None = None  # when script_finished arrived (None: never)
    status: str | None = None  # ScriptFinishedStatus name
    run_ids: list[str] = field(default_factory=list)
    elements: list = field(default_factory=list)  # (delta_path, Element) in arrival order
    exceptions: list[str] = field(default_factory=list)  # "type: message" of exception elements
    errors: list[str] = field(default_factory=list)  # bodies of ERROR alerts (and other failures)
    markdown: list[str] = field(default_factory=list)
    metrics: dict[str, str] = field(default_factory=dict)  # label -> shown value
    page_query_string: str | None = None  # what page_info_changed said, if anything

    @property
    def latency(self) -> float | None:
        return None if self.finished is None else self.finished - self.started

    @property
    def ok(self) -> bool:
        return self.status == "FINISHED_SUCCESSFULLY" and not self.exceptions and not self.errors

    def problems(self) -> list[str]:
        out = [f"exception element: {e}" for e in self.exceptions] + [f"error: {e}" for e in self.errors]
        if self.status != "FINISHED_SUCCESSFULLY":
            out.append(f"script status {self.status!r} (finished={self.finished is not None})")
        return out


class Session:
    """One visitor: a websocket to the server and the widgets of the page last drawn."""

    def __init__(self, base_url: str, page: str, *, answer_timeout: float = 60.0, tz: str = "Asia/Tokyo",
                 locale: str = "ja-JP"):
        parts = urlsplit(base_url)
        self.base_url = base_url.rstrip("/")
        self.ws_url = f"ws://{parts.netloc}{STREAM_PATH}"
        self.page = page
        self.answer_timeout = answer_timeout
        self.tz, self.locale = tz, locale
        self.ws = None
        self.page_script_hash = ""
        self.query_string = ""
        #: widget user key -> (widget type, Element) from the last answer
        self.widgets: dict[str, tuple[str, object]] = {}
        self.answers: list[Answer] = []

    async def __aenter__(self) -> Session:
        self.ws = await connect(
            self.ws_url,
            subprotocols=["streamlit", PLACEHOLDER_TOKEN],
            origin=self.base_url,  # same origin, as the page's own script would send
            max_size=None,  # chart specs can exceed the 1 MiB default
            proxy=None,  # loopback: never through an environment proxy
            open_timeout=self.answer_timeout,
        )
        if self.ws.subprotocol != "streamlit":
            raise ProtocolError(f"server chose subprotocol {self.ws.subprotocol!r}")
        return self

    async def __aexit__(self, *exc) -> None:
        if self.ws is not None:
            await self.ws.close()

    # --- requests ---------------------------------------------------------------------
    async def open(self, query_string: str) -> Answer:
        """The first page view: the page named by the URL path, with ``query_string``."""
        self.query_string = query_string
        return await self._run(query_string, {}, first=True)

    async def rerun(self, widgets: dict[str, WidgetState] | None = None, query_string: str | None = None) -> Answer:
        """Rerun the page with changed widget values (the browser's query string unless given)."""
        qs = self.query_string if query_string is None else query_string
        return await self._run(qs, widgets or {}, first=False)

    def widget_state(self, key: str, value) -> WidgetState:
        """A ``WidgetState`` giving the keyed widget ``key`` of the last answer the value ``value``.

        ``value``: list of shown labels (multiselect, pills), a label (selectbox, radio), a pair
        of numbers (slider), a bool (checkbox, toggle)."""
        if key not in self.widgets:
            raise KeyError(f"no widget with key {key!r} on the page (have {sorted(self.widgets)})")
        kind, element = self.widgets[key]
        state = WidgetState(id=element.id)
        if kind in ("multiselect", "button_group"):
            state.string_array_value.data.extend(value)
        elif kind in ("selectbox", "radio"):
            state.string_value = value
        elif kind == "slider":
            state.double_array_value.data.extend(float(v) for v in value)
        elif kind in ("checkbox", "toggle"):
            state.bool_value = bool(value)
        else:
            raise TypeError(f"widget {key!r} is a {kind}: not supported by this client")
        return state

    def options(self, key: str) -> list[str]:
        """The labels a keyed select-like widget of the last answer offers."""
        kind, element = self.widgets[key]
        if kind == "button_group":
            return [o.content for o in element.options]
        return list(element.options)

    # --- the protocol -----------------------------------------------------------------
    def _back_msg(self, query_string: str, widgets: dict[str, WidgetState], first: bool) -> bytes:
        msg = BackMsg()
        cs = msg.rerun_script
        cs.query_string = query_string
        if first or not self.page_script_hash:
            cs.page_script_hash = ""
            cs.page_name = self.page
        else:
            cs.page_script_hash = self.page_script_hash
        cs.widget_states.widgets.extend(widgets.values())
        info = cs.context_info
        info.timezone = self.tz
        info.timezone_offset = -540 if self.tz == "Asia/Tokyo" else 0
        info.locale = self.locale
        info.url = f"{self.base_url}/{self.page}" + (f"?{query_string}" if query_string else "")
        info.is_embedded = False
        info.color_scheme = "light"
        return msg.SerializeToString()

    async def _run(self, query_string: str, widgets: dict[str, WidgetState], first: bool) -> Answer:
        answer = Answer(query_string=query_string, started=time.monotonic())
        self.answers.append(answer)
        await self.ws.send(self._back_msg(query_string, widgets, first))
        try:
            async with asyncio.timeout(self.answer_timeout):
                await self._collect(answer)
        except TimeoutError:
            answer.errors.append(f"no script_finished within {self.answer_timeout:.0f} s")
        return answer

    async def _collect(self, answer: Answer) -> None:
        widgets: dict[str, tuple[str, object]] = {}
        current_run: str | None = None
        while True:
            try:
                data = await self.ws.recv()
            except Exception as e:  # the stream closed: the answer is lost
                answer.errors.append(f"websocket closed: {type(e).__name__}: {e}")
                return
            if isinstance(data, str):
                raise ProtocolError(f"text frame from the server: {data[:200]!r}")
            msg = ForwardMsg()
            msg.ParseFromString(data)
            kind = msg.WhichOneof("type")
            if kind == "new_session":
                current_run = msg.metadata.run.script_run_id or None
                if current_run:
                    answer.run_ids.append(current_run)
                widgets = {}
            elif kind == "navigation":
                # the page actually run (new_session's page_script_hash names the main script)
                self.page_script_hash = msg.navigation.page_script_hash
            elif kind == "delta":
                path = tuple(msg.metadata.delta_path)
                dkind = msg.delta.WhichOneof("type")
                if dkind == "new_element":
                    self._element(answer, path, msg.delta.new_element, widgets)
                elif dkind == "new_transient":
                    for el in msg.delta.new_transient.elements:
                        self._element(answer, path, el, widgets)
            elif kind == "page_info_changed":
                answer.page_query_string = msg.page_info_changed.query_string
                self.query_string = msg.page_info_changed.query_string
            elif kind == "page_not_found":
                answer.errors.append(f"page not found: {msg.page_not_found.page_name!r}")
            elif kind == "ref_hash":
                answer.errors.append(f"ref_hash {msg.ref_hash} (a cached element this client never had)")
            elif kind == "script_finished":
                status = ForwardMsg.ScriptFinishedStatus.Name(msg.script_finished)
                ended = msg.metadata.run.script_run_id or None
                if current_run and ended and ended != current_run:
                    continue  # the end of an earlier run, not this one
                answer.status = status
                if status == "FINISHED_EARLY_FOR_RERUN":
                    continue  # another run follows; its elements are the answer
                answer.finished = time.monotonic()
                self.widgets = widgets
                return

    @staticmethod
    def _element(answer: Answer, path: tuple, el, widgets: dict) -> None:
        answer.elements.append((path, el))
        etype = el.WhichOneof("type")
        if etype == "exception":
            e = el.exception
            answer.exceptions.append(f"{e.type}: {e.message}".strip())
        elif etype == "alert":
            if el.alert.format == Alert.ERROR:
                answer.errors.append(f"st.error at {path}: {el.alert.body}")
        elif etype == "markdown":
            answer.markdown.append(el.markdown.body)
        elif etype == "metric":
            answer.metrics[el.metric.label] = el.metric.body
        elif etype == "checkbox" and el.checkbox.type == el.checkbox.TOGGLE:
            etype = "toggle"
        if etype in _WIDGET_TYPES:
            proto = getattr(el, "checkbox" if etype == "toggle" else etype)
            wid = getattr(proto, "id", "")
            user_key = wid.split("-", 2)[2] if wid.startswith("$$ID-") and wid.count("-") >= 2 else "None"
            if user_key != "None":  # widgets without a key end in "-None"
                widgets[user_key] = (etype, proto)
