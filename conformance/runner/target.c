/* Starting, reaching and stopping the implementation under test. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "conform.h"

/* Largest message we accept: 1 MiB of data plus room for headers. */
#define RECV_BUFFER ((1u << 20) + 4096)

long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int connect_path(const char *path)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd;

	if (strlen(path) >= sizeof sa.sun_path) {
		errno = ENAMETOOLONG;
		return -1;
	}
	strcpy(sa.sun_path, path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	if (connect(fd, (struct sockaddr *)&sa, sizeof sa) == 0)
		return fd;
	close(fd);
	return -1;
}

/* Launches `exec` through the shell (so it may carry its own arguments) with the connection
 * argument, the target's extra arguments and `extra`, in its own process group; stdout goes to
 * out_path and stderr to the log. keep_fd (or -1) becomes the child's fd 3. */
static pid_t launch(struct target *t, const char *arg, const char *extra, int keep_fd)
{
	const char *argv[16];
	unsigned n = 0;
	char log[128];
	pid_t pid;

	snprintf(log, sizeof log, "%s/log", t->tmpdir);
	snprintf(t->out_path, sizeof t->out_path, "%s/out", t->tmpdir);
	argv[n++] = "sh";
	argv[n++] = "-c";
	argv[n++] = "exec $0 \"$@\"";
	argv[n++] = t->opts->exec;
	argv[n++] = arg;
	for (unsigned i = 0; i < t->opts->nargs && n < 14; i++)
		argv[n++] = t->opts->args[i];
	if (extra)
		argv[n++] = extra;
	argv[n] = NULL;
	pid = fork();
	if (pid != 0)
		return pid;
	setpgid(0, 0);
	int out = open(t->out_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	int err = open(log, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);

	if (out >= 0)
		dup2(out, 1);
	if (err >= 0)
		dup2(err, 2);
	if (keep_fd >= 0 && dup2(keep_fd, 3) < 0)
		_exit(127);
	execv("/bin/sh", (char *const *)argv);
	_exit(127);
}

static int listen_path(const char *path)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd;

	if (strlen(path) >= sizeof sa.sun_path) {
		errno = ENAMETOOLONG;
		return -1;
	}
	strcpy(sa.sun_path, path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	if (bind(fd, (struct sockaddr *)&sa, sizeof sa) == 0 && listen(fd, 4) == 0)
		return fd;
	close(fd);
	return -1;
}

int target_accept(struct target *t, unsigned timeout_ms)
{
	long long deadline = now_ms() + timeout_ms;

	if (!t->listening)
		return -1;
	for (;;) {
		long long left = deadline - now_ms();
		struct pollfd p = { t->lfd, POLLIN, 0 };

		if (left <= 0 || poll(&p, 1, (int)(left < 50 ? left : 50)) < 0)
			return -1;
		if (p.revents & POLLIN)
			return accept4(t->lfd, NULL, NULL, SOCK_CLOEXEC);
		/* a launched client that has exited will not come back */
		if (t->pid > 0 && waitpid(t->pid, &t->status, WNOHANG) == t->pid) {
			t->pid = 0;
			t->exited = true;
			return -1;
		}
	}
}

/* vfio-user-client: the runner is the server. It listens at a socket path in the temporary
 * directory, launches the client with --socket-path=PATH and waits for it to connect; the
 * listening socket stays open for the cases that let the client reconnect. */
static int start_client(struct target *t, const char *extra)
{
	char arg[160];

	snprintf(t->sock_path, sizeof t->sock_path, "%s/sock", t->tmpdir);
	t->lfd = listen_path(t->sock_path);
	if (t->lfd < 0) {
		fprintf(stderr, "iowire-conform: cannot listen on %s: %s\n", t->sock_path, strerror(errno));
		return -1;
	}
	t->listening = true;
	snprintf(arg, sizeof arg, "--socket-path=%s", t->sock_path);
	t->pid = launch(t, arg, extra, -1);
	if (t->pid < 0)
		return -1;
	t->fd = target_accept(t, t->opts->timeout_ms);
	if (t->fd >= 0)
		return 0;
	if (t->exited)
		fprintf(stderr, "iowire-conform: the client exited before connecting (see %s/log)\n", t->tmpdir);
	else
		fprintf(stderr, "iowire-conform: no client connected to %s within %u ms\n", t->sock_path,
			t->opts->timeout_ms);
	return -1;
}

static int start_launched(struct target *t, const char *extra)
{
	char arg[160];
	long long deadline = now_ms() + t->opts->timeout_ms;

	if (t->opts->use_fd) {
		int sv[2];

		if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv))
			return -1;
		snprintf(arg, sizeof arg, "--fd=3");
		t->pid = launch(t, arg, extra, sv[1]);
		close(sv[1]);
		t->fd = sv[0];
		return t->pid > 0 ? 0 : -1;
	}
	if (t->opts->kind == TK_VFU_CLIENT)
		return start_client(t, extra);
	snprintf(t->sock_path, sizeof t->sock_path, "%s/sock", t->tmpdir);
	snprintf(arg, sizeof arg, "--socket-path=%s", t->sock_path);
	t->pid = launch(t, arg, extra, -1);
	if (t->pid < 0)
		return -1;
	while (now_ms() < deadline) {
		int status;

		t->fd = connect_path(t->sock_path);
		if (t->fd >= 0)
			return 0;
		if (waitpid(t->pid, &status, WNOHANG) == t->pid) {
			fprintf(stderr, "iowire-conform: the implementation exited before accepting (see %s/log)\n",
				t->tmpdir);
			t->pid = 0;
			return -1;
		}
		usleep(5000);
	}
	fprintf(stderr, "iowire-conform: no connection on %s within %u ms\n", t->sock_path, t->opts->timeout_ms);
	return -1;
}

int target_start(struct target *t, const struct target_opts *o)
{
	return target_start_with(t, o, NULL);
}

int target_start_with(struct target *t, const struct target_opts *o, const char *extra)
{
	uint8_t *keep = t->rbuf;

	memset(t, 0, sizeof *t);
	t->opts = o;
	t->fd = -1;
	t->rbuf = keep ? keep : malloc(RECV_BUFFER);
	t->rcap = RECV_BUFFER;
	t->next_id = 1;
	if (!t->rbuf)
		return -1;
	if (o->exec) {
		snprintf(t->tmpdir, sizeof t->tmpdir, "/tmp/iowire-conform-XXXXXX");
		if (!mkdtemp(t->tmpdir))
			return -1;
		if (start_launched(t, extra))
			return -1;
	} else if (o->kind == TK_VFU_CLIENT) {
		fprintf(stderr, "iowire-conform: a vfio-user client is launched with --exec (it connects to the runner)\n");
		return -1;
	} else {
		long long deadline = now_ms() + o->timeout_ms;

		while ((t->fd = connect_path(o->socket_path)) < 0 && now_ms() < deadline)
			usleep(5000);
		if (t->fd < 0) {
			fprintf(stderr, "iowire-conform: cannot connect to %s: %s\n", o->socket_path, strerror(errno));
			return -1;
		}
	}
	fcntl(t->fd, F_SETFL, fcntl(t->fd, F_GETFL) | O_NONBLOCK);
	iow_conn_init(&t->conn, t->fd, t->rbuf, t->rcap, o->frame ? o->frame : iow_vfu_frame,
		      o->cfg.order == IOW_ORDER_HOST ? (void *)1 : NULL);
	return 0;
}

void target_stop(struct target *t)
{
	char path[128];

	iow_conn_release(&t->conn);
	if (t->fd >= 0)
		close(t->fd);
	t->fd = -1;
	if (t->listening)
		close(t->lfd);
	t->listening = false;
	if (t->pid > 0) {
		int status;
		long long deadline = now_ms() + 2000;

		kill(-t->pid, SIGTERM);
		while (waitpid(t->pid, &status, WNOHANG) == 0 && now_ms() < deadline)
			usleep(2000);
		if (now_ms() >= deadline) {
			kill(-t->pid, SIGKILL);
			waitpid(t->pid, &status, 0);
		}
		t->pid = 0;
	}
	if (t->tmpdir[0]) {
		if (t->sock_path[0])
			unlink(t->sock_path);
		snprintf(path, sizeof path, "%s/log", t->tmpdir);
		unlink(path);
		unlink(t->out_path);
		snprintf(path, sizeof path, "%s/script", t->tmpdir);
		unlink(path);
		rmdir(t->tmpdir);
		t->tmpdir[0] = '\0';
	}
}

int target_wait(struct target *t, unsigned timeout_ms)
{
	long long deadline = now_ms() + timeout_ms;
	int status;

	if (t->pid <= 0 && t->exited) /* already reaped */
		return WIFEXITED(t->status) ? WEXITSTATUS(t->status) : 128 + WTERMSIG(t->status);
	if (t->pid <= 0)
		return -1;
	while (now_ms() < deadline) {
		if (waitpid(t->pid, &status, WNOHANG) == t->pid) {
			t->pid = 0;
			t->exited = true;
			t->status = status;
			return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
		}
		usleep(2000);
	}
	return -1;
}

int target_restart(struct target *t)
{
	const struct target_opts *o = t->opts;

	target_stop(t);
	return target_start(t, o);
}
