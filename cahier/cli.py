"""The `cahier` command: one entry point for every management task.

`cahier import PATH`, `cahier export`, `cahier serve`, `cahier migrate`… are Django
management commands; this wrapper only chooses the settings module.
"""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["cahier", *sys.argv[1:]])


if __name__ == "__main__":
    main()
