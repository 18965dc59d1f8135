//===- InputFile.cpp - Reading untrusted input files -----------*- C++ -*-===//
#include "s2s/Support/InputFile.h"

#include "llvm/Support/FileSystem.h"

using namespace llvm;

namespace {
Error fileError(StringRef path, const Twine &msg) {
  return createStringError(inconvertibleErrorCode(), (path + ": " + msg).str());
}
} // namespace

Expected<std::unique_ptr<MemoryBuffer>> s2s::readInputFile(StringRef path, uint64_t maxBytes,
                                                           bool text) {
  if (path == "-") {
    ErrorOr<std::unique_ptr<MemoryBuffer>> in = MemoryBuffer::getSTDIN();
    if (!in)
      return fileError("<stdin>", "cannot read: " + in.getError().message());
    if ((*in)->getBufferSize() > maxBytes)
      return fileError("<stdin>", "more than the limit of " + Twine(maxBytes) + " bytes");
    return std::move(*in);
  }
  // stat, not open: opening a FIFO blocks until a writer comes.
  sys::fs::file_status status;
  if (std::error_code ec = sys::fs::status(path, status))
    return fileError(path, "cannot open file: " + ec.message());
  if (status.type() == sys::fs::file_type::directory_file)
    return fileError(path, "is a directory, not a file");
  if (status.type() != sys::fs::file_type::regular_file)
    return fileError(path, "not a regular file");
  if (status.getSize() > maxBytes)
    return fileError(path, Twine(status.getSize()) + " bytes, more than the limit of " +
                               Twine(maxBytes));
  ErrorOr<std::unique_ptr<MemoryBuffer>> buffer =
      MemoryBuffer::getFile(path, /*IsText=*/false, /*RequiresNullTerminator=*/text);
  if (!buffer)
    return fileError(path, "cannot open file: " + buffer.getError().message());
  return std::move(*buffer);
}
