#!/usr/bin/env python3
"""Turns every ```cpp block in docs/ (and the README beside it) into C++ the build compiles, so the docs cannot rot.

    extract_cpp_snippets.py DOCS_DIR OUT_DIR HEADER...

A block that is a whole file (it has a line starting with `#include` or a plugin macro) becomes a
translation unit of its own: <page>__unit<N>.cpp. Every other block is a fragment: a function body,
compiled in <page>__fragments.cpp after the public headers named on the command line. A fragment
that uses a name of the reader's own declares it in an HTML comment just before the block, which a
reader of the rendered page does not see:

    <!-- snippet-context: mstr::SecretValue read_from_my_store(); -->

Writes only files whose content changed, and removes generated files no page produces any more.
"""
import pathlib
import re
import sys

FENCE = re.compile(r"^```(\S*)\s*$")
CONTEXT = re.compile(r"^<!--\s*snippet-context:(.*?)-->\s*$")
WHOLE_FILE = re.compile(r"^(#include|MSTR_[A-Z_]+_PLUGIN\()", re.MULTILINE)


def blocks(page):
    """Yields (language, first line number, code, context) for each fenced block of the page."""
    language, start, code, context, pending = None, 0, [], [], []
    for number, line in enumerate(page.read_text(encoding="utf-8").splitlines(), start=1):
        if language is None:
            fence, ctx = FENCE.match(line), CONTEXT.match(line)
            if fence:
                language, start, code, context, pending = fence.group(1), number + 1, [], pending, []
            elif ctx:
                pending.append(ctx.group(1).strip())
            elif line.strip():
                pending = []
        elif line.startswith("```"):
            yield language, start, "\n".join(code) + "\n", context
            language = None
        else:
            code.append(line)


def main():
    docs, out, headers = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2]), sys.argv[3:]
    out.mkdir(parents=True, exist_ok=True)
    wanted = {}
    # The project's README sits beside docs/ and is held to the same rule.
    readme = docs.parent / "README.md"
    pages = sorted(docs.rglob("*.md")) + ([readme] if readme.exists() else [])
    for page in pages:
        relative = page.relative_to(docs) if page.is_relative_to(docs) else pathlib.Path("project_" + page.name)
        stem = relative.with_suffix("").as_posix().replace("/", "_").replace("-", "_")
        fragments, contexts, units = [], [], 0
        for language, line, code, context in blocks(page):
            if language != "cpp":
                continue
            where = f'#line {line} "{page.as_posix()}"\n'
            if WHOLE_FILE.search(code):
                units += 1
                wanted[f"{stem}__unit{units}.cpp"] = f"// Generated from {page.name}: do not edit.\n{where}{code}"
            else:
                contexts.extend(context)
                fragments.append(f"[[maybe_unused]] void snippet_line_{line}() {{\n{where}{code}}}\n")
        if fragments:
            prelude = "".join(f"#include <{header}>\n" for header in headers)
            # The reader's own declarations have external linkage: a function declared but never
            # defined inside the anonymous namespace would draw a warning.
            declared = "".join(f"{declaration}\n" for declaration in contexts)
            wanted[f"{stem}__fragments.cpp"] = (f"// Generated from {page.name}: do not edit.\n{prelude}{declared}"
                                                "namespace {\n" + "\n".join(fragments) + "}  // namespace\n")
    for stale in out.glob("*.cpp"):
        if stale.name not in wanted:
            stale.unlink()
    for name, text in wanted.items():
        target = out / name
        if not target.exists() or target.read_text(encoding="utf-8") != text:
            target.write_text(text, encoding="utf-8")
    print("\n".join(sorted(wanted)))


if __name__ == "__main__":
    main()
