# The reference client without its command line (main.c): what the executable and the session
# fuzz harness (fuzz/) both build. Paths are relative to this directory.
set(IOWIRE_REF_CLIENT_CORE_SOURCES client.c proto.c session.c refdev.c)
set(IOWIRE_REF_CLIENT_DIR ${CMAKE_CURRENT_LIST_DIR})
