#!/usr/bin/env python3
# Writes the hot-path lists (core/hot_path.txt, cli/hot_path.txt) that cmake/MstrHotPath.cmake lays
# out first: the functions of libmstr-core and of `mstr` that a one-shot command runs.
#   python3 scripts/hot_path.py [BUILD_DIR]      (default: build; needs valgrind)
# It starts the build's mstr-mock-server on a free loopback port and runs, under callgrind, the two
# commands mstr-cold-bench compares: `mstr --version` and a one-shot `projects` (plugin discovery,
# login, one request, logout). Each list holds what `--version` runs first, then what the one-shot adds,
# each part sorted by name so that a new profile shows as a small diff. Run it after a change to the
# start-up, discovery, login or request path, from a build of the change, and commit the lists.
import os
import re
import subprocess
import sys
import tempfile

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
build = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, "build"))
mstr = os.path.join(build, "bin", "mstr")
targets = {  # the object the profile names -> the list written for it
    os.path.realpath(os.path.join(build, "lib", "libmstr-core.so")): os.path.join(root, "core", "hot_path.txt"),
    os.path.realpath(mstr): os.path.join(root, "cli", "hot_path.txt"),
}

HEADER = """# The functions of {what} that a one-shot `mstr` command runs, laid out first and together by
# cmake/MstrHotPath.cmake: those `mstr --version` runs, then those a one-shot `projects` adds.
# Written by scripts/hot_path.py; regenerate it rather than editing it by hand.
"""


def functions_run(profile):
    """Maps each object in a callgrind profile to the mangled names of the functions that ran in it."""
    objects, names, run, current = {}, {}, {}, None
    pattern = re.compile(r"^(ob|cob|fn|cfn)=\((\d+)\)(?: (.*))?$")
    with open(profile) as lines:
        for line in lines:
            match = pattern.match(line.rstrip("\n"))
            if not match:
                continue
            kind, number, name = match.groups()
            if kind in ("ob", "cob"):
                if name:
                    objects[number] = os.path.realpath(name)
                if kind == "ob":
                    current = objects[number]
            else:
                if name:
                    names[number] = name
                if kind == "fn":
                    run.setdefault(current, set()).add(names[number])
    return run


def function_aliases(path):
    """Maps each function defined in an object to every name at its address. A constructor or
    destructor a profile names in one form (C1, D1) is compiled into the section of another (C2, D2)."""
    output = subprocess.run(["nm", "--defined-only", path], check=True, capture_output=True, text=True).stdout
    at = {}
    for parts in (line.split() for line in output.splitlines()):
        if len(parts) == 3 and parts[1] in "tTwW":
            at.setdefault(parts[0], set()).add(parts[2])
    return {name: names for names in at.values() for name in names}


def profile(command, env):
    with tempfile.NamedTemporaryFile(prefix="mstr-hot-path-", delete=False) as out:
        path = out.name
    try:
        subprocess.run(["valgrind", "--tool=callgrind", "--demangle=no", f"--callgrind-out-file={path}"] + command,
                       env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        return functions_run(path)
    finally:
        os.unlink(path)


def main():
    server = subprocess.Popen([os.path.join(build, "bin", "mstr-mock-server"), "--port", "0"],
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        base_url = server.stdout.readline().strip()
        env = dict(os.environ, MSTR_BASE_URL=base_url, U="analyst", P="analyst-pass")
        floor = profile([mstr, "--version"], env)
        one_shot = profile([mstr, "--base-url", "env:MSTR_BASE_URL", "--username", "env:U", "--password", "env:P",
                            "projects"], env)
    finally:
        server.terminate()
        server.wait()
    for obj, list_file in targets.items():
        aliases = function_aliases(obj)
        # Static initializers and main() are compiled into .text.startup, which the linker's default
        # script already keeps together: a list names only what it can place.
        startup = {name for name in aliases if name.startswith("_GLOBAL__sub_I_") or name == "main"}

        def named(functions):
            return set().union(*(aliases.get(name, set()) for name in functions))

        first = sorted(named(floor.get(obj, set())) - startup)
        then = sorted(named(one_shot.get(obj, set())) - startup - set(first))
        what = "libmstr-core" if "libmstr-core" in obj else "the mstr program"
        with open(list_file, "w") as out:
            out.write(HEADER.format(what=what))
            out.write("# mstr --version\n")
            out.writelines(name + "\n" for name in first)
            out.write("# mstr ... projects\n")
            out.writelines(name + "\n" for name in then)
        print(f"{os.path.relpath(list_file, root)}: {len(first)} + {len(then)} functions")


if __name__ == "__main__":
    main()
