#!/usr/bin/env python3
"""Runs the examples of README.md and compares them with the output shown.

The convention (documented at the top of the README's Testing section):

  ```sql            an example: it is run, and must not raise an error;
  ...
  ```
  ```               when a bare fence follows the SQL block directly (next line),
  ...               it is the output: running the SQL must print exactly this
  ```               (psql -X -q -P footer=off; trailing spaces are ignored;
                    NOTICE, WARNING and ERROR messages follow the rows, without
                    psql's "psql:file:line: " prefix; an output that shows an
                    ERROR line makes the error expected)
  ```sql norun      not run: a signature or a fragment (use sparingly)
  ```sh readme-setup   the README's own setup commands: run with bash from the
                    repository root, in a fresh database (PGDATABASE); the
                    variables it exports hold for the examples after it

Blocks run in the order of the file, each in its own psql session, all in one
database.  Prints one line per block and ends with
"readme: N passed, N failed".

Usage: check_readme.py README.md   (inside a cluster: pg_virtualenv, or PGHOST etc.)
"""
import difflib
import os
import re
import subprocess
import sys
import tempfile

DB = "ltv_readme"
FENCE = re.compile(r"^```(.*)$")


def parse(path):
    """[(kind, line, text, expected)] with kind 'sql', 'setup' or 'skip'."""
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    blocks = []                  # (info, first line number, body lines, end index)
    i = 0
    while i < len(lines):
        m = FENCE.match(lines[i])
        if not m:
            i += 1
            continue
        info = m.group(1).strip()
        start = i
        i += 1
        body = []
        while i < len(lines) and not lines[i].startswith("```"):
            body.append(lines[i])
            i += 1
        if i >= len(lines):
            sys.exit("%s:%d: unterminated code block" % (path, start + 1))
        blocks.append((info, start + 1, body, i))
        i += 1
    items = []
    k = 0
    while k < len(blocks):
        info, line, body, end = blocks[k]
        words = info.split()
        lang = words[0] if words else ""
        expected = None
        if lang == "sql" and "norun" not in words:
            if k + 1 < len(blocks) and blocks[k + 1][0] == "" and blocks[k + 1][1] == end + 2:
                expected = blocks[k + 1][2]
                k += 1
            items.append(("sql", line, "\n".join(body) + "\n", expected))
        elif lang == "sh" and "readme-setup" in words:
            items.append(("setup", line, "\n".join(body) + "\n", None))
        elif lang == "sql":
            items.append(("skip", line, None, None))
        k += 1
    return items


def normalize(lines):
    out = [l.rstrip() for l in lines]
    while out and out[0] == "":
        out.pop(0)
    while out and out[-1] == "":
        out.pop()
    return out


PREFIX = re.compile(r"^psql:[^:]*:\d+: ")


def run_sql(text, env):
    with tempfile.NamedTemporaryFile("w", suffix=".sql", delete=False, encoding="utf-8") as f:
        f.write(text)
        name = f.name
    try:
        p = subprocess.run(["psql", "-X", "-q", "-P", "footer=off", "-v", "ON_ERROR_STOP=1",
                            "-d", DB, "-f", name],
                           capture_output=True, text=True, env=env)
    finally:
        os.unlink(name)
    err = [PREFIX.sub("", l) for l in p.stderr.split("\n")]
    return p.returncode, p.stdout.split("\n"), err


def main():
    path = sys.argv[1]
    root = os.path.dirname(os.path.abspath(path))
    os.chdir(root)
    items = parse(path)
    env = dict(os.environ)
    env.pop("PGOPTIONS", None)
    subprocess.run(["dropdb", "--if-exists", DB], check=True, env=env)
    subprocess.run(["createdb", DB], check=True, env=env)
    env["PGDATABASE"] = DB
    passed = failed = skipped = 0
    for kind, line, text, expected in items:
        where = "%s:%d" % (os.path.basename(path), line)
        if kind == "skip":
            skipped += 1
            continue
        if kind == "setup":
            with tempfile.NamedTemporaryFile(delete=False) as f:
                envfile = f.name
            p = subprocess.run(["bash", "-c", "set -e\n" + text + "\nenv -0 > " + envfile],
                               capture_output=True, env=env)
            if p.returncode != 0:
                failed += 1
                os.unlink(envfile)
                print("not ok - %s setup failed:\n%s" % (where, p.stderr.decode(errors="replace")))
                continue
            with open(envfile, "rb") as f:
                entries = f.read().decode(errors="replace").split("\0")
            os.unlink(envfile)
            newenv = {}
            for entry in entries:
                if "=" in entry:
                    key, _, value = entry.partition("=")
                    newenv[key] = value
            env = newenv
            passed += 1
            print("ok - %s setup" % where)
            continue
        rc, out, err = run_sql(text, env)
        got = normalize(out) + ([""] if normalize(out) and normalize(err) else []) + normalize(err)
        if expected is None:
            if rc != 0:
                failed += 1
                print("not ok - %s (an example without output) failed:\n  %s"
                      % (where, "\n  ".join(normalize(err))))
            else:
                passed += 1
                print("ok - %s runs" % where)
            continue
        want = normalize(expected)
        expects_error = any(l.startswith("ERROR:") for l in want)
        if rc != 0 and not expects_error:
            failed += 1
            print("not ok - %s failed:\n  %s" % (where, "\n  ".join(normalize(err))))
        elif got != want:
            failed += 1
            print("not ok - %s output differs from the README:" % where)
            for l in difflib.unified_diff(want, got, "README", "actual", lineterm="", n=1):
                print("  " + l)
        else:
            passed += 1
            print("ok - %s output matches" % where)
    # every function a user can call is documented: each name of the extension's
    # functions and aggregates appears in the README, except the aggregates'
    # support functions (named by the aggregate catalog) and the types' I/O
    # functions (named by the type catalog)
    p = subprocess.run(["psql", "-X", "-At", "-d", DB, "-c", """
        SELECT DISTINCT p.proname FROM pg_proc p
        JOIN pg_depend d ON d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e'
        JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'ltv'
        WHERE p.oid NOT IN (SELECT unnest(ARRAY[aggtransfn, aggfinalfn, aggcombinefn, aggserialfn,
                                                aggdeserialfn])::oid FROM pg_aggregate)
          AND p.oid NOT IN (SELECT unnest(ARRAY[typinput, typoutput, typreceive, typsend])::oid FROM pg_type)
          AND p.oid NOT IN (SELECT castfunc FROM pg_cast)
        ORDER BY 1"""], capture_output=True, text=True, env=env)
    with open(path, encoding="utf-8") as f:
        readme = f.read()
    names = [n for n in p.stdout.split()]
    missing = [n for n in names if not re.search(r"\b%s\b" % re.escape(n), readme)]
    if p.returncode != 0 or not names:
        failed += 1
        print("not ok - the extension's functions could not be listed: %s" % p.stderr.strip())
    elif missing:
        failed += 1
        print("not ok - functions without a mention in the README: %s" % ", ".join(missing))
    else:
        passed += 1
        print("ok - every one of the %d functions a user calls is named in the README" % len(names))
    print("(%d sql blocks marked norun were not run)" % skipped)
    print("readme: %d passed, %d failed" % (passed, failed))
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
