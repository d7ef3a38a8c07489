"""The benchmark's HTTP rows (scripts/bench.py): the parents' signing page and sign POST as
throughput against gunicorn, each against the bare view behind the same middleware."""

import http.client
import itertools
import statistics
import threading
import time
from urllib.parse import urlencode

from bench_rows import measured_school_last, use_database
from bench_table import HTTP_KEYS


def _sessions(count: int) -> list[tuple[str, str, str, int]]:
    """(token, session key, csrf secret, form text id) for ``count`` open requests' links,
    each already verified in its own session (as after the date-of-birth step)."""
    from importlib import import_module

    from django.conf import settings
    from django.utils.crypto import get_random_string

    from consent.links import link_token
    from consent.models import ConsentFormText, ConsentLink, ConsentRequest
    from consent.views.parents import SESSION_KEY

    # Open requests have no answer yet (every sign POST uses one up: a 1 % district has about
    # 2,500, `--regenerate` makes them again); one link, the first guardian's, per request.
    # The measured school's last: the answers change what its pages show (at 1 % it has most
    # of the open requests, and that district is generated again before it runs short).
    requests = list(
        ConsentRequest.objects.filter(status="open")
        .order_by(measured_school_last("school__code"), "pk")
        .values_list("pk", flat=True)[:count]
    )
    if len(requests) < count:
        print(f"Only {len(requests)} open requests left for the sign POSTs: --regenerate.")
    first = {}
    for link in (
        ConsentLink.objects.filter(request_id__in=requests)
        .select_related("request")
        .order_by("-pk")
    ):
        first[link.request_id] = link
    links = [first[pk] for pk in requests if pk in first]
    texts = {  # the newest English text of each program
        text.program_id: text.pk
        for text in ConsentFormText.objects.filter(language="en").order_by("version")
    }
    out = []
    for link in links:
        session = import_module(settings.SESSION_ENGINE).SessionStore()
        session[SESSION_KEY] = {str(link.pk): time.time() + 3600}
        session.create()
        text = texts[link.request.program_id]
        out.append((link_token(link), session.session_key, get_random_string(32), text))
    return out


def _throughput(port, make_request, seconds, clients=4):
    done, failed, stop = [0], [0], time.monotonic() + seconds
    lock = threading.Lock()

    def loop():
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        while time.monotonic() < stop:
            request = make_request()
            if request is None:
                break
            method, path, body, headers, ok = request
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            response.read()
            with lock:
                if response.status in ok:
                    done[0] += 1
                else:
                    failed[0] += 1
        connection.close()

    started = time.monotonic()
    threads = [threading.Thread(target=loop) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return done[0] / (time.monotonic() - started), failed[0]


ROUNDS = 2  # interleaved: full, 1 %, full, 1 %
POSTS_PER_ROUND = 500  # each answer uses up an open request, so each round has its own


def _cycle(requests):
    """A request maker for _throughput handing out ``requests`` in turn."""
    lock, requests = threading.Lock(), itertools.cycle(requests)

    def make():
        with lock:
            return next(requests)

    return make


def _answer(token, key, csrf, text, path):
    body = urlencode(
        {
            "csrfmiddlewaretoken": csrf,
            "form_text": text,
            "decision": "grant",
            "signer_name": "Bench Parent",
            "relationship": "mother",
            "student_mobile": "+17735550123",
            "esign_agreed": "on",
        }
    )
    headers = {
        "Cookie": f"sessionid={key}; csrftoken={csrf}",
        "Content-Type": "application/x-www-form-urlencoded",
    }
    return "POST", path, body, headers, {302}


def _poster(pool):
    """Each answer to its own link, until the pool is used up (then _throughput stops)."""
    lock, answers = threading.Lock(), iter(pool)

    def make():
        with lock:
            token, key, csrf, text = next(answers, (None,) * 4)
        if token is None:
            return None
        return _answer(token, key, csrf, text, f"/consent/sign/{token}/answer/")

    return make


def _makers(pool, round_):
    """Per measured key, the request maker of one round: four parents, each a verified
    session of their own (the floors too: they neither answer nor use up a link)."""
    parents = pool[:4]
    answers = pool[4 + round_ * POSTS_PER_ROUND : 4 + (round_ + 1) * POSTS_PER_ROUND]
    return {
        "bare": _cycle([("GET", "/bench/bare/", None, {}, {200})]),
        "sign_get": _cycle(
            [
                ("GET", f"/consent/sign/{token}/", None, {"Cookie": f"sessionid={key}"}, {200})
                for token, key, _csrf, _text in parents
            ]
        ),
        "sign_get_floor": _cycle(
            [
                ("GET", f"/bench/floor/sign/{t}/", None, {"Cookie": f"sessionid={k}"}, {200})
                for t, k, _csrf, _text in parents
            ]
        ),
        "sign_post": _poster(answers),
        "sign_post_floor": _cycle(
            [_answer(*parent, f"/bench/floor/sign/{parent[0]}/answer/") for parent in parents]
        ),
    }


def http_rows(names, servers, wanted, seconds, results) -> None:
    """The throughput rows in ``wanted``; each measured ROUNDS times, interleaved, against
    the bare view measured in the same rounds."""
    keys = [key for key in HTTP_KEYS if key in wanted]
    pools = {}
    for label, name in names.items():
        use_database(name)
        pools[label] = _sessions(4 + (ROUNDS * POSTS_PER_ROUND if "sign_post" in keys else 0))
    rates = {label: {key: [] for key in ("bare", *keys)} for label in names}
    failures = {label: dict.fromkeys(keys, 0) for label in names}
    for round_ in range(ROUNDS):
        for label in names:
            makers = _makers(pools[label], round_)
            for key in ("bare", *keys):
                rate, failed = _throughput(servers[label][1], makers[key], seconds / 2)
                rates[label][key].append(rate)
                if key != "bare":
                    failures[label][key] += failed
    for key in keys:
        results[key] = {}
        for label in names:
            bare = statistics.median(rates[label]["bare"])
            page = statistics.median(rates[label][key])
            results[key][label] = {
                "rps": page,
                "bare_rps": bare,
                "ratio": page / bare,
                "failed": failures[label][key],
            }
