"""Preparing a process that reads articles: the spaCy pipeline loaded, and the log says so."""

from claims.nlp import pipeline as nlp
from claims.processing.warmup import processing_prepare


def test_preparing_a_process_loads_the_pipeline_and_says_so(settings, caplog):
    settings.SPACY_PRELOAD = True
    caplog.set_level("INFO", logger="claims.processing.warmup")
    seconds = processing_prepare(process="worker")
    assert seconds is not None and seconds >= 0
    assert nlp._load.cache_info().currsize == 1
    assert f"Worker: spaCy pipeline {settings.SPACY_MODEL} loaded in" in caplog.text
    assert "before the first article" in caplog.text


def test_with_preloading_off_the_log_says_the_first_article_loads_it(settings, caplog):
    settings.SPACY_PRELOAD = False
    caplog.set_level("INFO", logger="claims.processing.warmup")
    assert processing_prepare(process="web process") is None
    assert "Web process: the spaCy pipeline loads with the first article" in caplog.text
