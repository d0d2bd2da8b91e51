# Sphinx configuration of the iowire specification. Builds offline: no intersphinx, no remote
# assets, a theme that ships with Debian's python3-sphinx. The layout tables are generated from
# schema/ (CMake passes -D iowire_tables_dir=...; without it _ext/iowire_req.py runs the generator).
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "_ext"))

project = "iowire specification"
author = "the iowire developers"
copyright = "the iowire developers"
version = "0.1"
release = "0.1.0"  # the spec version; see versioning.rst

extensions = ["iowire_req"]
root_doc = "index"
exclude_patterns = ["_build", "CMakeLists.txt", "tests"]
templates_path = []
language = "en"
nitpicky = True
numfig = False
today_fmt = "%Y-%m-%d"
highlight_language = "none"

html_theme = "alabaster"
html_theme_options = {
    "page_width": "1280px",
    "sidebar_width": "260px",
    "fixed_sidebar": False,
    "show_powered_by": False,
    "description": "vfio-user and KVM ioregionfd, formally",
}
html_static_path = ["_static"]
html_css_files = ["iowire.css"]
html_title = f"iowire specification {release}"
html_last_updated_fmt = None
html_show_sourcelink = False
html_copy_source = False
html_use_index = False
html_domain_indices = False
html_permalinks = True
html_sidebars = {"**": ["about.html", "navigation.html", "searchbox.html"]}

iowire_tables_dir = ""
iowire_req_prefixes = ["VFU", "IORFD", "IOW"]
