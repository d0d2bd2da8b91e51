# The table cases_vfu_malformed.c walks: every malformed request the schema allows, with the
# requirement each one breaks, generated from schema/vfio-user.yaml at build time
# (iowire-gen conform; gen/iowire_gen/emit_conform.py).
set(IOWC_DIR ${CMAKE_CURRENT_BINARY_DIR}/generated)
set(IOWC_FILES ${IOWC_DIR}/iowc_mutations.h ${IOWC_DIR}/iowc_mutations.c)
add_custom_command(
  OUTPUT ${IOWC_FILES}
  COMMAND ${IOWIRE_PYTHON} ${IOWIRE_GEN} --root ${CMAKE_SOURCE_DIR} conform --out-dir ${IOWC_DIR}
          ${CMAKE_SOURCE_DIR}/schema/vfio-user.yaml
  COMMAND ${CMAKE_COMMAND} -E touch ${IOWC_FILES}
  DEPENDS ${CMAKE_SOURCE_DIR}/schema/vfio-user.yaml ${IOWIRE_GEN} ${IOWIRE_GEN_SOURCES}
  COMMENT "Generating iowire-conform's malformed-request table from schema/vfio-user.yaml"
  VERBATIM)
target_sources(iowire-conform PRIVATE ${IOWC_FILES})
target_include_directories(iowire-conform PRIVATE ${IOWC_DIR})
# The same for ioregionfd-device (cases_iorfd_malformed.c): the commands a device receives, from
# schema/ioregionfd.yaml, with every C name prefixed iowc_iorfd_.
set(IOWC_IORFD_FILES ${IOWC_DIR}/iowc_iorfd_mutations.h ${IOWC_DIR}/iowc_iorfd_mutations.c)
add_custom_command(
  OUTPUT ${IOWC_IORFD_FILES}
  COMMAND ${IOWIRE_PYTHON} ${IOWIRE_GEN} --root ${CMAKE_SOURCE_DIR} conform --name iowc_iorfd --receiver device
          --out-dir ${IOWC_DIR} ${CMAKE_SOURCE_DIR}/schema/ioregionfd.yaml
  COMMAND ${CMAKE_COMMAND} -E touch ${IOWC_IORFD_FILES}
  DEPENDS ${CMAKE_SOURCE_DIR}/schema/ioregionfd.yaml ${IOWIRE_GEN} ${IOWIRE_GEN_SOURCES}
  COMMENT "Generating iowire-conform's malformed-command table from schema/ioregionfd.yaml"
  VERBATIM)
target_sources(iowire-conform PRIVATE ${IOWC_IORFD_FILES})
# The same for vfio-user-client (cases_vfu_client_malformed.c): the replies a client gets to its
# commands, from schema/vfio-user.yaml, with every C name prefixed iowc_reply_.
set(IOWC_REPLY_FILES ${IOWC_DIR}/iowc_reply_mutations.h ${IOWC_DIR}/iowc_reply_mutations.c)
add_custom_command(
  OUTPUT ${IOWC_REPLY_FILES}
  COMMAND ${IOWIRE_PYTHON} ${IOWIRE_GEN} --root ${CMAKE_SOURCE_DIR} conform --name iowc_reply --receiver client-reply
          --out-dir ${IOWC_DIR} ${CMAKE_SOURCE_DIR}/schema/vfio-user.yaml
  COMMAND ${CMAKE_COMMAND} -E touch ${IOWC_REPLY_FILES}
  DEPENDS ${CMAKE_SOURCE_DIR}/schema/vfio-user.yaml ${IOWIRE_GEN} ${IOWIRE_GEN_SOURCES}
  COMMENT "Generating iowire-conform's malformed-reply table from schema/vfio-user.yaml"
  VERBATIM)
target_sources(iowire-conform PRIVATE ${IOWC_REPLY_FILES})
