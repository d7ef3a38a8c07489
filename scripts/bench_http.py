"""The benchmark's HTTP rows (scripts/bench.py): the parents' signing page and sign POST as
throughput against gunicorn, each against the bare view behind the same middleware."""

import http.client
import itertools
import statistics
import threading
import time
from urllib.parse import urlencode

from bench_rows import use_database


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
    requests = list(
        ConsentRequest.objects.filter(status="open")
        .order_by("pk")
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


def http_rows(names, servers, wanted, seconds, results) -> None:
    pools = {}
    for label, name in names.items():
        use_database(name)
        pools[label] = _sessions(4 + (400 if "sign_post" in wanted else 0))
    rates = {label: {"bare": [], "sign_get": [], "sign_post": []} for label in names}
    failures = {label: {"sign_get": 0, "sign_post": 0} for label in names}
    posters = {label: _poster(pools[label], 4) for label in names}  # each POST its own link
    for _round in range(2):
        for label in names:
            port = servers[label][1]
            pool = pools[label]
            bare = ("GET", "/bench/bare/", None, {}, {200})
            rates[label]["bare"].append(_throughput(port, lambda b=bare: b, seconds / 2)[0])
            if "sign_get" in wanted:  # each client its own parent: link and session
                gets = itertools.cycle(
                    [
                        (
                            "GET",
                            f"/consent/sign/{token}/",
                            None,
                            {"Cookie": f"sessionid={key}"},
                            {200},
                        )
                        for token, key, _csrf, _text in pool[:4]
                    ]
                )
                lock = threading.Lock()

                def get(gets=gets, lock=lock):
                    with lock:
                        return next(gets)

                rate, failed = _throughput(port, get, seconds / 2)
                rates[label]["sign_get"].append(rate)
                failures[label]["sign_get"] += failed
            if "sign_post" in wanted:
                rate, failed = _throughput(port, posters[label], seconds / 2)
                rates[label]["sign_post"].append(rate)
                failures[label]["sign_post"] += failed
    for key in ("sign_get", "sign_post"):
        if key not in wanted:
            continue
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


def _poster(pool, start):
    lock = threading.Lock()
    position = [start]

    def make():
        with lock:
            if position[0] >= len(pool):
                return None
            token, key, csrf, text = pool[position[0]]
            position[0] += 1
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
        return "POST", f"/consent/sign/{token}/answer/", body, headers, {302}

    return make
