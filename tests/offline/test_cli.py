"""``quotes``, the offline command: the API's answers line for line, in input order, every
bad record reported and kept, resumable, in one process or several."""
from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from service.core.annotate import Annotator
from service.core.config import Settings
from service.offline import cli
from service.server.app import create_app
from tests.conftest import FIXTURES, ROOT, seed

SHARED = ROOT.parent / "shared"


@pytest.fixture
def shared_model(monkeypatch, nlp):
    """Runs in this process use the session's loaded pipeline (loading takes seconds); runs that
    name another model or a gazetteer file, and pool processes, load their own."""
    real = Annotator.load.__func__

    def load(cls, settings):
        if settings.spacy_model == Settings().spacy_model and settings.gazetteer_path is None:
            return cls(nlp, settings)
        return real(cls, settings)
    monkeypatch.setattr(Annotator, "load", classmethod(load))


def jsonl(path: Path, lines: list) -> Path:
    path.write_text("".join((line if isinstance(line, str) else json.dumps(line)) + "\n" for line in lines),
                    encoding="utf-8")
    return path


def run(capsys, *argv) -> tuple[int, list[dict], str]:
    code = cli.main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, [json.loads(line) for line in out.splitlines()], err


def test_each_line_is_the_apis_answer_in_input_order(tmp_path, capsys, nlp, shared_model):
    texts = {"b": seed("003"), "a": "", "c": "“Yes,” he said.", "d": seed("004")}
    source = jsonl(tmp_path / "in.jsonl", [{"id": k, "text": v} for k, v in texts.items()])
    code, lines, err = run(capsys, source, "--scope", "attributions", "--join-split", "--min-confidence", "0.5",
                           "--offsets", "utf16")
    assert (code, err) == (0, "")
    client = create_app(Settings(), nlp=nlp).test_client()
    for (doc_id, text), line in zip(texts.items(), lines, strict=True):
        answer = client.post("/v1/quotes", json={"id": doc_id, "text": text, "scope": "attributions",
                                                 "join_split": True, "min_confidence": 0.5,
                                                 "offsets": "utf16"}).get_json()
        assert line == answer
    assert lines[1]["quotes"] == [] and lines[1]["speakers"] == []
    assert any(q["speaker"] and q["speaker"]["name"] == "Wang Wenbin" for q in lines[0]["quotes"])


def test_duplicate_ids_are_answered_separately_in_order(tmp_path, capsys, shared_model):
    source = jsonl(tmp_path / "in.jsonl", [{"id": "x", "text": "“One,” Dmitry Peskov said."},
                                           {"id": "y", "text": ""},
                                           {"id": "x", "text": "“Two,” Dmitry Peskov said."}])
    code, lines, _ = run(capsys, source)
    assert code == 0
    assert [(line["id"], [q["text"] for q in line["quotes"]]) for line in lines] == [
        ("x", ["One,"]), ("y", []), ("x", ["Two,"])]


def test_bad_records_get_error_lines_and_messages_and_exit_1(tmp_path, capsys, monkeypatch, shared_model):
    monkeypatch.setenv("QUOTES_MAX_TEXT_CHARS", "100")
    source = tmp_path / "in.jsonl"
    source.write_bytes(b"\n".join([
        b'{"id": "ok", "text": "\xe2\x80\x9cYes,\xe2\x80\x9d Dmitry Peskov said."}',
        b"not json",
        b'{"id": "no-text"}',
        b'["a list"]',
        b'{"id": "long", "text": "' + b"a" * 101 + b'"}',
        b'{"id": "surrogate", "text": "bad \\ud800 text"}',
        b'{"id": "latin1", "text": "caf\xe9"}',
        b"",
        b'{"id": "last", "text": "", "url": "extra fields are allowed"}',
    ]) + b"\n")
    code, lines, err = run(capsys, source)
    assert code == 1
    assert [(line["id"], line.get("line"), line.get("error", {}).get("type")) for line in lines] == [
        ("ok", None, None),
        (None, 2, "urn:quotes:problem:invalid-json"),
        ("no-text", 3, "urn:quotes:problem:validation-error"),
        (None, 4, "urn:quotes:problem:validation-error"),
        ("long", 5, "urn:quotes:problem:text-too-long"),
        ("surrogate", 6, "urn:quotes:problem:validation-error"),
        (None, 7, "urn:quotes:problem:invalid-encoding"),
        ("last", None, None),
    ]
    assert lines[0]["quotes"][0]["speaker"]["name"] == "Dmitry Peskov"
    assert {line["error"]["status"] for line in lines if "error" in line} == {400, 413, 422}
    reported = err.splitlines()
    assert len(reported) == 6 and reported[0].startswith("quotes: line 2: not valid JSON")
    assert "line 5 (id 'long')" in reported[3] and "QUOTES_MAX_TEXT_CHARS" in reported[3]


def test_folders_plain_and_polnear_style(tmp_path, capsys, shared_model):
    (tmp_path / "text").mkdir()
    (tmp_path / "text" / "b.txt").write_bytes("“Yes,” Dmitry Peskov said.\r\n".encode("utf-8"))
    (tmp_path / "text" / "a.txt").write_bytes(b"caf\xe9")
    (tmp_path / "text" / "c.txt").write_text("", encoding="utf-8")
    code, lines, err = run(capsys, tmp_path)  # a folder with text/ reads text/
    assert code == 1 and "file #0 (id 'a')" in err
    assert [line["id"] for line in lines] == ["a", "b", "c"]
    assert lines[0]["index"] == 0 and lines[0]["error"]["type"] == "urn:quotes:problem:invalid-encoding"
    quote = lines[1]["quotes"][0]
    assert (quote["text"], quote["start"], quote["end"]) == ("Yes,", 1, 5)
    code, lines, _ = run(capsys, tmp_path / "text", "--no-progress")
    assert code == 1 and len(lines) == 3


def test_standard_input(tmp_path, capsys, monkeypatch, shared_model):
    data = json.dumps({"id": "s", "text": "“Yes,” Dmitry Peskov said."}) + "\n"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data.encode("utf-8"))))
    code, lines, _ = run(capsys, "-")
    assert code == 0 and lines[0]["id"] == "s" and lines[0]["quotes"][0]["speaker"]["name"] == "Dmitry Peskov"


def test_resume_answers_only_what_the_output_lacks(tmp_path, capsys, shared_model):
    records = [{"id": "a", "text": "“One,” Dmitry Peskov said."}, "not json", {"id": "b", "text": ""},
               {"id": "a", "text": "“Two,” Dmitry Peskov said."}, {"id": "c", "text": "“Three,” he said."}]
    source = jsonl(tmp_path / "in.jsonl", records)
    full = tmp_path / "full.jsonl"
    assert cli.main([str(source), "-o", str(full)]) == 1
    lines = full.read_bytes().splitlines(keepends=True)
    assert len(lines) == 5
    partial = tmp_path / "partial.jsonl"
    # the first "a", the bad line and "b" written; the second "a" cut short by a kill
    partial.write_bytes(b"".join(lines[:3]) + lines[3][:40])
    capsys.readouterr()
    assert cli.main([str(source), "-o", str(partial), "--resume"]) == 0  # nothing failed in this run
    assert partial.read_bytes() == full.read_bytes()
    assert cli.main([str(source), "-o", str(partial), "--resume"]) == 0
    assert partial.read_bytes() == full.read_bytes()  # all answered already: nothing added


def test_processes_give_the_same_lines_in_order(tmp_path, capsys, shared_model):
    texts = [(f.stem, f.read_text(encoding="utf-8")) for f in sorted(FIXTURES.glob("*.txt"))]
    records = [{"id": i, "text": t} for i, t in texts] + ["not json"] + [{"id": i, "text": t[:500]} for i, t in texts]
    source = jsonl(tmp_path / "in.jsonl", records)
    one = run(capsys, source, "--chunk", "2")
    two = run(capsys, source, "--processes", "2", "--chunk", "2")
    assert one[0] == two[0] == 1
    assert one[1] == two[1] and len(one[1]) == 11


def test_progress_bar_only_when_asked_or_on_a_terminal(tmp_path, capsys, shared_model):
    source = jsonl(tmp_path / "in.jsonl", [{"id": str(n), "text": "“Yes,” he said."} for n in range(3)])
    code, _, err = run(capsys, source, "--progress")
    assert code == 0 and "3/3" in err and "docs/s" in err and "100%" in err
    code, _, err = run(capsys, source)  # stderr is not a terminal under pytest
    assert code == 0 and err == ""


@pytest.mark.parametrize("argv, env, message", [
    (["{missing}"], {}, "no such file"),
    (["{source}", "--model", "en_core_web_nonexistent"], {}, "QUOTES_SPACY_MODEL"),
    (["{source}", "--gazetteer", "{missing}"], {}, "cannot read"),
    (["{source}"], {"QUOTES_SCOPE": "everything"}, "QUOTES_SCOPE"),
    (["{source}", "--resume"], {}, "--resume needs -o"),
    (["{source}", "--min-confidence", "2"], {}, "from 0 to 1"),
    (["{source}", "--processes", "0"], {}, "1 or more"),
    (["{source}", "-o", "{tmp}/no/such/dir/out.jsonl"], {}, "No such file"),
])
def test_usage_and_setup_errors_exit_2(tmp_path, capsys, monkeypatch, argv, env, message):
    source = jsonl(tmp_path / "in.jsonl", [{"id": "a", "text": ""}])
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    names = {"source": source, "missing": tmp_path / "missing", "tmp": tmp_path}
    try:
        code = cli.main([a.format(**names) for a in argv])
    except SystemExit as exc:  # argparse's usage errors
        code = exc.code
    assert code == 2
    assert message in capsys.readouterr().err


def test_a_worker_that_cannot_load_the_model_exits_2(tmp_path, capsys):
    source = jsonl(tmp_path / "in.jsonl", [{"id": "a", "text": ""}])
    assert cli.main([str(source), "--processes", "2", "--model", "en_core_web_nonexistent"]) == 2
    assert "QUOTES_SPACY_MODEL" in capsys.readouterr().err


def test_console_script_and_module_document_the_exit_codes():
    for command in ([str(Path(sys.executable).with_name("quotes"))], [sys.executable, "-m", "service.offline.cli"]):
        shown = subprocess.run([*command, "--help"], capture_output=True, text=True, timeout=120)
        assert shown.returncode == 0
        assert "exit codes:" in shown.stdout and "1  some records could not be answered" in shown.stdout


@pytest.mark.skipif(not (SHARED / "eval" / "score.py").exists(), reason="../shared/eval/score.py is not here")
def test_output_is_scoreable_by_the_projects_scorer(tmp_path, shared_model):
    out = tmp_path / "seeds.jsonl"
    assert cli.main([str(SHARED / "seeds" / "gold.jsonl"), "-o", str(out)]) == 0
    scored = subprocess.run([sys.executable, str(SHARED / "eval" / "score.py"), "--json",
                             str(SHARED / "seeds" / "gold.jsonl"), str(out)],
                            capture_output=True, text=True, timeout=120, check=True)
    precision, recall, f1 = json.loads(scored.stdout)["quote"]
    assert f1 >= 0.95


def test_the_pool_keeps_at_most_two_batches_per_process_in_flight():
    from service.core.annotate import Document
    from service.core.options import Options
    from service.offline.parallel import ProcessPool

    pulled = []

    def batches():
        for n in range(12):
            pulled.append(n)
            yield [Document(f"“Batch {n},” Dmitry Peskov said.", str(n))]
    pool = ProcessPool(Settings(), 1)
    try:
        ahead = []
        for n, records in enumerate(pool.annotate(batches(), Options())):
            ahead.append(len(pulled) - n)
            assert records[0]["id"] == str(n)  # in order
    finally:
        pool.close()
    assert max(ahead) <= 2 and len(ahead) == 12


def test_speakers_table_groups_quotes_by_key_across_articles(tmp_path, capsys, shared_model):
    """--speakers: one line per speaker.key over the whole output, --resume included."""
    records = [{"id": "a", "text": "“We will rebuild,” said Mayor Ann B. Ortiz. Luis Varga, a builder, said costs rose."},
               {"id": "b", "text": "Ann Ortiz said the bridge would reopen. “It is safe,” Ortiz added."},
               {"id": "c", "text": "People familiar with the plan said it would slip."},
               {"id": "d", "text": "“No comment,” said Ann Ortíz, the mayor."}]
    source = jsonl(tmp_path / "in.jsonl", records)
    out, table = tmp_path / "out.jsonl", tmp_path / "speakers.jsonl"
    out.write_bytes(b"")
    assert cli.main([str(jsonl(tmp_path / "first.jsonl", records[:2])), "-o", str(out)]) == 0
    assert cli.main([str(source), "-o", str(out), "--resume", "--speakers", str(table)]) == 0
    rows = {row["key"]: row for row in map(json.loads, table.read_text(encoding="utf-8").splitlines())}
    assert rows["ann ortiz"]["quotes"] == 4 and rows["ann ortiz"]["articles"] == 3
    assert rows["ann ortiz"]["name"] == "Ann Ortiz"  # the name most quotes give
    assert rows["ann ortiz"]["names"] == ["Ann B. Ortiz", "Ann Ortiz", "Ann Ortíz"]
    assert rows["luis varga"]["articles"] == 1 and rows["luis varga"]["roles"] == ["builder"]
    assert list(rows)[0] == "ann ortiz" and None not in rows  # most quoted first; unnamed sources in no row
