//===- RemoveOnSignal.cpp - Directories removed if s2sc is killed ---------===//
#include "s2s/Support/RemoveOnSignal.h"

#include "llvm/Support/Signals.h"

#include <atomic>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <mutex>
#include <pthread.h>
#include <sched.h>
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

/// Live DeferInterrupts objects, in any thread.
std::atomic<int> deferring{0};

void removeRegistered() {
  for (Slot &slot : slots) {
    if (!slot.used.load())
      continue;
    int fd = open(slot.path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW);
    if (fd < 0)
      continue;
    // Another thread may still be writing into it: empty it until it goes.
    for (int attempt = 0; attempt < 1000; ++attempt) {
      removeEntries(fd, 2);
      if (rmdir(slot.path) == 0 || errno != ENOTEMPTY)
        break;
      lseek(fd, 0, SEEK_SET);
    }
    close(fd);
  }
}

/// SIGINT and SIGTERM, in place of LLVM's handler (whose work it does).
/// The signal often comes twice at once (timeout(1) sends it to the process
/// and to its group) and any thread may take each: only the first one
/// cleans up, and the others wait for it to end the process. LLVM's own
/// handler would let the second one kill the process by the default action
/// while the first was still removing files.
void onSignal(int sig) {
  static std::atomic<bool> handling{false};
  if (handling.exchange(true))
    for (;;)
      pause();
  // Not in a thread that defers (it blocks the signals): wait for them.
  while (deferring.load() > 0)
    sched_yield();
  llvm::sys::RunInterruptHandlers(); // the files LLVM was told to remove
  removeRegistered();
  // End the process as the signal would have without us.
  signal(sig, SIG_DFL);
  sigset_t self;
  sigemptyset(&self);
  sigaddset(&self, sig);
  pthread_sigmask(SIG_UNBLOCK, &self, nullptr);
  raise(sig);
}

} // namespace

void s2s::removeDirectoryOnSignal(llvm::StringRef dir) {
  static std::once_flag installed;
  std::call_once(installed, [] {
    // LLVM's handlers first (for every signal), so that none of LLVM's later
    // calls installs them again over ours.
    llvm::sys::SetInterruptFunction(nullptr);
    struct sigaction action = {};
    action.sa_handler = onSignal;
    sigemptyset(&action.sa_mask);
    for (int sig : {SIGINT, SIGTERM})
      sigaddset(&action.sa_mask, sig);
    for (int sig : {SIGINT, SIGTERM})
      sigaction(sig, &action, nullptr);
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

s2s::DeferInterrupts::DeferInterrupts() {
  sigset_t block;
  sigemptyset(&block);
  sigaddset(&block, SIGINT);
  sigaddset(&block, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &block, &saved);
  deferring.fetch_add(1);
}

s2s::DeferInterrupts::~DeferInterrupts() {
  deferring.fetch_sub(1);
  // A signal that came meanwhile to this thread is handled now.
  pthread_sigmask(SIG_SETMASK, &saved, nullptr);
}
