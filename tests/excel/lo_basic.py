"""Call Basic functions of a workbook's VBA project inside LibreOffice; run by Debian's python3.

    /usr/bin/python3 tests/excel/lo_basic.py WORKBOOK PROFILE_DIR MODULE.FUNCTION[:ARG,...] ...

python3-uno belongs to the system's Python, not to the project's venv, so the test
(tests/excel/test_vba_checks.py) runs this file as a subprocess. It starts a headless
LibreOffice of its own (its own profile and pipe), opens the workbook with macros
allowed, calls each function through the document's script provider and prints one JSON
object: call -> {"type": ..., "value": ...}, or {"error": ...}.

LibreOffice compiles a module when one of its procedures is first called. A module that
does not compile still "runs", but a Function then returns nothing (None here) instead
of a value of its declared type; that is the signal the test reads.
"""

import json
import os
import signal
import subprocess
import sys
import time

import uno  # noqa: I001 - python3-uno, system Python only
from com.sun.star.beans import PropertyValue  # type: ignore[import-not-found]

ALWAYS_EXECUTE_NO_WARN = 4  # com.sun.star.document.MacroExecMode


def prop(name, value):
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


def connect(pipe, office):
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local)
    deadline = time.monotonic() + 90
    while True:
        try:
            return resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
        except Exception:
            if office.poll() is not None or time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def call_all(ctx, path, calls):
    desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
    doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(path), "_blank", 0, (
        prop("Hidden", True), prop("MacroExecutionMode", ALWAYS_EXECUTE_NO_WARN)))
    results = {}
    try:
        provider = doc.getScriptProvider()
        for call in calls:
            name, _, args = call.partition(":")
            try:
                script = provider.getScript(
                    f"vnd.sun.star.script:VBAProject.{name}?language=Basic&location=document")
                value = script.invoke(tuple(a for a in args.split(",") if a), (), ())[0]
                results[call] = {"type": type(value).__name__, "value": repr(value)}
            except Exception as exc:
                results[call] = {"error": f"{type(exc).__name__}: {exc}"}
    finally:
        doc.close(True)
        try:
            desktop.terminate()  # a clean exit leaves no pipe behind in /tmp
        except Exception:
            pass  # the bridge closes as the office quits
    return results


def main():
    path, profile, calls = os.path.abspath(sys.argv[1]), sys.argv[2], sys.argv[3:]
    pipe = f"nq57xl_basic_{os.getpid()}"
    office = subprocess.Popen(
        ["soffice", "--headless", "--invisible", "--norestore", "--nologo",
         f"-env:UserInstallation={uno.systemPathToFileUrl(os.path.abspath(profile))}",
         f"--accept=pipe,name={pipe};urp;"],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        start_new_session=True)
    try:
        results = call_all(connect(pipe, office), path, calls)
    finally:
        try:
            office.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(office.pid, signal.SIGKILL)
            office.wait(timeout=20)
    print(json.dumps(results))


if __name__ == "__main__":
    main()
