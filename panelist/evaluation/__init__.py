"""The evaluation harness, a room of its own beside :mod:`panelist.scoring`, which it measures.

Dataset readers, cross-validation, agreement metrics, the scoring benchmark (``panelist eval
bench``) and the labelled sets we write ourselves (``panelist/evaluation/data``). Nothing in
``scoring`` or ``interview`` imports from here.
"""
