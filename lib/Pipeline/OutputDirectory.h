//===- OutputDirectory.h - A run's outputs: all of them or none -*- C++ -*-===//
///
/// Every file of a run is first made in a scratch directory and moved into
/// place only once all of them succeeded: for obj, lib and cpp beside the
/// output directory (the nearest existing ancestor, so that moving in is a
/// rename on one file system), for textual stages in the system temp dir.
/// The scratch directory goes however the run ends (a SIGINT or SIGTERM
/// included: s2s/Support/RemoveOnSignal.h).
///
//===----------------------------------------------------------------------===//
#ifndef S2S_LIB_PIPELINE_OUTPUTDIRECTORY_H
#define S2S_LIB_PIPELINE_OUTPUTDIRECTORY_H

#include "mlir/IR/Location.h"
#include "mlir/Support/LogicalResult.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallString.h"
#include <string>

namespace s2s {

/// A directory (and what it holds) removed when the run ends, however it
/// ends, unless released first.
class RemovedOnExit {
public:
  RemovedOnExit() = default;
  RemovedOnExit(const RemovedOnExit &) = delete;
  ~RemovedOnExit();
  void set(std::string dir);
  void release();
  const std::string &path() const { return dir; }

private:
  std::string dir;
};

class OutputDirectory {
public:
  /// Makes the scratch directory for a run writing to `output` (a
  /// directory when `toDirectory`, else a file or "-"). Refuses an output
  /// directory whose nearest existing ancestor is not a directory, or that
  /// is a symbolic link to nowhere.
  mlir::LogicalResult create(mlir::Location loc, llvm::StringRef output, bool toDirectory);

  /// `file` in the scratch directory.
  std::string scratchPath(llvm::StringRef file) const;

  /// Moves `results` (files in the scratch directory) into the output
  /// directory, creating it: all of them, or none and no directory made.
  mlir::LogicalResult publish(mlir::Location loc, llvm::ArrayRef<std::string> results);

private:
  std::string outDir;
  llvm::SmallString<128> absoluteOut, existing;
  RemovedOnExit scratch;
};

} // namespace s2s

#endif // S2S_LIB_PIPELINE_OUTPUTDIRECTORY_H
