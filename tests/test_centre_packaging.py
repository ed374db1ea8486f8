"""The centre's deployment files (packaging/centre/) agree with the program: the systemd unit runs commands the
CLI accepts with the env file's variables, and nginx's limits and upstream match the centre's own."""

from __future__ import annotations

import configparser
import re
import shlex
from pathlib import Path

from heshi_centre import door, serving
from heshi_centre.cli import build_parser, cmd_migrate, cmd_serve

HERE = Path(__file__).resolve().parents[1] / "packaging" / "centre"


def unit() -> configparser.ConfigParser:
    parser = configparser.ConfigParser(strict=False, interpolation=None, delimiters=("=",), comment_prefixes=("#",))
    parser.optionxform = str  # systemd keys are case-sensitive
    parser.read_string((HERE / "heshi-centre.service").read_text(encoding="utf-8"))
    return parser


def env_file() -> dict[str, str]:
    values = {}
    for line in (HERE / "heshi-centre.env.example").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            key, _, value = line.partition("=")
            values[key.strip()] = value.strip()
    return values


def command_line(text: str, env: dict[str, str]) -> list[str]:
    missing = [v for v in re.findall(r"\$\{(\w+)\}", text) if v not in env]
    assert not missing, f"the env file defines {missing}"
    return shlex.split(re.sub(r"\$\{(\w+)\}", lambda m: env[m.group(1)], text))


def test_systemd_unit_migrates_first_then_serves_workers_as_an_unprivileged_hardened_service():
    u = unit()
    assert set(u.sections()) == {"Unit", "Service", "Install"}
    service, env = u["Service"], env_file()
    assert {"DATABASE_URL", "HESHI_CENTRE_WORKERS", "FORWARDED_ALLOW_IPS"} <= set(env)
    assert env["DATABASE_URL"].startswith("postgresql+psycopg://")
    assert service["EnvironmentFile"] == "/etc/heshi-centre/heshi-centre.env"
    pre = command_line(service["ExecStartPre"], env)
    assert build_parser().parse_args(pre[1:]).func is cmd_migrate
    start = command_line(service["ExecStart"], env)
    assert Path(pre[0]).name == Path(start[0]).name == "heshi-centre"
    args = build_parser().parse_args(start[1:])
    assert args.func is cmd_serve and args.workers == int(env["HESHI_CENTRE_WORKERS"]) >= 2
    assert args.host == "127.0.0.1", "only nginx faces the network"
    assert service["User"] not in ("", "root")
    for key, value in {
        "NoNewPrivileges": "yes",
        "ProtectSystem": "strict",
        "ProtectHome": "yes",
        "PrivateTmp": "yes",
        "RestrictSUIDSGID": "yes",
        "CapabilityBoundingSet": "",
    }.items():
        assert service[key] == value, key
    assert "StartLimitBurst" in u["Unit"], "start limits belong to [Unit] in current systemd"
    assert u["Install"]["WantedBy"] == "multi-user.target"


def nginx_tree(text: str) -> list:
    """Directives as ``(name, args, children or None)``; comments dropped, quotes kept together."""
    tokens = re.findall(r'"[^"]*"|[{};]|[^\s{};"]+', re.sub(r"#[^\n]*", "", text))
    stack: list[list] = [[]]
    words: list[str] = []
    for tok in tokens:
        if tok == ";":
            stack[-1].append((words[0], words[1:], None))
            words = []
        elif tok == "{":
            block: list = []
            stack[-1].append((words[0], words[1:], block))
            stack.append(block)
            words = []
        elif tok == "}":
            assert not words, f"unterminated directive {words}"
            stack.pop()
            assert stack, "unbalanced }"
        else:
            words.append(tok.strip('"'))
    assert len(stack) == 1 and not words, "unbalanced {"
    return stack[0]


def find(block: list, name: str) -> list:
    return [d for d in block if d[0] == name]


def size(value: str) -> int:
    number, unit_ = re.fullmatch(r"(\d+)([kKmMgG]?)", value).groups()
    return int(number) * {"": 1, "k": 1024, "m": 1024**2, "g": 1024**3}[unit_.lower()]


def test_nginx_terminates_tls_forwards_the_client_and_limits_bodies_like_the_centre():
    tree = nginx_tree((HERE / "nginx.conf").read_text(encoding="utf-8"))
    (upstream,) = find(tree, "upstream")
    service = build_parser().parse_args(command_line(unit()["Service"]["ExecStart"], env_file())[1:])
    assert find(upstream[2], "server")[0][1] == [f"{service.host}:{service.port}"]
    servers = [d[2] for d in find(tree, "server")]
    plain = [s for s in servers if ["80"] in [d[1] for d in find(s, "listen")]]
    tls = [s for s in servers if any("ssl" in d[1] for d in find(s, "listen"))]
    assert len(plain) == 1 and len(tls) == 1
    assert find(plain[0], "return")[0][1] == ["301", "https://$host$request_uri"]
    s = tls[0]
    assert find(s, "ssl_certificate") and find(s, "ssl_certificate_key")
    assert find(s, "ssl_protocols")[0][1] == ["TLSv1.2", "TLSv1.3"]
    headers = {d[1][0]: d[1][1] for d in find(s, "proxy_set_header")}
    assert headers["X-Forwarded-For"] == "$proxy_add_x_forwarded_for"
    assert headers["X-Forwarded-Proto"] == "$scheme" and headers["Host"] == "$host"
    assert size(find(s, "client_max_body_size")[0][1][0]) == door.MAX_OTHER_BODY_BYTES
    locations = {tuple(d[1]): d[2] for d in find(s, "location")}
    push = locations[("=", door.PUSH_PATH)]
    assert size(find(push, "client_max_body_size")[0][1][0]) == door.MAX_PUSH_BODY_BYTES
    for block in locations.values():
        assert find(block, "proxy_pass")[0][1] == ["http://heshi_centre"]


def seconds(value: str) -> int:
    number, unit_ = re.fullmatch(r"(\d+)([smh]?)", value).groups()
    return int(number) * {"": 1, "s": 1, "m": 60, "h": 3600}[unit_]


def test_nginx_closes_idle_upstream_connections_before_the_centre_does():
    """The side that reuses a kept-alive connection must close it first (the keep-alive race)."""
    tree = nginx_tree((HERE / "nginx.conf").read_text(encoding="utf-8"))
    (upstream,) = find(tree, "upstream")
    assert find(upstream[2], "keepalive"), "nginx keeps upstream connections"
    (timeout,) = find(upstream[2], "keepalive_timeout")
    assert seconds(timeout[1][0]) < serving.KEEP_ALIVE_SECONDS
