import re


def test_static_urls_carry_a_content_hash_and_are_cached_for_a_year(client):
    html = client.get("/").get_data(as_text=True)
    url = re.search(r'src="(/static/js/htmx\.min\.js\?v=[0-9a-f]{12})"', html).group(1)
    with client.get(url) as response:
        assert response.status_code == 200
        assert "immutable" in response.headers["Cache-Control"] and "max-age=31536000" in response.headers["Cache-Control"]


def test_static_file_without_the_current_hash_is_not_cached_for_long(client):
    with client.get("/static/js/portal.js?v=stale0000000") as response:
        assert "immutable" not in response.headers.get("Cache-Control", "")


def test_pages_and_scripts_are_compressed(client):
    page = client.get("/", headers={"Accept-Encoding": "gzip"})
    assert page.headers["Content-Encoding"] == "gzip"
    with client.get("/static/js/htmx.min.js", headers={"Accept-Encoding": "br"}) as script:
        assert script.headers["Content-Encoding"] == "br"
    assert "Accept-Encoding" in page.headers["Vary"]


def test_a_first_visit_transfers_under_60_kb_compressed(client):
    total = len(client.get("/", headers={"Accept-Encoding": "gzip"}).data)
    for url in re.findall(r'(?:src|href)="(/static/[^"]+)"', client.get("/").get_data(as_text=True)):
        with client.get(url, headers={"Accept-Encoding": "gzip"}) as response:
            total += len(response.data)
    assert total < 60_000, total


def test_static_files_answer_conditional_requests(client):
    first = client.get("/static/css/portal.css", headers={"Accept-Encoding": "gzip"})
    again = client.get("/static/css/portal.css", headers={"Accept-Encoding": "gzip", "If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304


def test_unknown_or_traversing_static_paths_are_404(client):
    assert client.get("/static/nope.js").status_code == 404
    assert client.get("/static/../portal/config.py").status_code == 404
