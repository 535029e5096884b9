"""What the commands share: their common options, messages on stderr, and the one policy for
errors (``error: …`` on stderr, exit 2).

The choices of ``--format`` are the registered print formats
(:data:`kg.views.formats.FORMATS`); the graph commands read ``--graph FILE`` (repeatable) or
``--store DIR`` (default: :data:`kg.store.defaults.DEFAULT_GRAPH`).
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import click

from kg.rdf.ids import BaseIRIError
from kg.store.defaults import DEFAULT_GRAPH
from kg.views.formats import FORMATS
from kg.views.render import printable

F = TypeVar("F", bound=Callable[..., Any])


def format_option(help: str = "How to print the data.") -> Callable[[F], F]:
    """The ``--format`` option every command that prints data takes: one of the registered
    print formats, the first the default."""
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(tuple(FORMATS)),
        default=next(iter(FORMATS)),
        show_default=True,
        help=help,
    )


FORMAT = format_option()
#: for commands that print query answers
RESULT_FORMAT = format_option("How to print the data (json: SPARQL results JSON).")
PATHS = click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
STRICT = click.option("--strict", is_flag=True, help="Exit 1 when any issue was recorded.")
OCR = click.option(
    "--ocr",
    is_flag=True,
    help="Recognise page images (scans, PDF pages without text) with Tesseract (chi_sim); "
    "their rows are marked ocr.",
)
XLSX = click.option(
    "--xlsx",
    is_flag=True,
    help="Also write tables.xlsx: every table as a sheet, numbers typed, text never a formula.",
)
ALLOW_SERVICE = click.option(
    "--allow-service",
    "allow_service",
    multiple=True,
    metavar="IRI-PREFIX",
    help="Let SERVICE (and LOAD) reach IRIs under this prefix (repeatable; "
    "refused by default: they make the server fetch URLs).",
)


def out(what: str) -> Callable[[F], F]:
    """``--out DIR`` (default ``exports``): where ``what`` written."""
    return click.option(
        "--out",
        type=click.Path(path_type=Path, file_okay=False),
        default="exports",
        show_default=True,
        help=f"Directory {what} written to.",
    )


def source(f: F) -> F:
    """``--graph FILE`` (repeatable) and ``--store DIR``: the graph a command reads."""
    f = click.option(
        "--store",
        type=click.Path(path_type=Path, file_okay=False),
        default=None,
        help="A persistent store made by kg load (faster than parsing Turtle).",
    )(f)
    return click.option(
        "--graph",
        "graphs",
        multiple=True,
        type=click.Path(path_type=Path),
        help=f"Graph file(s) to query (default: {DEFAULT_GRAPH}).",
    )(f)


def say(message: str) -> None:
    """A message on stderr, control characters from file names shown as escapes."""
    click.echo(printable(message), err=True)


def announce(message: str) -> None:
    """A message on stderr as it is."""
    click.echo(message, err=True)


def fail(exc: Exception | str, code: int = 2) -> NoReturn:
    """``error: …`` on stderr, then exit (2: usage or unreadable input)."""
    click.echo(f"error: {exc}", err=True)
    sys.exit(code)


@contextmanager
def errors(*kinds: type[Exception]) -> Iterator[None]:
    """Turn these exceptions into :func:`fail`."""
    try:
        yield
    except kinds as exc:
        fail(exc)


@contextmanager
def writing(out: Path) -> Iterator[None]:
    """Run a command that writes into ``out``: an unwritable output directory, or a base IRI
    that cannot be (or two in one graph), is a clear error and exit 2."""
    try:
        yield
    except OSError as exc:
        say(f"error: cannot write to {out}: {exc.strerror or exc}")
        sys.exit(2)
    except BaseIRIError as exc:
        say(f"error: {exc}")
        sys.exit(2)
