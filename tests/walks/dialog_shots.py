"""Pictures of every main dialog (the test catalogue's, tests/dialog_catalogue.py) on the sample data, at a
screen size and in a theme, to look at one by one. Views are pictured with `sdm-desktop screenshot VIEW`.

Run on an X server of the size wanted, so that dialogs size themselves to that screen:
    xvfb-run -a -s "-screen 0 1366x768x24" python tests/walks/dialog_shots.py OUTDIR light
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent), str(HERE.parents[1] / "src")]


def main() -> int:
    out, theme = Path(sys.argv[1]), sys.argv[2] if len(sys.argv) > 2 else "light"
    out.mkdir(parents=True, exist_ok=True)
    from sdm_desktop.app import _application, build_window
    from sdm_desktop.services.demo.loader import load_demo
    from sdm_desktop.services.opening import open_context
    from sdm_desktop.ui import prompts

    app = _application(theme=theme)
    screen = app.primaryScreen().availableGeometry()
    size = f"{screen.width()}x{screen.height()}"
    folder = Path(tempfile.mkdtemp(prefix="dialog-shots-"))
    ctx = open_context(folder)
    load_demo(ctx)
    from dialog_catalogue import DIALOGS

    with prompts.headless():
        window = build_window(ctx, synchronous_jobs=True)
        window.resize(screen.width(), screen.height())
        window.show()
        for name, make in sorted(DIALOGS.items()):
            dialog = make(window, ctx, folder)
            dialog.show()
            for _ in range(5):
                app.processEvents()
            target = out / f"dialog-{name.replace(' ', '-')}-{size}-{theme}.png"
            dialog.grab().save(str(target), "PNG")
            print(f"{target.name}: {dialog.width()}x{dialog.height()}")
            dialog.done(0)
        window.hide()
        window.env.jobs.shutdown()
    ctx.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
