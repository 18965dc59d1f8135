//===- RemoveOnSignal.h - Directories removed if s2sc is killed -*- C++ -*-===//
///
/// A build writes into a scratch directory (and may create the output
/// directory) and moves results in only when everything succeeded. If
/// SIGINT or SIGTERM arrives in between, the handler installed here (in
/// place of LLVM's, whose file removal it runs) removes every registered
/// directory with async-signal-safe calls only (a handler that took a lock
/// malloc held would hang), before the signal ends the process.
///
/// The signal may be handled by any thread (MLIR and Halide run thread
/// pools), so the steps that must not be cut in half (creating and
/// registering a scratch directory, moving the finished outputs in place)
/// hold a DeferInterrupts: the signal waits until they are done.
///
//===----------------------------------------------------------------------===//
#ifndef S2S_SUPPORT_REMOVEONSIGNAL_H
#define S2S_SUPPORT_REMOVEONSIGNAL_H

#include "llvm/ADT/StringRef.h"

#include <csignal>

namespace s2s {

/// Registers `dir` for removal (with its files, two levels deep) on SIGINT or
/// SIGTERM; at most kMaxRemovedOnSignal at once, later ones are ignored.
void removeDirectoryOnSignal(llvm::StringRef dir);
/// Takes `dir` off the list (it was removed, or is to be kept).
void dontRemoveDirectoryOnSignal(llvm::StringRef dir);

constexpr int kMaxRemovedOnSignal = 4;

/// While one exists, SIGINT and SIGTERM wait: they are blocked in this
/// thread, and a handler running in another thread waits for the last one
/// to end before it removes anything.
class DeferInterrupts {
public:
  DeferInterrupts();
  ~DeferInterrupts();
  DeferInterrupts(const DeferInterrupts &) = delete;
  DeferInterrupts &operator=(const DeferInterrupts &) = delete;

private:
  sigset_t saved;
};

} // namespace s2s

#endif // S2S_SUPPORT_REMOVEONSIGNAL_H
