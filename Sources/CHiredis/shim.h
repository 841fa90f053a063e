#ifndef TASKBRIDGE_CHIREDIS_SHIM_H
#define TASKBRIDGE_CHIREDIS_SHIM_H
// hiredis' pkg-config file carries -D_FILE_OFFSET_BITS=64, which SwiftPM rejects; the header is found under
// /usr/include without it, so this target names no pkgConfig. redisCommand is variadic: use redisCommandArgv.
#include <hiredis/hiredis.h>
#endif
