"""The `steadfast` console script: every Django management command plus the project's own.

`steadfast analyze` and `steadfast mitigate` go straight to the continuity engine, which needs no
database. `steadfast`, `steadfast --help` and `steadfast help` list Steadfast's own commands grouped
by area, one line each; `steadfast help --all` is Django's full list; `steadfast help CMD` (or
`steadfast CMD --help`) a command's options.
"""

from __future__ import annotations

import os
import re
import sys

ENGINE_COMMANDS = {
    "analyze": "Time to survive, performance impact and risk exposure of a network folder (no database)",
    "mitigate": "Least-cost extra inventory so that chosen disruptions survive their recovery time",
}
# The areas in the order shown, and the Django app whose commands each holds.
AREAS = [
    ("map", "network", "the business map: suppliers, sites, items, products, customers"),
    ("security", "security", "supplier security: frameworks, questionnaires, assessments, SBOMs"),
    ("privacy", "privacy", "data processing agreements and processing activities"),
    ("incidents", "incidents", "major incidents in customer networks"),
    ("continuity", "continuity", "business impact, plans and disruption analyses"),
    ("transparency", "transparency", "published figures and reports"),
    ("engine", None, "the continuity engine on exported networks"),
    ("operations", "core", "serving, background jobs, accounts, the audit chain, the demo"),
]


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv if argv is None else argv)
    if len(argv) > 1 and argv[1] == "analyze":
        from steadfast.engine.cli import main as analyze

        return analyze(argv[2:])
    if len(argv) > 1 and argv[1] == "mitigate":
        from steadfast.engine.mitigation_cli import main as mitigate

        return mitigate(argv[2:])
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "steadfast.settings")
    if argv[1:] in ([], ["-h"], ["--help"], ["help"]):
        sys.stdout.write(overview())
        return 0
    if argv[1:] == ["help", "--all"]:
        argv = argv[:2]  # Django's own list of every command
    from django.core.management import execute_from_command_line

    argv[0] = "steadfast"
    execute_from_command_line(argv)
    return 0


def steadfast_commands() -> dict[str, list[tuple[str, str]]]:
    """{area: [(command, one line)]}: Steadfast's own commands, each once (an alias such as
    export-network shares its class with export_network and is left out), private ones (_x) never."""
    import django
    from django.core.management import get_commands, load_command_class

    django.setup()
    by_app: dict[str, list[tuple[str, str]]] = {}
    seen: set[type] = set()
    for name, app in sorted(get_commands().items()):
        if not app.startswith("steadfast.") or name.startswith("_"):
            continue
        command = load_command_class(app, name)
        if type(command) in seen:
            continue
        seen.add(type(command))
        by_app.setdefault(app.split(".")[1], []).append((name, _one_line(str(command.help))))
    grouped = {}
    for area, app, _ in AREAS:
        grouped[area] = sorted(ENGINE_COMMANDS.items()) if app is None else by_app.pop(app, [])
    for app, commands in sorted(by_app.items()):  # an app not listed above still shows its commands
        grouped[app] = commands
    return grouped


def overview() -> str:
    described = {area: about for area, _, about in AREAS}
    grouped = steadfast_commands()
    width = max(len(name) for commands in grouped.values() for name, _ in commands)
    lines = ["Usage: steadfast COMMAND [options]    (steadfast COMMAND --help for its options)", ""]
    for area, commands in grouped.items():
        if not commands:
            continue
        lines.append(f"{area} — {described[area]}" if area in described else area)
        lines += [f"  {name:<{width}}  {_one_line(about)}" for name, about in commands]
        lines.append("")
    lines.append("Django's own commands (migrate, createsuperuser, shell, …): steadfast help --all")
    return "\n".join(lines) + "\n"


def _one_line(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    sentence = re.split(r"(?<!\bArt)(?<!\be\.g)(?<=[\w)]{2})\. (?=[A-Z`(])", text, maxsplit=1)[0].rstrip(".")
    return sentence if len(sentence) <= limit else sentence[: limit - 1].rstrip() + "…"


if __name__ == "__main__":
    sys.exit(main())
