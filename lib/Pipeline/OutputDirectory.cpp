//===- OutputDirectory.cpp - A run's outputs: all of them or none -*- C++ -*-===//
#include "OutputDirectory.h"
#include "s2s/Support/RemoveOnSignal.h"

#include "mlir/IR/Diagnostics.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

using namespace mlir;
using namespace s2s;

RemovedOnExit::~RemovedOnExit() {
  if (dir.empty())
    return;
  llvm::sys::fs::remove_directories(dir);
  dontRemoveDirectoryOnSignal(dir);
}

void RemovedOnExit::set(std::string path) {
  dir = std::move(path);
  removeDirectoryOnSignal(dir);
}

void RemovedOnExit::release() {
  dontRemoveDirectoryOnSignal(dir);
  dir.clear();
}

LogicalResult OutputDirectory::create(Location loc, StringRef output, bool toDirectory) {
  outDir = output == "-" ? "." : output.str();
  absoluteOut = outDir;
  llvm::sys::fs::make_absolute(absoluteOut);
  existing = absoluteOut;
  while (!existing.empty() && !llvm::sys::fs::exists(existing))
    existing = llvm::sys::path::parent_path(existing).str(); // a copy: it aliases existing
  if (toDirectory && !llvm::sys::fs::is_directory(existing))
    return emitError(loc) << "cannot create output directory '" << outDir << "': "
                          << std::make_error_code(std::errc::not_a_directory).message();
  // A symbolic link to nowhere looks absent; creating the directory would
  // fail, and cleaning up after it would delete the caller's link.
  llvm::sys::fs::file_status linkStatus;
  if (toDirectory && !llvm::sys::fs::exists(outDir) &&
      !llvm::sys::fs::status(outDir, linkStatus, /*follow=*/false) &&
      linkStatus.type() == llvm::sys::fs::file_type::symlink_file)
    return emitError(loc) << "cannot create output directory '" << outDir
                          << "': it is a symbolic link to a path that does not exist";
  llvm::SmallString<128> model("s2sc");
  if (toDirectory) {
    model = existing; // absolute: a relative model would land in the temp dir
    llvm::sys::path::append(model, ".s2sc-scratch");
  }
  // Made and registered for removal as one step (a signal in between would
  // leave it).
  DeferInterrupts defer;
  llvm::SmallString<128> unique;
  if (std::error_code ec = llvm::sys::fs::createUniqueDirectory(model, unique))
    return emitError(loc) << "cannot create a scratch directory in '"
                          << (toDirectory ? StringRef(outDir) : StringRef("the temp dir"))
                          << "': " << ec.message();
  scratch.set(unique.str().str());
  return success();
}

std::string OutputDirectory::scratchPath(StringRef file) const {
  llvm::SmallString<128> path(scratch.path());
  llvm::sys::path::append(path, file);
  return path.str().str();
}

LogicalResult OutputDirectory::publish(Location loc, ArrayRef<std::string> results) {
  // All results or none: a signal waits until they are in place.
  DeferInterrupts defer;
  // If moving a result in fails, the results already moved and the
  // directories made are removed again.
  RemovedOnExit createdOutDir;
  if (!llvm::sys::fs::exists(outDir)) {
    llvm::SmallString<128> created(absoluteOut);
    while (!created.empty() && llvm::sys::path::parent_path(created) != existing)
      created = llvm::sys::path::parent_path(created).str(); // a copy: it aliases created
    if (std::error_code ec = llvm::sys::fs::create_directories(outDir))
      return emitError(loc) << "cannot create output directory '" << outDir
                            << "': " << ec.message();
    createdOutDir.set(created.str().str());
  }
  llvm::SmallVector<std::string> moved;
  for (const std::string &from : results) {
    llvm::SmallString<128> to(outDir);
    llvm::sys::path::append(to, llvm::sys::path::filename(from));
    if (std::error_code ec = llvm::sys::fs::rename(from, to)) {
      for (const std::string &done : moved)
        llvm::sys::fs::remove(done);
      return emitError(loc) << "cannot write '" << to << "': " << ec.message();
    }
    moved.push_back(to.str().str());
  }
  createdOutDir.release(); // success: keep it
  return success();
}
