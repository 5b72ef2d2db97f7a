"""`reflex run` on an app copy whose frontend is already built: the same command, minus its compile and its frontend
build (in prod they rebuild everything on every start; here they would only write the same files again).

Run in the app copy's directory with the arguments of `reflex`; the copy must have been built for the same port
(the port is compiled into the frontend).
"""

import sys

import reflex.reflex as cli
from reflex.utils import build


def main() -> None:
    cli._compile_app = lambda **_: None
    build.setup_frontend_prod = build.setup_frontend  # the env file only, no `npm run export`
    cli.cli(sys.argv[1:])


if __name__ == "__main__":
    main()
