// Debian trixie's swiftlang 6.0.3 ships a libswiftObservation.so that references
// `swift::threading::fatal(const char *, ...)`, which none of its libraries defines, so any
// program using Observation fails to link on that toolchain. This defines it (same behaviour:
// print and abort). Linux only; Apple platforms and swift.org toolchains never build this target.
#if defined(__linux__)
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

__attribute__((noreturn, used)) void wealth_swift_threading_fatal(const char *format, ...)
    __asm__("_ZN5swift9threading5fatalEPKcz");

void wealth_swift_threading_fatal(const char *format, ...) {
    va_list args;
    va_start(args, format);
    vfprintf(stderr, format, args);
    va_end(args);
    abort();
}
#endif
