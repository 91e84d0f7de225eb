"""The offline extractor: same quotes as the API, in input order."""
import json

from service import cli
from tests.conftest import FIXTURES


def test_cli_writes_one_line_per_article_in_order(tmp_path, capsys):
    source = tmp_path / "in.jsonl"
    texts = {"b": (FIXTURES / "003_2bc42e7d6ea7a312.txt").read_text(encoding="utf-8"), "a": "", "c": "“Yes,” he said."}
    source.write_text("".join(json.dumps({"id": k, "text": v}) + "\n" for k, v in texts.items()), encoding="utf-8")
    assert cli.main([str(source)]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [line["id"] for line in lines] == ["b", "a", "c"]
    assert any(q["speaker"] and q["speaker"]["name"] == "Wang Wenbin" for q in lines[0]["quotes"])
    assert lines[1]["quotes"] == []


def test_cli_reports_a_missing_model(tmp_path, capsys):
    (tmp_path / "x.txt").write_text("text", encoding="utf-8")
    assert cli.main([str(tmp_path), "--model", "en_core_web_nonexistent"]) == 2
    assert "QUOTES_SPACY_MODEL" in capsys.readouterr().err
