"""kaigiroku: full-text search of Japanese council minutes (会議録).

One namespace: kaigiroku.search (the core library), kaigiroku.indexer (reading
minutes, building the index), kaigiroku.web (the Flask front end and API) and
kaigiroku.data (the shipped corpus and dictionaries).
"""

from importlib import metadata

try:
    __version__ = metadata.version("kaigiroku")
except metadata.PackageNotFoundError:  # imported from a checkout that was never installed
    __version__ = "0+unknown"
