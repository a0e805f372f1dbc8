"""The `cahier` command: one entry point for every management task.

`cahier import PATH`, `cahier export`, `cahier serve`, `cahier migrate`… are Django
management commands; this wrapper only chooses the settings module.
"""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:
        execute_from_command_line(["cahier", *sys.argv[1:]])
    except ImproperlyConfigured as error:
        # A missing SECRET_KEY or a bad DATABASE_URL deserves one clear line, not a traceback.
        sys.stderr.write(f"Configuration incorrecte : {error}\n")
        sys.exit(2)


if __name__ == "__main__":
    main()
