"""`arbeidsmigratie serve`: options, loopback default and limits (no server is started here)."""

from __future__ import annotations

import pytest

from openfisca_arbeidsmigratie.api.state import state
from openfisca_arbeidsmigratie.cli import build_parser
from openfisca_arbeidsmigratie.commands import serve


def parse(*argv: str):
    return build_parser().parse_args(["serve", *argv])


def test_defaults_listen_on_loopback_with_gunicorn():
    args = parse()
    assert (args.host, args.port, args.server) == ("127.0.0.1", 5000, "gunicorn")
    assert serve._is_loopback(args.host)
    assert serve._is_loopback("::1") and serve._is_loopback("localhost")
    assert not serve._is_loopback("0.0.0.0")


@pytest.mark.parametrize(
    ("argv", "fragment"),
    [
        (("--port", "70000"), "--port 70000"),
        (("--workers", "0"), "--workers 0"),
        (("--max-rows", "-1"), "--max-rows -1"),
    ],
)
def test_bad_options_exit_2_with_a_message(argv, fragment, capsys):
    assert serve.run(parse(*argv)) == 2
    assert fragment in capsys.readouterr().err


def test_limits_and_parameter_dir_reach_the_app(tmp_path):
    app = serve.build_app(
        parse("--max-body-mib", "3", "--max-rows", "10", "--parameter-dir", str(tmp_path))
    )
    assert app.config["MAX_CONTENT_LENGTH"] == 3 * 2**20
    assert state(app).limits.max_rows == 10
    assert state(app).builder.parameter_dir == tmp_path.resolve()
