"""The ``kg`` command line: a thin layer over the library (:mod:`kg.api`).

Each command parses its options, calls one function of :mod:`kg.api` and prints what it
returns. Commands that read documents take input paths as arguments (files or directories;
default: the bundled samples) and ``--out``. Data goes to stdout, progress and messages to
stderr. Exit codes: 0 ok, 1 data problems found (with ``--strict``), 2 usage or unreadable
input.

The commands live in modules named for what they read or do: :mod:`kg.cli.documents`
(extract, build, audit, stats, viz), :mod:`kg.cli.graph` (query, sparql, schema, validate,
load), :mod:`kg.cli.serve` (serve, push), :mod:`kg.cli.site`, :mod:`kg.cli.bench`; each lists
its commands in ``COMMANDS``, registered below, one line per module. What they share is in
:mod:`kg.cli.options`.
"""

from __future__ import annotations

import click

from kg.cli import bench, documents, graph, serve, site


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="kg")
def main() -> None:
    """kg: who funds what, for whom, against which targets.

    Reads the budget and performance-target documents Chinese local governments publish
    and turns them into tables and a knowledge graph.

    \b
    Example:
      kg extract --out exports
    """


for command in (
    *documents.COMMANDS,
    *graph.COMMANDS,
    *serve.COMMANDS,
    *site.COMMANDS,
    *bench.COMMANDS,
):
    main.add_command(command)
