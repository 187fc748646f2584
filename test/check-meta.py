#!/usr/bin/env python3
"""Validates META.json against the PGXN Meta Spec 1.0.0 (https://pgxn.org/spec/)
and against the extension it describes.

    python3 test/check-meta.py DIR     (DIR holds META.json, ltv.control, the Makefile)

Checks the spec's required keys (name, abstract, maintainer, license, provides,
version, meta-spec), the optional ones ltv uses (description, prereqs,
resources, tags, release_status, generated_by) for their spec types, semantic
versions, the license names the spec allows, that every provided extension's
file exists in DIR (or is built by the Makefile from the install-script
fragments), and that the versions agree with ltv.control and the Makefile.
Prints one "ok"/"not ok" line per check and "meta: N passed, N failed".
"""
import json
import os
import re
import sys

top = sys.argv[1] if len(sys.argv) > 1 else "."
results = []


def check(name, ok, detail=""):
    results.append(bool(ok))
    print(("ok - " if ok else "not ok - ") + name + ("" if ok or not detail else " (" + detail + ")"))


SEMVER = re.compile(r"^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)(-[0-9A-Za-z-]+)?$")
LICENSES = {"agpl_3", "apache_1_1", "apache_2_0", "artistic_1", "artistic_2", "bsd", "freebsd", "gfdl_1_2",
            "gfdl_1_3", "gpl_1", "gpl_2", "gpl_3", "lgpl_2_1", "lgpl_3_0", "mit", "mozilla_1_0", "mozilla_1_1",
            "openssl", "perl_5", "postgresql", "qpl_1_0", "ssleay", "sun", "zlib", "open_source",
            "restricted", "unrestricted", "unknown"}
PHASES = {"configure", "build", "test", "runtime", "develop"}
RELATIONS = {"requires", "recommends", "suggests", "conflicts"}


def version_range(v):
    # a version number, or 0 for any, or a comma-separated list of  op version
    if v == 0 or v == "0":
        return True
    if isinstance(v, str):
        return all(re.match(r"^\s*(==|!=|>=|<=|>|<)?\s*", part) and
                   SEMVER.match(re.sub(r"^\s*(==|!=|>=|<=|>|<)?\s*", "", part).strip()) for part in v.split(","))
    return False


try:
    with open(os.path.join(top, "META.json"), encoding="utf-8") as f:
        meta = json.load(f)
    check("META.json is valid JSON", True)
except (OSError, ValueError) as e:
    check("META.json is valid JSON", False, str(e))
    print("meta: 0 passed, 1 failed")
    sys.exit(1)

for key in ("name", "abstract", "maintainer", "license", "provides", "version", "meta-spec"):
    check("required key " + key, key in meta)

TERM = re.compile(r"^[^/\\\s\x00-\x1f\x7f]{2,}$")
check("name is a term (2+ characters, no slash, backslash, space or control character)",
      isinstance(meta.get("name"), str) and TERM.match(meta["name"]) is not None)
check("abstract is a non-empty string", isinstance(meta.get("abstract"), str) and meta["abstract"].strip() != "")
check("description is a string", isinstance(meta.get("description", ""), str))
check("version is a semantic version", isinstance(meta.get("version"), str) and SEMVER.match(meta["version"]))
m = meta.get("maintainer")
check("maintainer is a string or a list of strings",
      isinstance(m, str) or (isinstance(m, list) and m and all(isinstance(x, str) and x for x in m)))
lic = meta.get("license")
check("license is a known license name or an object of URLs",
      (isinstance(lic, str) and lic in LICENSES)
      or (isinstance(lic, list) and lic and all(x in LICENSES for x in lic))
      or (isinstance(lic, dict) and lic and all(isinstance(u, str) and u.startswith("http") for u in lic.values())))
spec = meta.get("meta-spec", {})
check("meta-spec version is 1.0.0", isinstance(spec, dict) and spec.get("version") == "1.0.0")
check("meta-spec url is the spec's", isinstance(spec, dict) and spec.get("url", "https://pgxn.org/meta/spec.txt").startswith("http"))

prov = meta.get("provides", {})
check("provides is a non-empty object", isinstance(prov, dict) and prov)
for ext, p in (prov.items() if isinstance(prov, dict) else []):
    check("provides." + ext + " has file and version", isinstance(p, dict) and "file" in p and "version" in p)
    check("provides." + ext + ".version is a semantic version", SEMVER.match(str(p.get("version", ""))))
    f = p.get("file", "")
    built = f.startswith(ext + "--") and os.path.isdir(os.path.join(top, "src", "sql"))
    check("provides." + ext + ".file exists or is built", os.path.exists(os.path.join(top, f)) or built, f)
    if "docfile" in p:
        check("provides." + ext + ".docfile exists", os.path.exists(os.path.join(top, p["docfile"])))

pre = meta.get("prereqs", {})
ok = isinstance(pre, dict)
for phase, rels in (pre.items() if ok else []):
    ok = ok and phase in PHASES and isinstance(rels, dict)
    for rel, reqs in (rels.items() if isinstance(rels, dict) else []):
        ok = ok and rel in RELATIONS and isinstance(reqs, dict) and all(version_range(v) for v in reqs.values())
check("prereqs: phases, relations and version ranges as in the spec", ok)
check("prereqs: PostgreSQL 15 or later at runtime",
      str(pre.get("runtime", {}).get("requires", {}).get("PostgreSQL", "")).startswith("15"))

res = meta.get("resources", {})
ok = isinstance(res, dict) and set(res) <= {"homepage", "bugtracker", "repository"}
if ok and "bugtracker" in res:
    ok = isinstance(res["bugtracker"], dict) and set(res["bugtracker"]) <= {"web", "mailto"} and res["bugtracker"]
if ok and "repository" in res:
    r = res["repository"]
    ok = isinstance(r, dict) and set(r) <= {"url", "web", "type"} and (("url" in r and "type" in r) or "web" in r)
check("resources: homepage, bugtracker {web, mailto}, repository {url, web, type}", ok)
tags = meta.get("tags", ["ok"])
check("tags is a non-empty list of distinct tags (2..255 characters, no slash, backslash or control character)",
      isinstance(tags, list) and tags and len(set(tags)) == len(tags)
      and all(isinstance(t, str) and 2 <= len(t) <= 255 and re.match(r"^[^/\\\x00-\x1f\x7f]+$", t) for t in tags))
check("release_status is stable, testing or unstable", meta.get("release_status", "stable") in ("stable", "testing", "unstable"))

# the extension it describes
try:
    control = open(os.path.join(top, "ltv.control"), encoding="utf-8").read()
    makefile = open(os.path.join(top, "Makefile"), encoding="utf-8").read()
    default_version = re.search(r"^default_version\s*=\s*'([^']+)'", control, re.M).group(1)
    extversion = re.search(r"^EXTVERSION\s*=\s*(\S+)", makefile, re.M).group(1)
except (OSError, AttributeError) as e:
    check("ltv.control and the Makefile name the version", False, str(e))
else:
    check("ltv.control's default_version equals the Makefile's EXTVERSION", default_version == extversion)
    check("META version is the extension version as semver (" + default_version + " -> x.y.0)",
          meta.get("version") in (default_version, default_version + ".0"))
    check("provides.ltv.version equals version", prov.get("ltv", {}).get("version") == meta.get("version"))
    check("provides.ltv.file is the install script of that version",
          prov.get("ltv", {}).get("file") == "ltv--" + default_version + ".sql")

passed = sum(results)
failed = len(results) - passed
print("meta: %d passed, %d failed" % (passed, failed))
sys.exit(1 if failed else 0)
