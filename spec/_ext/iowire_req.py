"""iowire's Sphinx extension: requirements with stable IDs, their traceability matrix, and the
layout tables generated from schema/.

Directives and roles:

``.. req:: VFU-DMA-MAP-001`` with ``:level:`` (MUST, SHOULD or MAY) and ``:role:`` (one or more of
client, server, KVM side, device side, comma-separated) renders the statement as an anchored,
marked paragraph and records it.  The build stops (with ``sphinx-build -W``) on an unknown level
or role, a malformed or duplicate ID, a statement whose keyword does not match its level, and an
upper-case MUST, SHOULD or MAY anywhere outside a requirement: every normative statement has an ID.

``:req:`VFU-DMA-MAP-001``` links to a requirement.

``.. requirements-matrix::`` becomes the traceability table (ID, level, role, section, cases).

``.. wire-reference:: vfio-user`` inserts the whole generated reference page of a protocol;
``.. wire-table:: vfu-struct-dma_map`` inserts one generated table.  Every command and every
message layout that the generated file lists as needing prose must be pulled into a chapter by a
``wire-table`` somewhere, or the build warns.

The tables come from ``iowire-gen spec`` (run by CMake into ``iowire_tables_dir``); when that is
not set, the extension runs the generator from the source tree itself, so a plain
``sphinx-build spec out`` works too.  At the end of an HTML build the requirements are also
written to ``requirements.json`` in the output directory.
"""
import glob
import json
import os
import re
import sys

from docutils import nodes
from docutils.parsers.rst import Directive, directives
from sphinx.util import logging

logger = logging.getLogger(__name__)

LEVELS = ("MUST", "SHOULD", "MAY")
ROLES = {"client": "client", "server": "server", "kvm side": "KVM side", "device side": "device side"}
KEYWORD = re.compile(r"\b(MUST|SHOULD|MAY)\b")
FRAGMENT_BEGIN = ".. iowire-fragment-begin: "
FRAGMENT_END = ".. iowire-fragment-end: "
PROSE_REQUIRED = ".. iowire-prose-required: "


def req_anchor(rid):
    return "req-" + rid.lower()


def id_pattern(config):
    prefixes = "|".join(re.escape(p) for p in config.iowire_req_prefixes)
    return re.compile(rf"^(?:{prefixes})-[A-Z0-9]+(?:-[A-Z0-9]+)*-[0-9]{{3}}$")


def env_reqs(env):
    if not hasattr(env, "iowire_reqs"):
        env.iowire_reqs = {}
    return env.iowire_reqs


def walk(node, cls):
    """Node.findall where docutils has it (0.18.1 and later), traverse before."""
    finder = getattr(node, "findall", None)
    return list(finder(cls)) if finder else node.traverse(cls)


def env_pulled(env):
    if not hasattr(env, "iowire_pulled"):
        env.iowire_pulled = {}
    return env.iowire_pulled


# ---- requirements -------------------------------------------------------------------------
def parse_roles(value):
    roles = []
    for part in value.split(","):
        key = " ".join(part.split()).lower()
        if key not in ROLES:
            raise ValueError(f"unknown role '{part.strip()}' (known: {', '.join(ROLES.values())})")
        if ROLES[key] in roles:
            raise ValueError(f"role '{ROLES[key]}' given twice")
        roles.append(ROLES[key])
    if not roles:
        raise ValueError("no role given")
    return roles


class RequirementDirective(Directive):
    has_content = True
    required_arguments = 1
    optional_arguments = 0
    option_spec = {"level": directives.unchanged_required, "role": directives.unchanged_required}

    def run(self):
        env = self.state.document.settings.env
        rid = self.arguments[0].strip()
        if not id_pattern(env.config).match(rid):
            raise self.error(f"requirement ID '{rid}' does not have the form PREFIX-AREA-NNN "
                             f"(prefixes: {', '.join(env.config.iowire_req_prefixes)})")
        level = self.options.get("level", "").strip()
        if level not in LEVELS:
            raise self.error(f"{rid}: unknown level '{level}' (known: {', '.join(LEVELS)})")
        try:
            roles = parse_roles(self.options.get("role", ""))
        except ValueError as exc:
            raise self.error(f"{rid}: {exc}") from None
        if not self.content:
            raise self.error(f"{rid}: a requirement needs its statement as content")
        reqs = env_reqs(env)
        if rid in reqs:
            other = reqs[rid]
            raise self.error(f"duplicate requirement ID {rid} (first in {other['docname']}, "
                             f"line {other['lineno']})")

        anchor = req_anchor(rid)
        box = nodes.container(classes=["iowire-req", f"iowire-req-{level.lower()}"])
        box["ids"].append(anchor)
        box["iowire_req"] = rid
        self.state.nested_parse(self.content, self.content_offset, box)
        body = box.astext()
        found = set(KEYWORD.findall(body))
        if level not in found:
            raise self.error(f"{rid}: level {level}, but the statement does not say {level}")
        if found - {level}:
            raise self.error(f"{rid}: level {level}, but the statement also says "
                             f"{', '.join(sorted(found - {level}))}; split it into separate requirements")

        tag = nodes.inline(classes=["iowire-req-tag"])
        link = nodes.reference("", "", internal=True, refid=anchor, classes=["iowire-req-id"])
        link += nodes.strong(rid, rid)
        tag += link
        tag += nodes.Text(" ")
        tag += nodes.inline(level, level, classes=["iowire-req-level"])
        tag += nodes.Text(" ")
        tag += nodes.inline(", ".join(roles), ", ".join(roles), classes=["iowire-req-role"])
        tag += nodes.Text(" ")
        if box.children and isinstance(box.children[0], nodes.paragraph):
            box.children[0].insert(0, tag)
        else:
            box.insert(0, nodes.paragraph("", "", tag))

        reqs[rid] = {"docname": env.docname, "lineno": self.lineno, "anchor": anchor, "level": level,
                     "roles": roles, "section": "", "section_id": "", "text": " ".join(body.split())}
        std = env.get_domain("std")
        std.note_hyperlink_target(anchor, env.docname, anchor, rid)
        return [box]


def req_role(name, rawtext, text, lineno, inliner, options=None, content=None):
    from sphinx.addnodes import pending_xref
    rid = text.strip()
    node = pending_xref(rawtext, refdomain="std", reftype="ref", reftarget=req_anchor(rid),
                        refexplicit=True, refwarn=True)
    node += nodes.inline(rid, rid, classes=["iowire-req-ref"])
    return [node], []


class matrix_node(nodes.General, nodes.Element):
    pass


class MatrixDirective(Directive):
    has_content = False

    def run(self):
        env = self.state.document.settings.env
        env_matrix_docs(env).add(env.docname)
        return [matrix_node("")]


def env_matrix_docs(env):
    if not hasattr(env, "iowire_matrix_docs"):
        env.iowire_matrix_docs = set()
    return env.iowire_matrix_docs


def on_get_outdated(app, env, added, changed, removed):
    """The matrix lists every document's requirements: rewrite it whenever anything changed."""
    if added or changed or removed:
        return sorted(env_matrix_docs(env) - set(removed))
    return []


def is_literal(node):
    while node is not None:
        if isinstance(node, (nodes.literal, nodes.literal_block, nodes.raw, nodes.comment)):
            return True
        node = node.parent
    return False


def inside_req(node):
    while node is not None:
        if isinstance(node, nodes.Element) and node.get("iowire_req"):
            return True
        node = node.parent
    return False


def on_doctree_read(app, doctree):
    env = app.env
    reqs = env_reqs(env)
    for box in walk(doctree, nodes.container):
        rid = box.get("iowire_req")
        if not rid or rid not in reqs or reqs[rid]["docname"] != env.docname:
            continue
        sect = box.parent
        while sect is not None and not isinstance(sect, nodes.section):
            sect = sect.parent
        if sect is not None:
            reqs[rid]["section"] = sect[0].astext() if sect.children else ""
            reqs[rid]["section_id"] = sect["ids"][0] if sect["ids"] else ""
    for text in walk(doctree, nodes.Text):
        if KEYWORD.search(text.astext()) and not is_literal(text.parent) and not inside_req(text.parent):
            word = KEYWORD.search(text.astext()).group(1)
            logger.warning(f"normative keyword {word} outside a requirement: "
                           f"'{' '.join(text.astext().split())[:80]}'",
                           location=(env.docname, text.parent.line if text.parent is not None else None),
                           type="iowire", subtype="keyword")


def on_purge_doc(app, env, docname):
    reqs = env_reqs(env)
    for rid in [r for r, v in reqs.items() if v["docname"] == docname]:
        del reqs[rid]
    env_matrix_docs(env).discard(docname)
    pulled = env_pulled(env)
    for fid in list(pulled):
        pulled[fid] = [d for d in pulled[fid] if d != docname]
        if not pulled[fid]:
            del pulled[fid]


def on_merge_info(app, env, docnames, other):
    reqs = env_reqs(env)
    for rid, val in env_reqs(other).items():
        if rid in reqs and reqs[rid]["docname"] != val["docname"]:
            logger.warning(f"duplicate requirement ID {rid} (in {reqs[rid]['docname']} and {val['docname']})",
                           location=val["docname"], type="iowire", subtype="duplicate")
            continue
        reqs[rid] = val
    env_matrix_docs(env).update(d for d in env_matrix_docs(other) if d in docnames)
    pulled = env_pulled(env)
    for fid, docs in env_pulled(other).items():
        pulled.setdefault(fid, []).extend(d for d in docs if d not in pulled.get(fid, []))


def load_cases(app):
    """Requirement ID -> the conformance cases that cite it, from `iowire-conform --cases-json`."""
    path = app.config.iowire_cases
    if not path:
        return {}, []
    if path not in _cases_cache:
        with open(path, encoding="utf-8") as handle:
            cases = json.load(handle)["cases"]
        by_req = {}
        for case in cases:
            for rid in filter(None, (r.strip() for r in case["requirements"].split(","))):
                by_req.setdefault(rid, []).append(case["id"])
        _cases_cache[path] = (by_req, cases)
    return _cases_cache[path]


_cases_cache = {}


def natural(rid):
    return [int(p) if p.isdigit() else p for p in re.split(r"(\d+)", rid)]


def on_doctree_resolved(app, doctree, docname):
    reqs = env_reqs(app.env)
    for node in walk(doctree, matrix_node):
        builder = app.builder

        def link(doc, anchor, label):
            ref = nodes.reference("", "", internal=True)
            try:
                ref["refuri"] = builder.get_relative_uri(docname, doc) + ("#" + anchor if anchor else "")
            except Exception:  # builders without URIs
                ref["refuri"] = "#" + anchor
            ref += nodes.Text(label)
            return ref

        counts = {lvl: sum(1 for r in reqs.values() if r["level"] == lvl) for lvl in LEVELS}
        by_case, cases = load_cases(app)
        covered = sum(1 for rid in reqs if rid in by_case)
        summary = nodes.paragraph(text=f"{len(reqs)} requirements: "
                                       + ", ".join(f"{counts[l]} {l}" for l in LEVELS) + ". "
                                       + (f"{covered} are checked by at least one of the {len(cases)} "
                                          f"conformance cases; the {len(reqs) - covered} with an empty "
                                          f"Cases column have none yet." if cases else
                                          "No conformance case list was given to this build."))
        table = nodes.table(classes=["iowire-table", "iowire-matrix"])
        cols = [("ID", 18), ("Level", 8), ("Role", 18), ("Section", 40), ("Cases", 16)]
        group = nodes.tgroup(cols=len(cols))
        table += group
        for _, width in cols:
            group += nodes.colspec(colwidth=width)
        head = nodes.thead()
        row = nodes.row()
        for title, _ in cols:
            row += nodes.entry("", nodes.paragraph(text=title))
        head += row
        group += head
        body = nodes.tbody()
        for rid in sorted(reqs, key=natural):
            req = reqs[rid]
            row = nodes.row()
            para = nodes.paragraph()
            para += link(req["docname"], req["anchor"], rid)
            row += nodes.entry("", para)
            row += nodes.entry("", nodes.paragraph(text=req["level"]))
            row += nodes.entry("", nodes.paragraph(text=", ".join(req["roles"])))
            para = nodes.paragraph()
            title = app.env.titles.get(req["docname"])
            where = title.astext() if title is not None else req["docname"]
            if req["section"] and req["section"] != where:
                where += " › " + req["section"]
            para += link(req["docname"], req["section_id"], where)
            row += nodes.entry("", para)
            row += nodes.entry("", nodes.paragraph(text=", ".join(by_case.get(rid, []))))
            body += row
        group += body
        node.replace_self([summary, table])


def on_build_finished(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    reqs = env_reqs(app.env)
    by_case, _ = load_cases(app)
    out = [{"id": rid, "level": r["level"], "roles": r["roles"], "document": r["docname"],
            "anchor": r["anchor"], "section": r["section"], "text": r["text"],
            "cases": by_case.get(rid, [])}
           for rid, r in sorted(reqs.items(), key=lambda kv: natural(kv[0]))]
    with open(os.path.join(app.outdir, "requirements.json"), "w", encoding="utf-8") as handle:
        json.dump({"requirements": out}, handle, indent=1, ensure_ascii=False)
        handle.write("\n")


# ---- generated tables ---------------------------------------------------------------------
_cache = {}


def tables_dir(app):
    return app.config.iowire_tables_dir or os.path.join(app.doctreedir, "iowire-tables")


def generate_tables(app):
    """Without iowire_tables_dir, run the generator from the source tree."""
    if app.config.iowire_tables_dir:
        return
    root = os.path.abspath(os.path.join(app.confdir, os.pardir))
    gen = os.path.join(root, "gen")
    if gen not in sys.path:
        sys.path.insert(0, gen)
    from iowire_gen import emit_spec_tables, load_protocol, render  # noqa: E402
    out = tables_dir(app)
    for path in sorted(glob.glob(os.path.join(root, "schema", "*.yaml"))):
        if os.path.basename(path) == "meta-schema.yaml":
            continue
        proto = load_protocol(path)
        text = emit_spec_tables.render_tables(proto, os.path.relpath(path, root))
        render.write_if_changed(os.path.join(out, emit_spec_tables.output_name(proto)), text)


def load_fragments(app):
    """{fragment id: (path, first line number, lines)}, and the ids that need prose."""
    folder = tables_dir(app)
    files = sorted(glob.glob(os.path.join(folder, "*-tables.rst")))
    key = tuple((f, os.path.getmtime(f)) for f in files)
    if _cache.get("key") == key:
        return _cache["fragments"], _cache["required"], _cache["files"]
    fragments, required = {}, []
    for path in files:
        with open(path, encoding="utf-8") as handle:
            lines = handle.read().splitlines()
        start = None
        for number, line in enumerate(lines):
            if line.startswith(PROSE_REQUIRED):
                required.extend(line[len(PROSE_REQUIRED):].split())
            elif line.startswith(FRAGMENT_BEGIN):
                fid, _, title = line[len(FRAGMENT_BEGIN):].partition("|")
                start, fid, title = number, fid.strip(), title.strip()
            elif line.startswith(FRAGMENT_END) and start is not None:
                fragments[fid] = (path, start + 1, lines[start + 1:number], title)
                start = None
    _cache.update(key=key, fragments=fragments, required=required,
                  files={os.path.basename(f)[:-len("-tables.rst")]: f for f in files})
    return fragments, required, _cache["files"]


class WireTableDirective(Directive):
    required_arguments = 1
    has_content = False

    def run(self):
        env = self.state.document.settings.env
        fragments, _, _ = load_fragments(env.app)
        fid = self.arguments[0].strip()
        if fid not in fragments:
            raise self.error(f"no generated table '{fid}' (see {tables_dir(env.app)})")
        path, first, lines, title = fragments[fid]
        env.note_dependency(path)
        docs = env_pulled(env).setdefault(fid, [])
        if env.docname not in docs:
            docs.append(env.docname)
        self.state_machine.insert_input(list(lines) + [""], path)
        heading = nodes.rubric(classes=["iowire-table-title"])
        if title:
            from sphinx.addnodes import pending_xref
            link = pending_xref("", refdomain="std", reftype="ref", reftarget=fid, refexplicit=True,
                                refwarn=True)
            inline, messages = self.state.inline_text(title, self.lineno)
            link += nodes.inline("", "", *inline)
            heading += link
            return [heading] + messages
        return []


class WireReferenceDirective(Directive):
    required_arguments = 1
    has_content = False

    def run(self):
        env = self.state.document.settings.env
        _, _, files = load_fragments(env.app)
        name = self.arguments[0].strip()
        if name not in files:
            raise self.error(f"no generated reference for protocol '{name}' (have: {', '.join(files)})")
        env.note_dependency(files[name])
        with open(files[name], encoding="utf-8") as handle:
            lines = handle.read().splitlines()
        self.state_machine.insert_input(lines + [""], files[name])
        return []


def on_check_consistency(app, env):
    reqs = env_reqs(env)
    by_case, _ = load_cases(app)
    for rid in sorted(set(by_case) - set(reqs), key=natural):
        logger.warning(f"conformance case(s) {', '.join(by_case[rid])} cite {rid}, which no requirement defines",
                       type="iowire", subtype="cases")
    _, required, _ = load_fragments(app)
    pulled = env_pulled(env)
    for fid in required:
        if fid not in pulled:
            logger.warning(f"generated table {fid} is not placed in any chapter (use .. wire-table:: {fid})",
                           type="iowire", subtype="coverage")


def setup(app):
    app.add_config_value("iowire_tables_dir", "", "env")
    app.add_config_value("iowire_req_prefixes", ["VFU", "IORFD", "IOW"], "env")
    app.add_config_value("iowire_cases", "", "env")
    app.add_directive("req", RequirementDirective)
    app.add_directive("requirements-matrix", MatrixDirective)
    app.add_directive("wire-table", WireTableDirective)
    app.add_directive("wire-reference", WireReferenceDirective)
    app.add_role("req", req_role)
    app.add_node(matrix_node)
    app.connect("builder-inited", generate_tables)
    app.connect("doctree-read", on_doctree_read)
    app.connect("env-get-outdated", on_get_outdated)
    app.connect("env-purge-doc", on_purge_doc)
    app.connect("env-merge-info", on_merge_info)
    app.connect("env-check-consistency", on_check_consistency)
    app.connect("doctree-resolved", on_doctree_resolved)
    app.connect("build-finished", on_build_finished)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True, "env_version": 1}
