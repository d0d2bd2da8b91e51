/* What kind of file a received fd is, for the reference implementations and the harnesses
 * that play their peers: Linux names an eventfd's /proc/self/fd link "anon_inode:[eventfd]". */
#ifndef IOW_REF_FD_KIND_H
#define IOW_REF_FD_KIND_H

#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static inline bool ref_fd_is_eventfd(int fd)
{
	char path[64], target[64];
	ssize_t n;

	snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
	n = readlink(path, target, sizeof target - 1);
	if (n < 0)
		return false;
	target[n] = '\0';
	return strcmp(target, "anon_inode:[eventfd]") == 0;
}

#endif /* IOW_REF_FD_KIND_H */
