"""The traffic of a day around the benchmark's readers: members who sign in, members who comment and mark
posts helpful through the site's own forms, and a sampler that reads the cache's hit rate.

Everything goes through HTTP as a browser without JavaScript would: the sign-in form, then the post's
page for its forms and CSRF tokens, then the form's POST and the redirect it answers with.
"""
import html
import itertools
import random
import re
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from http.cookiejar import CookieJar

COMMENT = "We tried this with a Year 5 class this term: the checking step took longer than we expected."
_FORM = re.compile(r'<form\b[^>]*\baction="([^"]+)"[^>]*>(.*?)</form>', re.S)
_INPUT = re.compile(r"<input\b[^>]*>")
_ATTRIBUTE = re.compile(r'\b(name|value)="([^"]*)"')


def form_fields(page, action):
    """The named inputs (hidden fields, CSRF token) of the page's form that posts to action."""
    for form_action, body in _FORM.findall(page):
        if html.unescape(form_action) == action:
            fields = (dict(_ATTRIBUTE.findall(tag)) for tag in _INPUT.findall(body))
            return {f["name"]: html.unescape(f.get("value", "")) for f in fields if "name" in f}
    raise LookupError(f"no form posts to {action}")


def write_for(page, post_id, turn):
    """(action, form data) of one write on a post's page: a comment on even turns, else a helpful mark
    (or its removal: the form carries the state it would set)."""
    if turn % 2 == 0:
        action = f"/practice/{post_id}/comments"
        return action, {**form_fields(page, action), "comment-body": COMMENT}
    action = f"/practice/{post_id}/helpful"
    return action, form_fields(page, action)


class Browser:
    """One person's browser: its own cookies, following redirects as a browser does."""

    def __init__(self, base):
        self.base, self.jar = base, CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def get(self, path):
        with self.opener.open(self.base + path, timeout=30) as response:
            return response.read().decode()

    def post(self, path, data):
        with self.opener.open(self.base + path, data=urllib.parse.urlencode(data).encode(), timeout=30) as response:
            return response.read().decode()

    def sign_in(self, email, password):
        fields = form_fields(self.get("/sign-in"), "/sign-in")
        home = self.post("/sign-in", {**fields, "email": email, "password": password})
        if 'action="/sign-out"' not in home:
            raise RuntimeError(f"{email} could not sign in")
        return self

    def cookie_header(self):
        """The browser's cookies as one Cookie header, for wrk."""
        return "; ".join(f"{cookie.name}={cookie.value}" for cookie in self.jar)


@dataclass
class Tally:
    done: int = 0
    failed: list = field(default_factory=list)  # one line per failure, for the report
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, what, action):
        """Run action(); count it, or keep why it failed (a non-2xx/3xx answer, no answer, no form)."""
        try:
            action()
        except (urllib.error.URLError, OSError, LookupError, RuntimeError) as error:
            with self.lock:
                self.failed.append(f"{what}: {error}")
        else:
            with self.lock:
                self.done += 1


class Paced(threading.Thread):
    """Calls step(n) rate times a second of the day's active time (n = 0, 1, 2 ...), the first at offset:
    the schedule stands still while the day is paused, so a pause neither skips nor piles up calls."""

    def __init__(self, day, rate, step, offset=0.0):
        super().__init__(daemon=True)
        self.day, self.rate, self.step, self.offset = day, rate, step, offset

    def run(self):
        turns = itertools.count()
        next_at = self.offset
        while not self.day.stop.wait(0.02):
            clock = self.day.active_clock()
            if clock >= next_at and self.day.active.is_set():
                self.step(next(turns))
                next_at = max(next_at + 1 / self.rate, clock - 1)  # catch up at most a second


class Day:
    """Writers and sign-ins at fixed rates, switched on only while a page is measured (not its floor)."""

    def __init__(self, base, password, writers, signers, posts, write_rate, sign_in_every):
        self.password, self.posts, self.rng = password, posts, random.Random(2026)
        self.signers = itertools.cycle(signers)
        self.writes, self.sign_ins = Tally(), Tally()
        self.active, self.stop = threading.Event(), threading.Event()
        self.active_seconds = self.resumed_at = 0.0
        self.browsers = [Browser(base) for _ in writers]
        for browser, email in zip(self.browsers, writers):
            browser.sign_in(email, password)
        self.base = base
        self.threads = [Paced(self, 1 / sign_in_every, self._sign_in, offset=sign_in_every / 2)]
        if write_rate:
            # Several writers, evenly staggered, so a slow answer to one does not hold the others back.
            per_writer = write_rate / len(self.browsers)
            self.threads += [Paced(self, per_writer, lambda n, b=browser: self._write(b, n), offset=i / write_rate)
                             for i, browser in enumerate(self.browsers)]
        for thread in self.threads:
            thread.start()

    def resume(self):
        self.resumed_at = time.monotonic()
        self.active.set()

    def pause(self):
        self.active.clear()
        self.active_seconds += time.monotonic() - self.resumed_at

    def active_clock(self):
        """Seconds the day has been active (its traffic running) so far."""
        running = time.monotonic() - self.resumed_at if self.active.is_set() else 0.0
        return self.active_seconds + running

    def _write(self, browser, turn):
        post_id = self.rng.choice(self.posts)

        def write():
            action, data = write_for(browser.get(f"/practice/{post_id}"), post_id, turn)
            browser.post(action, data)
        self.writes.record(f"a write on post {post_id}", write)

    def _sign_in(self, _turn):
        email = next(self.signers)
        self.sign_ins.record(f"signing in as {email}", lambda: Browser(self.base).sign_in(email, self.password))

    def close(self):
        self.stop.set()
        for thread in self.threads:
            thread.join(timeout=35)


class CacheSampler(threading.Thread):
    """Requests a page a few times a second beside wrk and adds up its X-Cache-Lookups header (hits/lookups)."""

    def __init__(self, url, cookie, every=0.2):
        super().__init__(daemon=True)
        self.url, self.cookie, self.every = url, cookie, every
        self.hits = self.lookups = 0
        self.stop = threading.Event()

    def run(self):
        headers = {"Accept-Encoding": "gzip", **({"Cookie": self.cookie} if self.cookie else {})}
        while not self.stop.wait(self.every):
            try:
                with urllib.request.urlopen(urllib.request.Request(self.url, headers=headers), timeout=30) as response:
                    hits, lookups = response.headers.get("X-Cache-Lookups", "0/0").split("/")
            except OSError:
                continue  # wrk counts failed requests; the sampler only reads the header
            self.hits += int(hits)
            self.lookups += int(lookups)

    def finish(self):
        self.stop.set()
        self.join(timeout=35)

    @property
    def hit_rate(self):
        return self.hits / self.lookups if self.lookups else None
