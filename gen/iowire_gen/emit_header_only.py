"""Emitter: a self-contained, header-only codec for one protocol, profile and symbol prefix."""
from . import c_names, render
from .errors import SchemaError


def render_header_only(proto, source, prefix, profile_name=None, runtime_prefix=None):
    """Header text; with profile_name, profile checks are folded to constants for that profile."""
    profile = None
    if profile_name is not None:
        profile = next((p for p in proto.profiles if p.name == profile_name), None)
        if profile is None:
            raise SchemaError(proto.path, 0, f"no profile '{profile_name}' (have: "
                              + ", ".join(p.name for p in proto.profiles) + ")")
    env = render.environment()
    runtime = runtime_prefix or prefix
    names = c_names.CNames(proto, prefix, runtime, fixed_profile=profile)
    context = c_names.codec_context(proto, names, "static inline ", "static inline ")
    guard = f"{prefix.upper()}_CODEC_H"
    parts = [
        render.banner(f"{source} (profile {profile.name if profile else 'any'})"),
        f"/* Header-only {proto.name} codec: every function is static inline; no library needed. */",
        f"#ifndef {guard}", f"#define {guard}", "",
        env.get_template("runtime.h.j2").render(R=runtime, statuses=c_names.STATUSES),
        env.get_template("codec.h.j2").render(context),
        env.get_template("codec.c.j2").render(context),
        f"#endif /* {guard} */", "",
    ]
    return "\n".join(parts)
