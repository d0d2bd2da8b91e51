#!/usr/bin/env python3
"""Records whole sessions of iowire-ref-client against iowire-ref-server as seeds of the
session fuzz harnesses (fuzz/harnesses/vfu_client_session.c, vfu_server_session.c).

A proxy sits between `iowire-ref-server --fd=N` and `iowire-ref-client --fd=M --strict`: it
passes every byte and fd through, and cuts each direction into messages, written as the record
stream of fuzz/harnesses/iowf_session.h (a selector byte, then one record per message with the
fds it carried, of the kind they really were: memfd, eventfd, socket):

  OUT/vfu_client_session/VARIANT   what the server sent: the client harness's input
  OUT/vfu_server_session/VARIANT   what the client sent: the server harness's input

The twin socket the server passes is interposed too (the client gets one end of a pair the
proxy reads), so that its messages are recorded as well, with IOWF_REC_TWIN. In the client's
seed a message is one record with bit 6 (msg_size = the record's length), a reply also has bit 5
(msg_id and command of the client's latest command) and a command bit 7 (may come unsolicited);
a message longer than a record (65535 bytes) is cut into several, without bit 6. Records carry
at most 3 fds: a message with more (DEVICE_SET_IRQS with many eventfds) keeps its first 3.

The client must end the session with status 0 (--strict: every rule kept, no command refused);
anything else fails the recording. With --schema-seeds (the generated vfu_server corpus), every
message there of a profile the reference server serves also becomes a vfu_server_session seed
`schema-NAME`: that profile's recorded VERSION, then the message, with as many memfds as it
declares (at most 3): every command the schema has, reached right after negotiation. Also writes OPTIONS_DIR/<target>.options (max_len: the
longest seed rounded up to a power of two, at least 4096). Other files in the two corpus
directories are removed.

usage: record.py --server BIN --client BIN --header vfio_user.h --out DIR [--options-dir DIR]
                 [--schema-seeds DIR]
"""
import argparse
import array
import mmap
import os
import re
import select
import socket
import subprocess
import sys
import tempfile
import time

HDR = 16
REC_MAX = 0xFFFF
TYPE_REPLY = 1
CMD_DMA_MAP, CMD_DMA_WRITE = 2, 12
DMA_CHUNK = 32 * 1024

# ctl (iowf_session.h): bits 0-1 nfds, 2-3 kind, 4 twin; bits 5-7 of vfu_client_session.c
KIND_MEMFD, KIND_EVENTFD, KIND_SOCKET, KIND_OTHER = 0, 1, 2, 3
REC_TWIN = 0x10
REC_PATCH_ID, REC_FIX_SIZE, REC_UNSOLICITED = 0x20, 0x40, 0x80

# (name, server arguments, client arguments)
VARIANTS = [
    ("default", [], []),
    ("no-twin-socket", [], ["--no-twin-socket"]),
    ("small-xfer", ["--max-data-xfer=4k"], ["--no-twin-socket"]),
    ("libvfio-user", ["--profile=libvfio-user"], ["--profile=libvfio-user"]),
    ("host-order", ["--host-order"], ["--host-order"]),
]


def profiles(header):
    """Profile name -> index (enum iow_vfu_profile, from the generated header)."""
    text = open(header, encoding="utf-8").read()
    found = {m.group(2): int(m.group(1))
             for m in re.finditer(r"IOW_VFU_PROFILE_\w+ = (\d+), /\* (\S+) \*/", text)}
    count = re.search(r"IOW_VFU_PROFILE_COUNT = (\d+)", text)
    if not found or not count:
        sys.exit(f"record.py: no vfio-user profiles in {header}")
    return found, int(count.group(1))


def option(args, name, default=None):
    for a in args:
        if a == name:
            return True
        if a.startswith(name + "="):
            return a.split("=", 1)[1]
    return default


def client_sel(args, profile_index):
    """The selector byte of vfu_client_session.c for a client run with args."""
    sel = profile_index[option(args, "--profile", "0.9.2")]
    sel |= 0x10 if option(args, "--host-order") else 0
    sel |= 0x20 if option(args, "--no-twin-socket") else 0
    sel |= 0x40 if option(args, "--no-write-multiple") else 0
    sel |= 0x80 if option(args, "--no-migration") else 0
    return sel


def server_sel(args):
    """The selector byte of vfu_server_session.c: bit 0 libvfio-user, bit 1 no migration,
    bit 4 host order."""
    sel = 0x01 if option(args, "--profile") == "libvfio-user" else 0
    sel |= 0x02 if option(args, "--no-migration") else 0
    sel |= 0x10 if option(args, "--host-order") else 0
    return sel


def kind_of(fd):
    try:
        link = os.readlink(f"/proc/self/fd/{fd}")
    except OSError:
        return KIND_OTHER
    if link.startswith("/memfd:"):
        return KIND_MEMFD
    if link == "anon_inode:[eventfd]":
        return KIND_EVENTFD
    if link.startswith("socket:"):
        return KIND_SOCKET
    return KIND_OTHER


class Direction:
    """Bytes from one socket to another, cut into messages; forwarded and recorded message by
    message (Proxy.deliver)."""

    def __init__(self, src, dst, to_client, twin, order, records):
        self.src, self.dst = src, dst
        self.to_client, self.twin = to_client, twin
        self.order = order
        self.records = records  # shared by both sockets of a direction: one stream
        self.buf = bytearray()
        self.fds = []   # (offset in buf, fd) of fds not yet given to a message
        self.out = []   # [bytes, [fds]] waiting to be sent to dst
        self.eof = False
        self.shut = False

    def take(self, data, fds):
        """The whole messages data completes, each with the fds that came with it."""
        self.fds += [(len(self.buf), fd) for fd in fds]
        self.buf += data
        msgs = []
        while len(self.buf) >= 8:
            size = int.from_bytes(self.buf[4:8], self.order)
            if size < HDR:
                raise SystemExit(f"record.py: a message of {size} bytes")
            if len(self.buf) < size:
                break
            msgs.append((bytes(self.buf[:size]), [fd for at, fd in self.fds if at < size]))
            self.fds = [(at - size, fd) for at, fd in self.fds if at >= size]
            del self.buf[:size]
        return msgs

    def emit(self, msg, kinds):
        nfds = min(len(kinds), 3)
        base = nfds | ((kinds[0] if kinds else 0) << 2) | (REC_TWIN if self.twin else 0)
        extra = 0
        if self.to_client:
            flags = int.from_bytes(msg[8:12], self.order)
            extra = REC_PATCH_ID if (flags & 0xF) == TYPE_REPLY else REC_UNSOLICITED
        if len(msg) <= REC_MAX:
            fix = REC_FIX_SIZE if self.to_client else 0
            self.records.append(bytes([base | extra | fix]) + len(msg).to_bytes(2, "little") + msg)
            return
        for at in range(0, len(msg), REC_MAX):
            piece = msg[at:at + REC_MAX]
            ctl = base if at == 0 else (base & REC_TWIN)
            if self.to_client:
                ctl |= extra if at == 0 else (extra & REC_UNSOLICITED)
            self.records.append(bytes([ctl]) + len(piece).to_bytes(2, "little") + piece)


class Mirror:
    """A DMA region the client mapped with a memfd. The server gets a memfd of the proxy's
    instead, kept equal to the client's: what the client writes is copied to the server's before
    each message the client sends; what the server writes reaches the client as DMA_WRITE
    commands (recorded, so that a replay of the session has the memory the real one had)."""

    BLOCK = 256

    def __init__(self, client_fd, iova, offset, size):
        self.iova, self.offset, self.size = iova, offset, size
        self.client = mmap.mmap(client_fd, size)
        self.server_fd = os.memfd_create("iowire-record-dma", os.MFD_CLOEXEC)
        os.ftruncate(self.server_fd, size)
        self.server = mmap.mmap(self.server_fd, size)
        self.shadow = bytearray(self.client[:])  # as both last agreed
        self.server[:] = bytes(self.shadow)

    def changed(self, mem):
        """Ranges [a, b) where mem differs from the shadow, at block granularity."""
        ranges = []
        for a in range(0, self.size, self.BLOCK):
            b = min(a + self.BLOCK, self.size)
            if mem[a:b] != self.shadow[a:b]:
                if ranges and ranges[-1][1] == a:
                    ranges[-1][1] = b
                else:
                    ranges.append([a, b])
        return ranges

    def to_server(self):
        for a, b in self.changed(self.client):
            self.shadow[a:b] = self.server[a:b] = self.client[a:b]

    def from_server(self):
        """(address, data) of what the server wrote since the last time."""
        writes = []
        for a, b in self.changed(self.server):
            data = self.server[a:b]
            self.shadow[a:b] = data
            for at in range(a, b, DMA_CHUNK):
                writes.append((self.iova + at - self.offset, data[at - a:min(b, at + DMA_CHUNK) - a]))
        return writes


class Proxy:
    def __init__(self, srv, cli, order):
        self.order = order
        self.to_client, self.to_server = [], []
        self.s2c = Direction(srv, cli, True, False, order, self.to_client)
        self.c2s = Direction(cli, srv, False, False, order, self.to_server)
        self.dirs = [self.s2c, self.c2s]
        self.s2c_twin = None
        self.mirrors = []
        self.acks = set()  # msg_ids of our DMA_WRITEs the client has not answered yet
        self.held = []     # the server's messages, held until it has
        self.next_id = 0xF000

    def u16(self, msg, at):
        return int.from_bytes(msg[at:at + 2], self.order)

    def u32(self, msg, at):
        return int.from_bytes(msg[at:at + 4], self.order)

    def u64(self, msg, at):
        return int.from_bytes(msg[at:at + 8], self.order)

    def read(self, d):
        try:
            data, anc, _flags, _addr = d.src.recvmsg(1 << 20, socket.CMSG_SPACE(253 * 4))
        except BlockingIOError:
            return
        except ConnectionResetError:
            data, anc = b"", []
        if not data:
            d.eof = True
            return
        fds = array.array("i")
        for level, kind, blob in anc:
            if level == socket.SOL_SOCKET and kind == socket.SCM_RIGHTS:
                fds.frombytes(blob[:len(blob) - len(blob) % fds.itemsize])
        for msg, mfds in d.take(data, list(fds)):
            self.message(d, msg, mfds)

    def message(self, d, msg, fds):
        command, flags = self.u16(msg, 2), self.u32(msg, 8)
        reply = (flags & 0xF) == TYPE_REPLY
        if d.to_client:
            if self.acks or self.held:
                self.held.append((d, msg, fds))
                return
            if self.sync_to_client():
                self.held.append((d, msg, fds))
                return
        else:
            if reply and command == CMD_DMA_WRITE and self.u16(msg, 0) in self.acks:
                # the client's answer to our DMA_WRITE: not the server's business
                self.acks.discard(self.u16(msg, 0))
                for fd in fds:
                    os.close(fd)
                if not self.acks:
                    held, self.held = self.held, []
                    for item in held:
                        self.message(*item)
                return
            for m in self.mirrors:
                m.to_server()
        self.deliver(d, msg, fds, command, reply)

    def sync_to_client(self):
        """DMA_WRITEs of what the server wrote into mirrored memory; True if any was sent."""
        for m in self.mirrors:
            for address, data in m.from_server():
                msg_id, self.next_id = self.next_id, self.next_id + 1
                payload = address.to_bytes(8, self.order) + len(data).to_bytes(8, self.order) + data
                msg = (msg_id.to_bytes(2, self.order) + CMD_DMA_WRITE.to_bytes(2, self.order)
                       + (HDR + len(payload)).to_bytes(4, self.order) + bytes(8) + payload)
                self.acks.add(msg_id)
                self.deliver(self.s2c_twin or self.s2c, msg, [], CMD_DMA_WRITE, False)
        return bool(self.acks)

    def deliver(self, d, msg, fds, command, reply):
        """Records msg and sends it on, with fds (the twin socket and DMA memfds replaced)."""
        kinds = [kind_of(fd) for fd in fds]
        send = []
        for fd, k in zip(fds, kinds):
            if k == KIND_SOCKET and d.to_client and not d.twin and self.s2c_twin is None:
                # the twin socket: the client gets one end of a pair of ours
                ours, theirs = socket.socketpair()
                srv_twin = socket.socket(fileno=fd)
                for sk in (srv_twin, ours):
                    sk.setblocking(False)
                self.s2c_twin = Direction(srv_twin, ours, True, True, self.order, self.to_client)
                self.dirs += [self.s2c_twin, Direction(ours, srv_twin, False, True, self.order, self.to_server)]
                send.append(theirs.detach())
            elif k == KIND_MEMFD and not d.to_client and command == CMD_DMA_MAP and not reply:
                m = Mirror(fd, self.u64(msg, HDR + 16), self.u64(msg, HDR + 8), self.u64(msg, HDR + 24))
                os.close(fd)
                self.mirrors.append(m)
                send.append(m.server_fd)
            else:
                send.append(fd)
        d.emit(msg, kinds)
        d.out.append([msg, send])

    def flush(self, d):
        while d.out:
            data, fds = d.out[0]
            try:
                anc = [(socket.SOL_SOCKET, socket.SCM_RIGHTS, array.array("i", fds))] if fds else []
                n = d.dst.sendmsg([data], anc)
            except BlockingIOError:
                return
            except (BrokenPipeError, ConnectionResetError):
                n = len(data)
            for fd in fds:
                os.close(fd)
            if n < len(data):
                d.out[0] = [data[n:], []]
                return
            d.out.pop(0)
        if d.eof and not d.shut:
            d.shut = True
            try:
                d.dst.shutdown(socket.SHUT_WR)
            except OSError:
                pass

    def step(self, timeout_ms):
        p = select.poll()
        by_fd = {}
        for d in self.dirs:
            if not d.eof:
                p.register(d.src.fileno(), select.POLLIN)
                by_fd.setdefault(d.src.fileno(), []).append(d)
        for fd, _events in p.poll(timeout_ms):
            for d in by_fd.get(fd, []):
                if not d.eof:
                    self.read(d)
        for d in self.dirs:
            self.flush(d)

    def done(self):
        return all(d.eof and d.shut for d in self.dirs)


def record(server, client, sargs, cargs, timeout=60):
    order = sys.byteorder if option(cargs, "--host-order") else "little"
    srv_ours, srv_theirs = socket.socketpair()
    cli_ours, cli_theirs = socket.socketpair()
    for s in (srv_ours, cli_ours):
        s.setblocking(False)
    logs = tempfile.TemporaryFile(), tempfile.TemporaryFile()
    procs = [subprocess.Popen([server, f"--fd={srv_theirs.fileno()}"] + sargs, pass_fds=[srv_theirs.fileno()],
                              stderr=logs[0]),
             subprocess.Popen([client, f"--fd={cli_theirs.fileno()}", "--strict", "--timeout=10000"] + cargs,
                              pass_fds=[cli_theirs.fileno()], stderr=logs[1])]
    srv_theirs.close()
    cli_theirs.close()
    proxy = Proxy(srv_ours, cli_ours, order)
    deadline = time.monotonic() + timeout
    while not proxy.done() or any(p.poll() is None for p in procs):
        if time.monotonic() > deadline:
            for p in procs:
                p.kill()
            raise SystemExit(f"record.py: the session {sargs} {cargs} did not end within {timeout} s")
        proxy.step(50)
    statuses = [p.wait() for p in procs]
    if statuses != [0, 0]:
        for name, log in zip(("server", "client"), logs):
            log.seek(0)
            sys.stderr.write(f"--- {name} ---\n" + log.read().decode(errors="replace"))
        raise SystemExit(f"record.py: server exited {statuses[0]}, client {statuses[1]} ({sargs} {cargs})")
    for d in proxy.dirs:
        if d.buf or d.out:
            raise SystemExit("record.py: a stream ended inside a message")
    if proxy.held or proxy.acks:
        raise SystemExit("record.py: the session ended with a DMA_WRITE of the proxy unanswered")
    return proxy.to_client, proxy.to_server


def after_version(corpus, out, names, versions):
    """The schema-* seeds (see the module's text); returns how many. The vfu_server seed is
    [sel] [nfds] message, sel's bits 0-3 the profile index."""
    sel_of = {names[n]: server_sel(["--profile=" + n]) for n in ("0.9.2", "libvfio-user") if n in names}
    wanted = set()
    for name in sorted(os.listdir(corpus)):
        with open(os.path.join(corpus, name), "rb") as f:
            data = f.read()
        if len(data) < 2 + HDR or data[0] & 0x10 or (data[0] & 0x0F) not in sel_of:
            continue  # host-order seeds, or a profile the reference server does not serve
        sel = sel_of[data[0] & 0x0F]
        if sel not in versions:
            continue
        msg = data[2:]
        ctl = min(data[1], 3) | KIND_MEMFD << 2
        seed = bytes([sel]) + versions[sel] + bytes([ctl]) + len(msg).to_bytes(2, "little") + msg
        wanted.add("schema-" + name)
        with open(os.path.join(out, "schema-" + name), "wb") as f:
            f.write(seed)
    for stale in {n for n in os.listdir(out) if n.startswith("schema-")} - wanted:
        os.remove(os.path.join(out, stale))
    return len(wanted)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--server", required=True)
    ap.add_argument("--client", required=True)
    ap.add_argument("--header", required=True, help="the generated iowire/vfio_user.h")
    ap.add_argument("--out", required=True, help="where the corpus directories go")
    ap.add_argument("--options-dir", help="where the .options files go (default: --out)")
    ap.add_argument("--schema-seeds", help="the generated vfu_server corpus, to follow a recorded VERSION")
    args = ap.parse_args()
    names, _count = profiles(args.header)
    longest = {}
    for target in ("vfu_client_session", "vfu_server_session"):
        cdir = os.path.join(args.out, target)
        os.makedirs(cdir, exist_ok=True)
        for stale in set(os.listdir(cdir)) - {name for name, _, _ in VARIANTS}:
            if not stale.startswith("schema-"):
                os.remove(os.path.join(cdir, stale))
    versions = {}
    for name, sargs, cargs in VARIANTS:
        to_client, to_server = record(args.server, args.client, sargs, cargs)
        for target, sel, records in (("vfu_client_session", client_sel(cargs, names), to_client),
                                     ("vfu_server_session", server_sel(sargs), to_server)):
            data = bytes([sel]) + b"".join(records)
            with open(os.path.join(args.out, target, name), "wb") as f:
                f.write(data)
            longest[target] = max(longest.get(target, 0), len(data))
            print(f"{target}/{name}: {len(records)} records, {len(data)} bytes")
        if not option(sargs, "--host-order"):
            versions.setdefault(server_sel(sargs), to_server[0])
    if args.schema_seeds:
        written = after_version(args.schema_seeds, os.path.join(args.out, "vfu_server_session"), names, versions)
        print(f"vfu_server_session: {written} schema-* seeds")
    for target, size in longest.items():
        max_len = 4096
        while max_len < size:
            max_len *= 2
        os.makedirs(args.options_dir or args.out, exist_ok=True)
        with open(os.path.join(args.options_dir or args.out, f"{target}.options"), "w", encoding="utf-8") as f:
            f.write(f"[libfuzzer]\nmax_len = {max_len}\ndict = {target}.dict\n")


if __name__ == "__main__":
    main()
