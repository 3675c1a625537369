"""`docscreen train`: rebuild the shipped classifiers from training/ (deterministic, seconds)."""

from __future__ import annotations

import time
from importlib import resources
from pathlib import Path


def run_train(data: Path | None, out: Path | None) -> int:
    from docscreen.extractors.classifier_training import train_all, write_models

    started = time.perf_counter()
    models = train_all(data)
    target = out or Path(str(resources.files("docscreen.extractors") / "data"))
    for path in write_models(models, target):
        print(f"已写入 {path}")
    versions = "，".join(f"{name} {m['version']}" for name, m in models.items())
    print(f"模型版本：{versions}；训练用时 {time.perf_counter() - started:.1f} 秒")
    return 0
