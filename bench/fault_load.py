"""The load a fault lands in: members replying in a working group, respondents starting the
public survey, a member reading signed-in pages, each a thread with its own HTTP session,
every request recorded (when it started, what it was, its status, how long it took)."""

import itertools
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import requests

TIMEOUT = 120  # seconds: long enough to see how long a request really waits
THINK = 1.0  # seconds between one client's requests: about the load (~600 writes in 80 s)


@dataclass(frozen=True)
class Request:
    at: float  # time.monotonic() when it was sent
    kind: str  # "reply", "survey-start", "read", "survey-page", "sign-in"
    status: int  # 0: no answer (refused, reset, timed out)
    seconds: float
    url: str

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 400


class Load:
    """Start with start(); stop() joins the clients. `replies` (markers) and `starts`
    (respondent addresses) are the writes the site acknowledged; `sent_replies` and
    `sent_starts` every one sent, answered or not (a write may be saved though its answer
    failed). Each reply goes to the next thread of `posts`."""

    def __init__(self, base_url: str, world: dict, posts, *, members=6, respondents=3, readers=1):
        self.base_url = base_url
        self.world = world
        self.counts = (members, respondents, readers)
        self.records: list[Request] = []
        self.replies: list[str] = []
        self.starts: list[str] = []
        self.sent_replies: set[str] = set()
        self.sent_starts: set[str] = set()
        self._posts = posts
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []

    # --- one request ---

    def _send(self, session, kind, method, path, **kwargs):
        url = self.base_url + path
        token = session.cookies.get("csrftoken")
        if method == "POST" and token:
            kwargs["data"] = {**kwargs.get("data", {}), "csrfmiddlewaretoken": token}
        started = time.monotonic()
        try:
            response = session.request(
                method, url, allow_redirects=False, timeout=TIMEOUT, **kwargs
            )
            status = response.status_code
        except requests.RequestException:
            response, status = None, 0
        self.records.append(Request(started, kind, status, time.monotonic() - started, path))
        return response

    def sign_in(self, address: str) -> requests.Session:
        session = requests.Session()
        for _ in range(5):
            self._send(session, "sign-in", "GET", "/accounts/login/")
            form = {"login": address, "password": self.world["password"]}
            answer = self._send(session, "sign-in", "POST", "/accounts/login/", data=form)
            if answer is not None and answer.status_code == 302:
                return session
            time.sleep(0.5)
        raise RuntimeError(f"{address} could not sign in")

    # --- the clients ---

    def _next_post(self):
        with self._lock:
            return next(self._posts, None)

    def _member(self, session):
        while not self._stop.is_set():
            post_id = self._next_post()
            if post_id is None:
                raise RuntimeError("the world has too few threads for this load")
            marker = f"fault-reply-{uuid.uuid4().hex}"
            self.sent_replies.add(marker)
            answer = self._send(session, "reply", "POST", f"/groups/posts/{post_id}/replies/",
                                data={"body": marker, "quoted": ""})  # fmt: skip
            if answer is not None and answer.status_code == 302:
                self.replies.append(marker)
            self._stop.wait(THINK)

    def _respondent(self):
        session = requests.Session()
        start = f"/survey/{self.world['survey']}/"
        while not self._stop.is_set():
            if not session.cookies.get("csrftoken"):
                self._send(session, "survey-page", "GET", start)
            address = f"s-{uuid.uuid4().hex[:12]}@fault.test"
            self.sent_starts.add(address)
            answer = self._send(session, "survey-start", "POST", start, data={"email": address})
            # The page that says "check your inbox" names the address; a refused form does not.
            if answer is not None and answer.status_code == 200 and address in answer.text:
                self.starts.append(address)
            self._stop.wait(THINK)

    def _reader(self, session):
        group = self.world["group"]
        pages = ["/", "/groups/", f"/groups/{group}/", self.world["first_post"],
                 "/library/", "/notifications/", "/members/"]  # fmt: skip
        for path in itertools.cycle(pages):
            if self._stop.is_set():
                return
            self._send(session, "read", "GET", path)
            self._stop.wait(THINK)

    def start(self) -> "Load":
        members, respondents, readers = self.counts
        addresses = self.world["members"][:members] + [self.world["reader"]] * readers
        with ThreadPoolExecutor(len(addresses)) as pool:
            signed_in = list(pool.map(self.sign_in, addresses))
        sessions, reader_sessions = signed_in[:members], signed_in[members:]
        self.records.clear()  # signing in is not part of the load
        targets = [(self._member, (s,)) for s in sessions]
        targets += [(self._respondent, ()) for _ in range(respondents)]
        targets += [(self._reader, (s,)) for s in reader_sessions]
        for target, args in targets:
            thread = threading.Thread(target=target, args=args, daemon=True)
            thread.start()
            self._threads.append(thread)
        return self

    def stop(self):
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout=TIMEOUT + 5)

    # --- figures ---

    def writes(self) -> list[Request]:
        return [r for r in self.records if r.kind in ("reply", "survey-start")]

    def reads(self) -> list[Request]:
        return [r for r in self.records if r.kind == "read"]

    @staticmethod
    def failed(records) -> list[Request]:
        # A signed-in read that redirects (to sign in) failed too.
        return [r for r in records if not r.ok or (r.kind == "read" and r.status != 200)]
