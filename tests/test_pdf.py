"""aup_portal.pdf: every PDF is rendered without fetching anything, as PDF/A when asked."""

import http.server
import io
import logging
import threading

import pikepdf
import pytest

from aup_portal.pdf import PDF_A, pdf_from_html


@pytest.fixture
def web_server():
    """A local web server that counts the requests it gets."""
    requests = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            requests.append(self.path)
            self.send_response(404)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", requests
    server.shutdown()
    server.server_close()


def test_pdf_fetches_no_url_a_form_names(web_server, caplog):
    base, requests = web_server
    html = (
        f'<link rel="stylesheet" href="{base}/style.css">'
        f'<p>Typed by a parent <img src="{base}/tracker.png"> '
        '<img src="file:///etc/passwd"></p>'
    )

    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        content = pdf_from_html(html)

    assert content.startswith(b"%PDF-")
    assert requests == []
    refused = [r.getMessage() for r in caplog.records if "fetches nothing" in r.getMessage()]
    assert len(refused) == 3
    assert any("file:///etc/passwd" in message for message in refused)
    assert b"root:" not in content


def test_pdf_a_variant_is_pdf_a_3b():
    content = pdf_from_html("<p>Signed record</p>", variant=PDF_A)

    with pikepdf.open(io.BytesIO(content)) as document:
        assert document.open_metadata().pdfa_status == "3B"


def test_pdf_without_variant_is_plain_pdf():
    content = pdf_from_html("<p>A letter</p>")

    with pikepdf.open(io.BytesIO(content)) as document:
        assert document.open_metadata().pdfa_status == ""
