"""The editors' page /beheer and the question log in the running app (real app, real stores)."""

from __future__ import annotations

import csv
import io
import os
import sqlite3

import pytest
from pydantic import SecretStr

from tests.ui.conftest import _copy_settings

TOKEN = "redactie-token-0123456789"
UNANSWERED = ["Komen er sociale woningen bij?", "Zijn er plannen voor nieuwe woonwijken?",
              '=HYPERLINK("http://example.com","klik") Komt er een zwembad?']


@pytest.fixture(scope="module")
def admin_app(corpus_settings, tmp_path_factory):
    from fastapi.testclient import TestClient

    from ui.app import create_app

    settings = _copy_settings(corpus_settings, tmp_path_factory, "admin").model_copy(
        update={"question_log": True, "admin_token": SecretStr(TOKEN)})
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("GRADIO_TEMP_DIR", os.environ.get("GRADIO_TEMP_DIR", ""))  # create_app sets it; put it back after
        app = create_app(settings)
        with TestClient(app) as client:
            for question in UNANSWERED + ["Welke KPI's horen bij ambitielijn 3?"]:
                assert client.post("/api/ask", json={"question": question}).status_code == 200
            yield app, client, settings
        app.state.question_log.stop()


def signed_in(client):
    response = client.post("/beheer/aanmelden", data={"token": TOKEN}, follow_redirects=False)
    assert response.status_code == 303
    return response


def test_without_a_token_configured_the_page_does_not_exist(client):
    for path in ("/beheer", "/beheer/rapport.csv", "/beheer/rapport.json"):
        assert client.get(path).status_code == 404
        assert client.get(path, headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 404
    assert client.post("/beheer/aanmelden", data={"token": TOKEN}).status_code in (404, 405)


def test_without_opting_in_no_question_is_stored(client, ui_settings):
    for question in UNANSWERED:
        assert client.post("/api/ask", json={"question": question}).json()["answerable"] in ("nee", "deels")
    assert not (ui_settings.data_dir / "questions.sqlite3").exists()


def test_the_page_refuses_without_the_token_and_with_a_wrong_one(admin_app):
    app, client, settings = admin_app
    client.cookies.clear()
    page = client.get("/beheer")
    assert page.status_code == 401 and 'type="password"' in page.text and "Competitief" not in page.text
    for path in ("/beheer/rapport.csv", "/beheer/rapport.json"):
        assert client.get(path).status_code == 401
        assert client.get(path, headers={"Authorization": "Bearer wrong-token-0123456789"}).status_code == 401
        assert client.get(path, headers={"Authorization": f"Bearer {TOKEN}x"}).status_code == 401
    wrong = client.post("/beheer/aanmelden", data={"token": TOKEN[:-1]}, follow_redirects=False)
    assert wrong.status_code == 303 and wrong.headers["location"] == "../beheer?onjuist=1" and "set-cookie" not in wrong.headers
    again = client.get("/beheer", params={"onjuist": 1})
    assert again.status_code == 401 and "Dit token is niet juist." in again.text
    client.cookies.set("vraagbaak_beheer", TOKEN)
    assert client.get("/beheer").status_code == 401  # the raw token is not the cookie
    client.cookies.clear()
    assert client.post("/beheer/aanmelden", content=b"token=" + b"x" * 10_000, follow_redirects=False,
                       headers={"content-type": "application/x-www-form-urlencoded"}).headers["location"].endswith("onjuist=1")


def test_signing_in_sets_a_strict_cookie_and_shows_the_report(admin_app):
    app, client, settings = admin_app
    client.cookies.clear()
    cookie = signed_in(client).headers["set-cookie"]
    for flag in ("HttpOnly", "Path=/beheer", "SameSite=strict", "Max-Age=28800"):
        assert flag in cookie
    assert TOKEN not in cookie
    page = client.get("/beheer")
    assert page.status_code == 200
    for header, value in (("cache-control", "no-store"), ("x-frame-options", "DENY"), ("referrer-policy", "no-referrer")):
        assert page.headers[header] == value
    assert "frame-ancestors 'none'" in page.headers["content-security-policy"]
    assert "Het vragenlogboek staat aan" in page.text and "90 dagen" in page.text
    assert "sociale woningen" in page.text and "Welke KPI" not in page.text
    assert "<script" not in page.text and "&quot;http://example.com&quot;" in page.text  # escaped
    signed_out = client.post("/beheer/afmelden", follow_redirects=False)
    assert signed_out.status_code == 303 and 'vraagbaak_beheer=""' in signed_out.headers["set-cookie"]
    client.cookies.clear()
    assert client.get("/beheer").status_code == 401


def test_report_json_and_csv_with_the_token(admin_app):
    app, client, settings = admin_app
    client.cookies.clear()
    auth = {"Authorization": f"Bearer {TOKEN}"}
    report = client.get("/beheer/rapport.json", headers=auth).json()
    assert report["question_log"] is True and report["total"] == 3
    grouped = sorted(sorted(q["question"] for q in g["questions"]) for g in report["groups"])
    assert grouped == sorted([sorted(UNANSWERED[:2]), [UNANSWERED[2]]])
    download = client.get("/beheer/rapport.csv", headers=auth)
    assert download.status_code == 200 and download.content.startswith(b"\xef\xbb\xbf")
    assert 'filename="vragen-zonder-antwoord.csv"' in download.headers["content-disposition"]
    rows = list(csv.reader(io.StringIO(download.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["onderwerp", "aantal", "nee", "deels", "niet_nuttig", "eerst_gesteld", "laatst_gesteld", "vragen",
                       "opmerkingen", "afgehandeld"]
    formula = next(r for r in rows[1:] if "HYPERLINK" in r[0])
    assert formula[0].startswith("'=") and formula[7].startswith("'=")  # no formula in a spreadsheet
    assert all(not cell.startswith(("=", "+", "-", "@")) for row in rows[1:] for cell in row)


def test_since_filters_and_a_bad_date_gets_a_dutch_message(admin_app):
    app, client, settings = admin_app
    auth = {"Authorization": f"Bearer {TOKEN}"}
    assert client.get("/beheer/rapport.json", params={"sinds": "2999-01-01"}, headers=auth).json()["groups"] == []
    assert client.get("/beheer/rapport.json", params={"sinds": "2000-01-01"}, headers=auth).json()["total"] == 3
    bad = client.get("/beheer/rapport.json", params={"sinds": "gisteren"}, headers=auth)
    assert bad.status_code == 422 and bad.json()["message"].startswith("Geef de datum als JJJJ-MM-DD")
    page = client.get("/beheer", params={"sinds": "31-02-2026"}, headers=auth)
    assert page.status_code == 422 and "Geef de datum als JJJJ-MM-DD" in page.text and "Traceback" not in page.text


def test_the_log_stores_exactly_what_is_documented(admin_app):
    app, client, settings = admin_app
    with sqlite3.connect(settings.data_dir / "questions.sqlite3") as conn:
        rows = conn.execute("SELECT * FROM questions ORDER BY id").fetchall()
        columns = [c[1] for c in conn.execute("PRAGMA table_info(questions)")]
    assert columns == ["id", "created", "question", "answerable", "reason", "times", "last", "qkey"]
    assert [r[2] for r in rows] == UNANSWERED
    stored = " ".join(str(v) for r in rows for v in r)
    assert "127.0.0.1" not in stored and "testclient" not in stored


def test_afgehandeld_needs_the_token_and_is_kept_per_group(admin_app):
    app, client, settings = admin_app
    client.cookies.clear()
    housing = {"vraag": UNANSWERED[:2], "status": "afgehandeld"}
    assert client.post("/beheer/afgehandeld", data=housing, follow_redirects=False).status_code == 401
    auth = {"Authorization": f"Bearer {TOKEN}"}
    bad = client.post("/beheer/afgehandeld", data={"vraag": UNANSWERED[:2], "status": "weg"}, headers=auth)
    assert bad.status_code == 422
    done = client.post("/beheer/afgehandeld", data={**housing, "sinds": "2000-01-01"}, headers=auth, follow_redirects=False)
    assert done.status_code == 303 and done.headers["location"] == "../beheer?sinds=2000-01-01"
    groups = {g["topic"]: g for g in client.get("/beheer/rapport.json", headers=auth).json()["groups"]}
    handled = [g for g in groups.values() if g["handled"]]
    assert [sorted(q["question"] for q in g["questions"]) for g in handled] == [sorted(UNANSWERED[:2])]
    client.post("/beheer/afgehandeld", data={**housing, "status": "open"}, headers=auth, follow_redirects=False)
    assert not any(g["handled"] for g in client.get("/beheer/rapport.json", headers=auth).json()["groups"])
