//===- RemoveOnSignal.cpp - Directories removed if s2sc is killed ---------===//
#include "s2s/Support/RemoveOnSignal.h"

#include "llvm/Support/Signals.h"

#include <atomic>
#include <cstring>
#include <fcntl.h>
#include <mutex>
#include <signal.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace {

constexpr size_t kMaxPath = 4096;

/// Slots the handler reads: `used` is set only once `path` is complete.
struct Slot {
  std::atomic<bool> used{false};
  char path[kMaxPath];
};
Slot slots[s2s::kMaxRemovedOnSignal];
std::mutex registry; // registration only; the handler takes no lock

/// Removes the entries of directory `fd` (`depth` levels of subdirectories)
/// with getdents64, unlinkat and close: all async-signal-safe.
void removeEntries(int fd, int depth) {
  alignas(8) char buffer[4096];
  for (;;) {
    long n = syscall(SYS_getdents64, fd, buffer, sizeof(buffer));
    if (n <= 0)
      return;
    for (long at = 0; at < n;) {
      struct Entry {
        unsigned long long ino;
        long long off;
        unsigned short reclen;
        unsigned char type;
        char name[1];
      };
      const Entry *e = reinterpret_cast<const Entry *>(buffer + at);
      at += e->reclen;
      if (!std::strcmp(e->name, ".") || !std::strcmp(e->name, ".."))
        continue;
      if (unlinkat(fd, e->name, 0) == 0 || depth == 0)
        continue;
      int sub = openat(fd, e->name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW);
      if (sub >= 0) {
        removeEntries(sub, depth - 1);
        close(sub);
        unlinkat(fd, e->name, AT_REMOVEDIR);
      }
    }
  }
}

/// The signal being handled: LLVM's interrupt function is not told.
volatile sig_atomic_t lastSignal = 0;
struct sigaction llvmAction[2];
const int kSignals[2] = {SIGINT, SIGTERM};

/// Runs before LLVM's handler (which removes its files, then calls
/// onInterrupt) only to note which signal it is.
void noteSignal(int sig, siginfo_t *info, void *context) {
  lastSignal = sig;
  const struct sigaction &next = llvmAction[sig == SIGINT ? 0 : 1];
  if (next.sa_flags & SA_SIGINFO)
    next.sa_sigaction(sig, info, context);
  else if (next.sa_handler != SIG_IGN && next.sa_handler != SIG_DFL)
    next.sa_handler(sig);
}

void onInterrupt() {
  for (Slot &slot : slots) {
    if (!slot.used.load())
      continue;
    int fd = open(slot.path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW);
    if (fd < 0)
      continue;
    removeEntries(fd, 2);
    close(fd);
    rmdir(slot.path);
  }
  // LLVM has put the default actions back: the signal ends the process as
  // it would have without us.
  int sig = lastSignal ? int(lastSignal) : SIGTERM;
  signal(sig, SIG_DFL);
  raise(sig);
}

} // namespace

void s2s::removeDirectoryOnSignal(llvm::StringRef dir) {
  static std::once_flag installed;
  std::call_once(installed, [] {
    llvm::sys::SetInterruptFunction(onInterrupt); // installs LLVM's handlers
    for (int i = 0; i < 2; ++i) {
      struct sigaction note = {};
      note.sa_sigaction = noteSignal;
      note.sa_flags = SA_SIGINFO;
      sigemptyset(&note.sa_mask);
      sigaction(kSignals[i], &note, &llvmAction[i]);
    }
  });
  if (dir.empty() || dir.size() >= kMaxPath)
    return;
  std::lock_guard<std::mutex> lock(registry);
  for (Slot &slot : slots)
    if (!slot.used.load()) {
      std::memcpy(slot.path, dir.data(), dir.size());
      slot.path[dir.size()] = 0;
      slot.used.store(true);
      return;
    }
}

void s2s::dontRemoveDirectoryOnSignal(llvm::StringRef dir) {
  std::lock_guard<std::mutex> lock(registry);
  for (Slot &slot : slots)
    if (slot.used.load() && dir == slot.path)
      slot.used.store(false);
}
