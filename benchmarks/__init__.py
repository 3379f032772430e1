"""Benchmark harness for kaigiroku (not part of the test suite).

Run everything with one command (see benchmarks/README.md):

    .venv/bin/python -m benchmarks.run --records 10000,100000
"""
