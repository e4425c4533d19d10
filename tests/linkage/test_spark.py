"""Batch linkage on Spark at small scale (skipped unless pyspark and Java are installed:
`pip install pyspark`; the project's `spark` extra)."""

import importlib.util
import logging
import shutil

import pytest

from seri.linkage.batch import frame_of, link_frame
from seri.linkage.scoring import record

pytestmark = pytest.mark.skipif(
    importlib.util.find_spec("pyspark") is None or shutil.which("java") is None,
    reason="pyspark or Java is not installed",
)


def test_the_same_comparisons_run_on_a_local_spark_session(settings, tmp_path):
    # py4j logs "Closing down clientserver connection" at exit, after pytest closed its
    # captured streams ("--- Logging error ---" at the end of the run): not at INFO, then.
    logging.getLogger("py4j").setLevel(logging.WARNING)
    settings.SERI_LINKAGE_BACKEND = "spark"
    settings.SERI_SPARK_MASTER = "local[1]"
    settings.SERI_SPARK_CHECKPOINT_DIR = str(tmp_path)
    records = {
        1: record("张伟", age=30, nationalities=["CN"]),
        2: record("Chang Wei", age=31, nationalities=["CN"]),
        3: record("Nguyễn Thị Hoa", age=23, sex="F", nationalities=["VN"]),
        4: record("Hoa Nguyen", age=23, sex="F", nationalities=["VN"]),
        5: record("Somchai Jaidee", age=40, nationalities=["TH"]),
    }
    _linker, predictions, _settings = link_frame(frame_of(records), train=False, threshold=0.5)
    pairs = {
        (int(a), int(b))
        for a, b in zip(
            predictions.as_pandas_dataframe().unique_id_l,
            predictions.as_pandas_dataframe().unique_id_r,
            strict=True,
        )
    }
    assert pairs == {(1, 2), (3, 4)}
    from pyspark.sql import SparkSession

    SparkSession.getActiveSession().stop()
