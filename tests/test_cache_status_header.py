"""The benchmark's view of the content cache: hits and lookups per response, only when asked for."""


def test_responses_count_cache_hits_and_lookups_when_the_header_is_on(client, app, real_cache, monkeypatch):
    monkeypatch.setitem(app.config, "CACHE_STATUS_HEADER", True)
    hits, lookups = client.get("/").headers["X-Cache-Lookups"].split("/")
    assert hits == "0" and int(lookups) >= 1
    assert client.get("/").headers["X-Cache-Lookups"] == "1/1"  # the whole page, from the cache


def test_responses_carry_no_cache_header_by_default(client, real_cache):
    assert "X-Cache-Lookups" not in client.get("/").headers
