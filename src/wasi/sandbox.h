/*
 * sandbox.h - resolving guest paths beneath a directory descriptor.
 *
 * Every guest path is resolved relative to a host directory descriptor (the
 * "root" of that resolution) and must never name anything outside it. The
 * rules, identical for both implementations below:
 *   - an absolute path, a ".." that would climb above the root, and a
 *     symbolic link whose target is absolute or climbs above the root all
 *     fail with EXDEV (the caller reports ENOTCAPABLE);
 *   - more than SB_MAX_SYMLINKS symbolic link expansions fail with ELOOP;
 *   - ".." is physical: after following "a -> x/y", "a/.." is "x";
 *   - a trailing slash requires a directory and follows a final symlink.
 *
 * Two implementations:
 *   - openat2(2) with RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS: the kernel
 *     does the walk atomically (and refuses /proc magic links);
 *   - a walk in user space, one component at a time with
 *     openat(O_PATH | O_NOFOLLOW | O_DIRECTORY), reading and expanding
 *     symlinks ourselves, keeping the stack of directories we passed so that
 *     ".." pops instead of asking the kernel. Because each step is relative
 *     to a descriptor we hold and never follows a link by itself, a rename
 *     racing with the walk cannot make it leave the root.
 * sb_probe_openat2() tells which one the running kernel supports.
 *
 * Results are host-style: a descriptor >= 0 or -errno. This module knows
 * nothing of WASI or guest memory, so it can be tested on its own.
 */
#ifndef HUSK_WASI_SANDBOX_H
#define HUSK_WASI_SANDBOX_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#define SB_MAX_SYMLINKS 40
/* Longest path accepted from a guest, and longest symlink target followed. */
#define SB_PATH_MAX 4096

typedef struct sb_resolver {
  bool use_openat2;   /* set from sb_probe_openat2(), or forced for tests */
} sb_resolver;

/* True when openat2(2) with RESOLVE_BENEATH works on this kernel (it may be
 * missing, or blocked by a seccomp filter). */
bool sb_probe_openat2(void);

/* Opens path beneath rootfd with open(2) flags (O_CLOEXEC is added; O_CREAT
 * uses mode). A final symlink is followed only when follow is true (else
 * the open fails with ELOOP, or with O_PATH returns the link itself).
 * Returns a descriptor or -errno; -EXDEV means the path would escape. */
int sb_open(const sb_resolver *r, int rootfd, const char *path, int flags,
            mode_t mode, bool follow);

/* Splits path into its parent directory, resolved beneath rootfd (following
 * symlinks on the way), and its last component, for the calls that act on
 * a name inside a directory (mkdirat, unlinkat, renameat, linkat, symlinkat,
 * readlinkat, fstatat with AT_SYMLINK_NOFOLLOW, utimensat).
 *
 * On success returns 0, *parent is a directory descriptor that the caller
 * releases with sb_release_parent(rootfd, *parent), name holds the last
 * component (never empty, never containing '/'), and *trailing_slash tells
 * whether the path ended in '/'. When the last component is "." or "..",
 * the whole path is resolved as a directory (with the escape check) and
 * name is "." in it, so the kernel never sees a ".." it could climb with.
 * Returns -errno on failure. */
int sb_parent(const sb_resolver *r, int rootfd, const char *path,
              int *parent, char *name, size_t name_size,
              bool *trailing_slash);
void sb_release_parent(int rootfd, int parent);

#endif
