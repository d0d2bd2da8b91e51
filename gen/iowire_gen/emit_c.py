"""Emitter: libiowire's C codec for one protocol (a header and a source file)."""
from . import c_names, render

LIB_RUNTIME = "iow"


def check(proto):
    """What C needs beyond the model: names that are not keywords."""
    c_names.check_identifiers(proto)


def file_stem(proto):
    return proto.name.replace("-", "_")


def render_runtime(source_note):
    env = render.environment()
    body = env.get_template("runtime.h.j2").render(R=LIB_RUNTIME, statuses=c_names.STATUSES)
    return render.banner(source_note) + "\n" + body


def render_library(proto, source):
    """Return (header text, source text) of the library codec for `proto`."""
    env = render.environment()
    names = c_names.CNames(proto, f"{LIB_RUNTIME}_{proto.prefix}", LIB_RUNTIME)
    stem = file_stem(proto)
    guard = f"IOWIRE_{stem.upper()}_H"
    decls = env.get_template("codec.h.j2").render(c_names.codec_context(proto, names, "", "static inline "))
    header = "\n".join([
        render.banner(source), f"#ifndef {guard}", f"#define {guard}", "",
        '#include "iowire/runtime.h"', "", "#ifdef __cplusplus", 'extern "C" {', "#endif", "",
        decls, "#ifdef __cplusplus", "}", "#endif", f"#endif /* {guard} */", ""])
    defs = env.get_template("codec.c.j2").render(c_names.codec_context(proto, names, "", "static inline "))
    source_text = "\n".join([render.banner(source), f'#include "iowire/{stem}.h"', "", defs])
    return header, source_text
