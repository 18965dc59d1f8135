//===- ReservedNames.cpp - Names a model cannot have -----------*- C++ -*-===//
#include "s2s/Support/ReservedNames.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/Twine.h"

using namespace llvm;

std::string s2s::reservedNameReason(StringRef name) {
  if (name.startswith("_"))
    return "names starting with '_' are reserved for the C implementation";
  if (name.lower() == "halide" || name.lower().rfind("halide_", 0) == 0)
    return "halide_* names are the Halide runtime's";
  static const char *const kLibcPrefixes[] = {
      "argz",      "authdes",   "authdes_pk", "authnone",  "authunix",  "clnt",
      "clntraw",   "clnttcp",   "clntudp",    "clntunix",  "cnd",       "epoll",
      "memfd",     "mtx",       "posix_spawn_file_actions", "posix_spawnattr",
      "pthread",   "sem",       "svcfd",      "svcraw",    "svctcp",    "svcudp",
      "svcunix",   "svcunixfd", "thrd",       "timer",     "timerfd",   "tss",
      "xdrmem",    "xdrrec",    "xdrstdio"};
  if (name.startswith("pthread_") || llvm::is_contained(kLibcPrefixes, name))
    return "its functions (" + name.str() + "_create, " + name.str() +
           "_destroy) would be the C library's";
  // NAME.h beside a C or POSIX header of that name: a program built with
  // -I to the library would include it for the system's (<malloc.h>), and
  // NAME.h itself includes <stdint.h>.
  static const char *const kSystemHeaders[] = {
      "alloca",  "assert",   "complex", "ctype",    "dirent",   "dlfcn",   "elf",
      "errno",   "fcntl",    "features", "fenv",    "float",    "inttypes", "iso646",
      "limits",  "link",     "locale",  "malloc",   "math",     "memory",  "poll",
      "sched",   "semaphore", "setjmp", "signal",   "stdalign", "stdarg",  "stdatomic",
      "stdbool", "stddef",   "stdint",  "stdio",    "stdlib",   "stdnoreturn", "string",
      "strings", "syslog",   "termios", "tgmath",   "threads",  "time",    "uchar",
      "unistd",  "wchar",    "wctype"};
  if (llvm::is_contained(kSystemHeaders, name))
    return "its header " + name.str() + ".h would shadow the system's <" + name.str() + ".h>";
  return "";
}
