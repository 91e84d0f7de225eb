"""Reading evaluation texts: a PolNeAR-style folder (text/*.txt), a folder of .txt, or gold JSONL."""
from __future__ import annotations

import json
from pathlib import Path


def load_texts(source: str | Path) -> list[tuple[str, str]]:
    """(id, text) pairs; ids are file stems, as the scorer expects."""
    path = Path(source)
    if path.is_dir():
        folder = path / "text" if (path / "text").is_dir() else path
        return [(f.stem, f.read_text(encoding="utf-8")) for f in sorted(folder.glob("*.txt"))]
    items = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                record = json.loads(line)
                items.append((str(record["id"]), record["text"]))
    return items
