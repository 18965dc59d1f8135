//===- RemoveOnSignal.h - Directories removed if s2sc is killed -*- C++ -*-===//
///
/// A build writes into a scratch directory (and may create the output
/// directory) and moves results in only when everything succeeded. If
/// SIGINT or SIGTERM arrives in between, LLVM's signal handler calls the
/// interrupt function installed here, which removes every registered
/// directory with async-signal-safe calls only (a handler that took a lock
/// malloc held would hang), before the signal ends the process.
///
//===----------------------------------------------------------------------===//
#ifndef S2S_SUPPORT_REMOVEONSIGNAL_H
#define S2S_SUPPORT_REMOVEONSIGNAL_H

#include "llvm/ADT/StringRef.h"

namespace s2s {

/// Registers `dir` for removal (with its files, two levels deep) on SIGINT or
/// SIGTERM; at most kMaxRemovedOnSignal at once, later ones are ignored.
void removeDirectoryOnSignal(llvm::StringRef dir);
/// Takes `dir` off the list (it was removed, or is to be kept).
void dontRemoveDirectoryOnSignal(llvm::StringRef dir);

constexpr int kMaxRemovedOnSignal = 4;

} // namespace s2s

#endif // S2S_SUPPORT_REMOVEONSIGNAL_H
