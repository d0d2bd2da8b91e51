"""iowire generator: schema/*.yaml -> validated model -> C codecs, headers, spec tables, vectors."""
from . import loader, model, validate


def load_protocol(path):
    """Load, check against the meta-schema, and build the semantic model of one schema file."""
    document = loader.load(path)
    validate.check(document)
    return model.build(document)
