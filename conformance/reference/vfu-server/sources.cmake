# The reference server without its command line and poll loop (main.c): what the executable and
# the session fuzz harness (fuzz/) both build. Paths are relative to this directory.
set(IOWIRE_REF_SERVER_CORE_SOURCES connection.c proto.c device.c dma.c migration.c)
set(IOWIRE_REF_SERVER_DIR ${CMAKE_CURRENT_LIST_DIR})
