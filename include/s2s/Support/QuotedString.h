//===- QuotedString.h - A string as a double-quoted literal -----*- C++ -*-===//
///
/// `"` and `\` escaped, nothing else: what a C/C++ string literal and a
/// double-quoted YAML scalar both read back as the same text (the generated
/// C++ package's messages and metadata, the spec printer's scalars).
///
//===----------------------------------------------------------------------===//
#ifndef S2S_SUPPORT_QUOTEDSTRING_H
#define S2S_SUPPORT_QUOTEDSTRING_H

#include "llvm/ADT/StringRef.h"

#include <string>

namespace s2s {

inline std::string quotedString(llvm::StringRef text) {
  std::string quoted = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\')
      quoted += '\\';
    quoted += c;
  }
  return quoted + "\"";
}

} // namespace s2s

#endif // S2S_SUPPORT_QUOTEDSTRING_H
