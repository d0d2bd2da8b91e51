"""iowire-gen: check schemas and generate what the rest of iowire is built from."""
import argparse
import os
import sys

from . import emit_c, emit_caps, emit_header_only, load_protocol, render
from . import emit_spec_tables
from . import emit_fuzz
from . import emit_construct
from . import emit_conform
from . import emit_proto
from .errors import SchemaError
from . import compat


def _display(path, root):
    """Schema path as written in banners: relative to the source tree, so output is reproducible."""
    try:
        rel = os.path.relpath(path, root)
    except ValueError:
        return os.path.basename(path)
    return rel if not rel.startswith("..") else os.path.basename(path)


def cmd_check(args):
    for path in args.schemas:
        proto = load_protocol(path)
        print(f"{path}: ok ({proto.name} {proto.version}, {len(proto.structs)} structures, "
              f"{len(proto.profiles)} profiles)")
    return 0


def cmd_c(args):
    written = 0
    out = args.out_dir
    # Every schema is checked before anything is written: a broken one leaves no files behind.
    protos = [(path, load_protocol(path)) for path in args.schemas]
    for _, proto in protos:
        emit_c.check(proto)
    runtime = emit_c.render_runtime("gen/iowire_gen/templates/runtime.h.j2")
    written += render.write_if_changed(os.path.join(out, "include", "iowire", "runtime.h"), runtime)
    for path, proto in protos:
        header, source = emit_c.render_library(proto, _display(path, args.root))
        stem = emit_c.file_stem(proto)
        written += render.write_if_changed(os.path.join(out, "include", "iowire", f"{stem}.h"), header)
        written += render.write_if_changed(os.path.join(out, "src", f"{stem}.c"), source)
        for rel, text in emit_caps.render_caps(proto, _display(path, args.root)):
            written += render.write_if_changed(os.path.join(out, rel), text)
    if args.verbose:
        print(f"iowire-gen c: {written} file(s) updated in {out}")
    return 0


def cmd_header(args):
    proto = load_protocol(args.schema)
    text = emit_header_only.render_header_only(proto, _display(args.schema, args.root), args.prefix,
                                               args.profile, args.runtime_prefix)
    if args.output == "-":
        sys.stdout.write(text)
    else:
        render.write_if_changed(args.output, text)
    return 0


def cmd_spec(args):
    written = 0
    for path in args.schemas:
        proto = load_protocol(path)
        text = emit_spec_tables.render_tables(proto, _display(path, args.root))
        written += render.write_if_changed(os.path.join(args.out_dir, emit_spec_tables.output_name(proto)), text)
    if args.verbose:
        print(f"iowire-gen spec: {written} file(s) updated in {args.out_dir}")
    return 0


def cmd_fuzz(args):
    protos = {}
    for path in args.schemas:
        protos[load_protocol(path)] = _display(path, args.root)
    written = emit_fuzz.write_all(list(protos), args.out_dir, protos.get)
    if args.verbose:
        print(f"iowire-gen fuzz: {written} file(s) updated in {args.out_dir}")
    return 0


def cmd_construct(args):
    protos = [load_protocol(path) for path in args.schemas]
    text = emit_construct.render_construct(protos, [_display(path, args.root) for path in args.schemas])
    written = int(render.write_if_changed(os.path.join(args.out_dir, emit_construct.file_name()), text))
    if args.verbose:
        print(f"iowire-gen construct: {written} file(s) updated in {args.out_dir}")
    return 0


def cmd_proto(args):
    written = 0
    for path in args.schemas:
        proto = load_protocol(path)
        text, options = emit_proto.render_proto(proto, _display(path, args.root), args.max_bytes, args.max_count)
        stem = emit_proto.file_stem(proto)
        written += render.write_if_changed(os.path.join(args.out_dir, f"{stem}.proto"), text)
        written += render.write_if_changed(os.path.join(args.out_dir, f"{stem}.options"), options)
    if args.verbose:
        print(f"iowire-gen proto: {written} file(s) updated in {args.out_dir}")
    return 0


def cmd_conform(args):
    proto = load_protocol(args.schema)
    receiver = args.receiver or ("server" if proto.commands else "device")
    header, source = emit_conform.render_tables(proto, _display(args.schema, args.root), receiver, args.name)
    written = render.write_if_changed(os.path.join(args.out_dir, f"{args.name}_mutations.h"), header)
    written += render.write_if_changed(os.path.join(args.out_dir, f"{args.name}_mutations.c"), source)
    if args.verbose:
        print(f"iowire-gen conform: {written} file(s) updated in {args.out_dir}")
    return 0


def _load_version(spec, root):
    """A schema from a path, or from git as REF:PATH when --against-git gave REF."""
    import subprocess
    import tempfile

    ref, path = spec
    if ref is None:
        return load_protocol(path)
    rel = os.path.relpath(os.path.abspath(path), root)
    try:
        text = subprocess.run(["git", "-C", root, "show", f"{ref}:{rel}"], check=True,
                              capture_output=True).stdout
    except (OSError, subprocess.CalledProcessError) as exc:
        detail = getattr(exc, "stderr", b"") or b""
        raise SchemaError(f"{ref}:{rel}", 0, f"cannot read it from git: {detail.decode().strip() or exc}") from exc
    with tempfile.TemporaryDirectory() as tmp:
        copy = os.path.join(tmp, os.path.basename(rel))
        with open(copy, "wb") as handle:
            handle.write(text)
        return load_protocol(copy)


def cmd_compat(args):
    if args.against_git:
        old = _load_version((args.against_git, args.new), args.root)
        label = f"{args.against_git}:{args.new}"
    else:
        if not args.old:
            raise SchemaError(args.new, 0, "give OLD or --against-git REF")
        old = load_protocol(args.old)
        label = args.old
    new = load_protocol(args.new)
    findings = compat.compare(old, new)
    for finding in findings:
        print(finding)
    breaking = sum(f.level == "breaking" for f in findings)
    version_broken = any("version" in f.message and "need" in f.message for f in findings)
    print(f"{label} ({old.version}) -> {args.new} ({new.version}): {breaking} breaking, "
          f"{len(findings) - breaking} minor change(s)")
    return 1 if version_broken or (args.strict and breaking) else 0


def parser():
    top = argparse.ArgumentParser(
        prog="iowire-gen",
        description="Check iowire protocol schemas and generate codecs from them.")
    top.add_argument("--root", default=os.getcwd(),
                     help="source tree root; banners name schemas relative to it (default: .)")
    sub = top.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("check", help="validate schemas (meta-schema, references, layout)")
    p.add_argument("schemas", nargs="+", metavar="SCHEMA")
    p.set_defaults(run=cmd_check)

    p = sub.add_parser("c", help="generate libiowire's C codecs")
    p.add_argument("schemas", nargs="+", metavar="SCHEMA")
    p.add_argument("--out-dir", required=True, help="directory for include/ and src/")
    p.add_argument("-v", "--verbose", action="store_true")
    p.set_defaults(run=cmd_c)

    p = sub.add_parser("header", help="generate a self-contained header-only codec")
    p.add_argument("schema", metavar="SCHEMA")
    p.add_argument("--prefix", required=True, help="C symbol prefix, e.g. myvmm_vfu")
    p.add_argument("--profile", help="build in only this profile (checks fold to constants); "
                   "default: every profile, chosen at run time through the cfg argument")
    p.add_argument("--runtime-prefix", help="prefix of the shared runtime part (cfg, errors, byte order); "
                   "give two headers the same one to use them together (default: --prefix)")
    p.add_argument("-o", "--output", default="-", help="output file (default: stdout)")
    p.set_defaults(run=cmd_header)

    p = sub.add_parser("spec", help="generate the specification's layout tables (reStructuredText)")
    p.add_argument("schemas", nargs="+", metavar="SCHEMA")
    p.add_argument("--out-dir", required=True, help="directory for PROTOCOL-tables.rst")
    p.add_argument("-v", "--verbose", action="store_true")
    p.set_defaults(run=cmd_spec)

    p = sub.add_parser("fuzz", help="generate fuzzing seed corpora, dictionaries and .options files")
    p.add_argument("schemas", nargs="+", metavar="SCHEMA")
    p.add_argument("--out-dir", required=True, help="directory for corpus/<target>/, <target>.dict and .options")
    p.add_argument("-v", "--verbose", action="store_true")
    p.set_defaults(run=cmd_fuzz)

    p = sub.add_parser("construct", help="generate a python3-construct description for the differential fuzzer")
    p.add_argument("schemas", nargs="+", metavar="SCHEMA")
    p.add_argument("--out-dir", required=True, help="directory for iowire_construct.py")
    p.add_argument("-v", "--verbose", action="store_true")
    p.set_defaults(run=cmd_construct)

    p = sub.add_parser("proto", help="generate a proto2 mirror of the structures (and nanopb options) for benchmarks")
    p.add_argument("schemas", nargs="+", metavar="SCHEMA")
    p.add_argument("--out-dir", required=True, help="directory for PROTOCOL.proto and PROTOCOL.options")
    p.add_argument("--max-bytes", type=int, default=emit_proto.DEFAULT_MAX_BYTES,
                   help="nanopb bound of counted byte fields (default %(default)s)")
    p.add_argument("--max-count", type=int, default=emit_proto.DEFAULT_MAX_COUNT,
                   help="nanopb bound of repeated fields (default %(default)s)")
    p.add_argument("-v", "--verbose", action="store_true")
    p.set_defaults(run=cmd_proto)

    p = sub.add_parser("conform", help="generate iowire-conform's table of malformed requests (iowc_mutations.h/.c)")
    p.add_argument("schema", metavar="SCHEMA")
    p.add_argument("--out-dir", required=True, help="directory for iowc_mutations.h and iowc_mutations.c")
    p.add_argument("--receiver", choices=("server", "client", "client-reply", "device", "kvm"),
                   help="whose requests: the server's (client-to-server commands, the default for commands:) "
                        "or the client's; client-reply: the replies the client gets to its commands; for a "
                        "protocol of messages: (ioregionfd) the device's (default) or KVM's")
    p.add_argument("--name", default="iowc",
                   help="prefix of the files (NAME_mutations.h/.c) and of every C name in them (default iowc)")
    p.add_argument("-v", "--verbose", action="store_true")
    p.set_defaults(run=cmd_conform)

    p = sub.add_parser("compat", help="report breaking changes between two versions of a schema",
                       description="Compare two versions of a protocol description. Exit 1 when "
                       "breaking changes come without a new major version, or additions without "
                       "a new minor version (with --strict: on any breaking change).")
    p.add_argument("old", nargs="?", metavar="OLD", help="the earlier schema file")
    p.add_argument("new", metavar="NEW", help="the later schema file")
    p.add_argument("--against-git", metavar="REF", help="take OLD from git: NEW's path at REF (a tag)")
    p.add_argument("--strict", action="store_true", help="fail on any breaking change")
    p.set_defaults(run=cmd_compat)
    return top


def main(argv=None):
    args = parser().parse_args(argv)
    try:
        return args.run(args)
    except SchemaError as exc:
        print(f"iowire-gen: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
