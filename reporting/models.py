"""Evaluation and reporting models (measure §3.2(5), §3.3(6), §4) arrive here."""
