"""TRACKER_DATASET_DIR: `init` loads an operator's edited copy of the dataset, not the installed one."""

from __future__ import annotations

import shutil

import pytest
from click.testing import CliRunner

from tracker.cli.main import cli
from tracker.status.dataset import bundled_data_root
from tracker.store.runtime import Runtime
from tracker.store.settings import ConfigError, Settings


def _runtime(db_url, tmp_path, dataset_dir):
    return Runtime(
        Settings.from_env(
            {
                "TRACKER_DATABASE_URL": db_url,
                "TRACKER_INSTANCE_PATH": str(tmp_path / "instance"),
                "TRACKER_SECRET_KEY": "test",
                "TRACKER_DATASET_DIR": str(dataset_dir),
            }
        )
    )


def test_init_loads_an_edit_made_in_the_folder_tracker_dataset_dir_names(db_url, tmp_path):
    copy = tmp_path / "data"
    shutil.copytree(bundled_data_root(), copy)
    rt = _runtime(db_url, tmp_path, copy)
    runner = CliRunner()
    try:
        first = runner.invoke(cli, ["init"], obj={"runtime": rt}, catch_exceptions=False)
        assert first.exit_code == 0, first.output
        assert f"TRACKER_DATASET_DIR={copy.resolve()}" in first.output
        again = runner.invoke(cli, ["init"], obj={"runtime": rt}, catch_exceptions=False)
        assert again.output.strip().endswith("\n0 changes")

        la = copy / "jurisdictions" / "us" / "US-LA.yaml"
        la.write_text(
            la.read_text(encoding="utf-8").replace("confidence: low", "confidence: medium", 1),
            encoding="utf-8",
        )
        edited = runner.invoke(cli, ["init"], obj={"runtime": rt}, catch_exceptions=False)
        assert edited.exit_code == 0, edited.output
        assert "periods inserted 1, superseded 1" in edited.output
        history = runner.invoke(
            cli, ["history", "US-LA", "--json"], obj={"runtime": rt}, catch_exceptions=False
        )
        assert '"confidence": "medium"' in history.output
    finally:
        rt.engine.dispose()


@pytest.mark.parametrize("layout", ["missing", "no-dataset-yaml"])
def test_a_folder_that_is_not_a_dataset_is_refused_at_start_naming_the_variable(tmp_path, layout):
    folder = tmp_path / "data"
    if layout == "no-dataset-yaml":
        (folder / "jurisdictions").mkdir(parents=True)
    with pytest.raises(ConfigError, match="TRACKER_DATASET_DIR=.*needs dataset.yaml"):
        Settings.from_env({"TRACKER_DATASET_DIR": str(folder)})
