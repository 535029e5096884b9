"""The files kg ships beside its code, found the same way from a checkout and an installed wheel.

Every resource is package data under ``kg/`` (listed in ``pyproject.toml``), reached through
:mod:`importlib.resources`: the ontology (``kg/ontology/``, linked from ``ontology/``), the samples
(``kg/samples/``, linked from ``data/samples/``), the query library and the page templates.

>>> sorted(p.name for p in ONTOLOGY.iterdir() if p.name.endswith(".ttl"))
['cube.ttl', 'dcat-ap-shapes.ttl', 'kg.ttl', 'schemes.ttl', 'shapes.ttl']
>>> (QUERIES / "who-funds-what.rq").is_file()
True
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def _folder(name: str) -> Path:
    """A folder of package data, as a real path (what every reader of files expects)."""
    root = resources.files("kg") / name
    path = Path(str(root))
    if not path.is_dir():  # pragma: no cover - an install that dropped its package data
        raise FileNotFoundError(f"kg is installed without its {name}/ folder (looked in {root})")
    return path


#: ontology/: kg.ttl (the ontology), schemes.ttl (the SKOS code lists), cube.ttl (the Data Cube
#: structures every export carries), shapes.ttl (SHACL), dcat-ap-shapes.ttl (DCAT-AP, SHACL)
ONTOLOGY = _folder("ontology")
#: data/samples/: the bundled sample documents, the default input of every command
SAMPLES = _folder("samples")
#: kg/queries/: the library of named SPARQL queries (``kg query --list``)
QUERIES = _folder("queries")
#: kg/templates/: the Jinja templates of the network and Sankey pages
TEMPLATES = _folder("templates")
