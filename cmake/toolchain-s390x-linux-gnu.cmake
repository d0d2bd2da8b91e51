# Cross toolchain for a big-endian target: Debian's s390x cross gcc, programs run under qemu-user.
#   apt-get install gcc-s390x-linux-gnu libc6-dev-s390x-cross qemu-user
#   cmake -S . -B build-s390x -DCMAKE_TOOLCHAIN_FILE=cmake/toolchain-s390x-linux-gnu.cmake
# The generator still runs on the build machine's python3 (programs are searched on the host, see
# CMAKE_FIND_ROOT_PATH_MODE_PROGRAM), and ctest runs the test programs through qemu-s390x.
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR s390x)

set(IOWIRE_CROSS_SYSROOT /usr/s390x-linux-gnu)   # Debian's libc6-dev-s390x-cross
set(CMAKE_C_COMPILER s390x-linux-gnu-gcc)

# qemu-s390x finds the target's dynamic loader and libc in the cross sysroot.
find_program(IOWIRE_QEMU_S390X qemu-s390x)
if(NOT IOWIRE_QEMU_S390X)
  set(IOWIRE_QEMU_S390X qemu-s390x)
endif()
set(CMAKE_CROSSCOMPILING_EMULATOR ${IOWIRE_QEMU_S390X} -L ${IOWIRE_CROSS_SYSROOT})

# Libraries, headers and packages come from the target's sysroot only, never from the host;
# programs (python3 for the generator) come from the host.
set(CMAKE_FIND_ROOT_PATH ${IOWIRE_CROSS_SYSROOT})
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)
# Nor may pkg-config hand the host's .pc files (json-c, ...) to the cross build.
set(ENV{PKG_CONFIG_LIBDIR} ${IOWIRE_CROSS_SYSROOT}/lib/pkgconfig:${IOWIRE_CROSS_SYSROOT}/share/pkgconfig)
set(ENV{PKG_CONFIG_PATH} "")
