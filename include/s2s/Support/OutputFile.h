//===- OutputFile.h - Checked writes ----------------------------*- C++ -*-===//
///
/// LLVM's raw_fd_ostream reports a failed write (a full disk, /dev/full) by
/// aborting the process in its destructor unless the error was looked at.
/// Every file s2sc writes is closed through here instead.
///
//===----------------------------------------------------------------------===//
#ifndef S2S_SUPPORT_OUTPUTFILE_H
#define S2S_SUPPORT_OUTPUTFILE_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/raw_ostream.h"

namespace s2s {

/// Flushes and closes `os` (standard output is only flushed); a write that
/// failed becomes "cannot write 'PATH': reason" and is cleared, so the
/// stream's destructor does not abort. The caller deletes the partial file.
inline llvm::Error closeChecked(llvm::raw_fd_ostream &os, llvm::StringRef path) {
  if (path == "-")
    os.flush();
  else
    os.close();
  if (!os.has_error())
    return llvm::Error::success();
  std::error_code ec = os.error();
  os.clear_error();
  std::string what = path == "-" ? "standard output" : "'" + path.str() + "'";
  return llvm::createStringError(ec, "cannot write %s: %s", what.c_str(), ec.message().c_str());
}

} // namespace s2s

#endif // S2S_SUPPORT_OUTPUTFILE_H
