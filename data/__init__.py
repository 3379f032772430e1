"""The data kaigiroku ships: the default corpus and the synonym dictionaries.

A package only so that the files travel in the wheel and are read through
importlib.resources (kaigiroku.search.paths), wherever kaigiroku is installed.
"""
